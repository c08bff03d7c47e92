import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(
    name="sessions_council.tasks.task_send_presentation_reminders",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def task_send_presentation_reminders() -> int:
    """Run daily by Celery beat; safe to retry or to run twice: each speaker is reminded once."""
    sent = services.send_presentation_reminders()
    logger.info("Presentation reminders sent: %d", sent)
    return sent
