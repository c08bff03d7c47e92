"""The outbox's tasks: thin. What is sent, and how often, is in directory/outbox.py."""

import logging

from celery import shared_task
from celery.signals import worker_ready

from .broker import publish

logger = logging.getLogger(__name__)


@shared_task(name="directory.tasks.task_dispatch_mail", acks_late=True)
def task_dispatch_mail(*, mail_ids: list[int]) -> None:
    """Send these outbox rows now (what earlier versions published after a commit: messages still queued)."""
    from . import outbox  # outbox publishes these tasks: a circle at import time

    result = outbox.dispatch(mail_ids=mail_ids)
    logger.info("Outbox: %s", result)


@shared_task(name="directory.tasks.task_drain_outbox", acks_late=True, ignore_result=True)
def task_drain_outbox() -> None:
    """Send every due row, for as long as commits keep announcing (published after the commits that wrote them)."""
    from . import outbox  # outbox publishes these tasks: a circle at import time

    result = outbox.drain()
    if result.sent or result.failed:
        logger.info("Outbox drain: %s", result)


@shared_task(name="directory.tasks.task_sweep_outbox", acks_late=True, ignore_result=True)
def task_sweep_outbox() -> None:
    """Send the rows no message announced (broker down) and those whose claim died (beat, every minute)."""
    from . import outbox  # outbox publishes these tasks: a circle at import time

    result = outbox.sweep()
    if result.sent or result.failed:
        logger.info("Outbox sweep: %s", result)


@worker_ready.connect
def _sweep_outbox_at_start(sender=None, **kwargs) -> None:
    """A worker starting after an outage sends what waited, without waiting for the first beat."""
    publish(task_sweep_outbox)
