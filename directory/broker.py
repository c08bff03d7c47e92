"""Publishing Celery messages after commit without ever turning a committed change into an error page.

The row that says what is to be done (an outgoing e-mail, a queued document job) is written in the
caller's transaction; the message only says "look at it now". When the broker is down the message
is lost, nothing else: the periodic sweeps (``CELERY_BEAT_SCHEDULE``) find the row and do the work.
"""

import logging

from celery import Task, current_app
from django.db import transaction

logger = logging.getLogger(__name__)


def publish(task: Task | str, **kwargs) -> bool:
    """Send ``task(**kwargs)`` (a task, or a task's name) to the broker now. False (and a warning in the
    log) when it cannot be sent.

    No publishing retries: the page does not wait for a broker that is down, and a sweep will do it.
    Eager mode (tests, ``CELERY_TASK_ALWAYS_EAGER``) runs the task here and lets its errors through.
    """
    name = task if isinstance(task, str) else task.name
    message = current_app.signature(name, kwargs=kwargs)
    if current_app.conf.task_always_eager:
        message.apply_async()
        return True
    try:
        message.apply_async(retry=False)
    except Exception:  # whatever the transport raises (refused, timed out, authentication): never the page's error
        logger.warning("Broker unavailable: %s(%s) left to the sweep", name, kwargs, exc_info=True)
        return False
    return True


def publish_on_commit(task: Task | str, **kwargs) -> None:
    """``publish`` once the caller's transaction has committed (at once outside a transaction)."""
    transaction.on_commit(lambda: publish(task, **kwargs))
