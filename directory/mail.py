"""Transactional e-mail: rendered in the recipient's language, kept in the outbox, sent by a worker."""

from collections.abc import Iterable

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from . import outbox
from .models import OutboxMail


def send_mail_on_commit(
    *,
    template: str,
    context: dict,
    to: list[str],
    language: str | None = None,
    attachments: Iterable[tuple[str, str, str]] = (),
) -> OutboxMail:
    """Render ``<template>_subject.txt`` and ``<template>_body.txt`` now and write the e-mail to the outbox.

    The row is written in the caller's transaction: it exists if and only if the change it announces
    was committed, and then it is sent whatever happens to the broker (directory/outbox.py: at least
    once, a duplicate only for a worker dying mid-send). Rendering happens now, so the message shows
    the state that was committed; the worker only sends, so a retry never re-reads changed records.
    Many calls in one transaction (a message to every participant) are published in batches.
    """
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_body.txt", context)
    return outbox.enqueue(subject=subject, body=body, to=list(to), attachments=[list(item) for item in attachments])
