"""Publishing Celery messages after commit without ever turning a committed change into an error page.

The row that says what is to be done (an outgoing e-mail, a queued document job) is written in the
caller's transaction; the message only says "look at it now". When the broker is down the message
is lost, nothing else: the periodic sweeps (``CELERY_BEAT_SCHEDULE``) find the row and do the work.

A broker that drops packets (a host gone, a firewall) costs a publish its timeouts
(settings.CELERY_BROKER_TRANSPORT_OPTIONS, some 2.5 s). After a failure this process publishes
nothing, and asks the broker's Redis nothing (the outbox's drain flag, directory/outbox.py), for
``PAUSE_AFTER_FAILURE``: one request of an outage waits, not every one, and the rows not announced
meanwhile are the sweeps' like any other lost message.
"""

import logging
import time

from celery import Task, current_app
from django.db import transaction

logger = logging.getLogger(__name__)

PAUSE_AFTER_FAILURE = 1.0  # seconds without a message (or a flag) to a broker that just failed

# Broker URL -> time.monotonic() before which this process sends it nothing.
_paused_until: dict[str, float] = {}


def _url() -> str:
    return str(current_app.conf.broker_url or "")


def paused() -> bool:
    """Whether the broker failed this process a moment ago (see ``PAUSE_AFTER_FAILURE``)."""
    if not _paused_until:
        return False
    until = _paused_until.get(_url())
    return until is not None and time.monotonic() < until


def pause() -> None:
    """The broker failed (refused, timed out): nothing is sent to it for ``PAUSE_AFTER_FAILURE``."""
    _paused_until[_url()] = time.monotonic() + PAUSE_AFTER_FAILURE


def publish(task: Task | str, *, countdown: float | None = None, **kwargs) -> bool:
    """Send ``task(**kwargs)`` (a task, or a task's name; run no sooner than ``countdown`` seconds
    from now) to the broker now. False (and a warning in the log) when it cannot be sent, or was not
    tried because the broker failed a moment ago (``paused``).

    No publishing retries: the page does not wait for a broker that is down, and a sweep will do it.
    Eager mode (tests, ``CELERY_TASK_ALWAYS_EAGER``) runs the task here and lets its errors through.
    """
    name = task if isinstance(task, str) else task.name
    message = current_app.signature(name, kwargs=kwargs, **({} if countdown is None else {"countdown": countdown}))
    if current_app.conf.task_always_eager:
        message.apply_async()
        return True
    if paused():
        logger.warning("Broker failed a moment ago: %s(%s) left to the sweep", name, kwargs)
        return False
    try:
        message.apply_async(retry=False)
    except Exception:  # whatever the transport raises (refused, timed out, authentication): never the page's error
        pause()
        logger.warning("Broker unavailable: %s(%s) left to the sweep", name, kwargs, exc_info=True)
        return False
    return True


def publish_on_commit(task: Task | str, **kwargs) -> None:
    """``publish`` once the caller's transaction has committed (at once outside a transaction)."""
    transaction.on_commit(lambda: publish(task, **kwargs))
