"""Transactional e-mail: rendered in the recipient's language, sent by Celery after commit."""

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .tasks import task_send_mail


def send_mail_on_commit(
    *,
    template: str,
    context: dict,
    to: list[str],
    language: str | None = None,
    attachments: Iterable[tuple[str, str, str]] = (),
) -> None:
    """Render ``<template>_subject.txt`` and ``<template>_body.txt`` now; queue the sending after commit.

    Rendering happens in the caller's transaction, so the message shows the state that was committed;
    the worker only sends, so a retry never re-reads changed records.
    """
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_body.txt", context)
    files = [list(attachment) for attachment in attachments]
    transaction.on_commit(lambda: task_send_mail.delay(subject=subject, body=body, to=to, attachments=files))
