"""The portal's own periodic task: thin. What an expired session is, and how it goes, is in idm_portal/sessions.py."""

import logging

from celery import shared_task
from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@shared_task(name="idm_portal.tasks.task_clear_expired_sessions", acks_late=True, ignore_result=True)
def task_clear_expired_sessions() -> None:
    """Delete the sessions that have expired (beat, nightly): signed-out data is not kept for ever."""
    deleted = import_string(settings.SESSION_ENGINE + ".SessionStore").clear_expired()
    if deleted:
        logger.info("Expired sessions deleted: %d", deleted)
