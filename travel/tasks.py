"""Travel's scheduled task: thin; the rule is services.erase_expired_personal_data."""

import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(name="travel.tasks.task_erase_expired_personal_data", acks_late=True)
def task_erase_expired_personal_data() -> int:
    erased = services.erase_expired_personal_data()
    if erased:
        logger.info("Travellers' personal data erased from %d travel files", len(erased))
    return len(erased)
