"""Transactional e-mail: rendered in the recipient's language, kept in the outbox, sent by a worker."""

from collections.abc import Iterable
from typing import NamedTuple

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from . import outbox
from .models import OutboxMail


class RenderedMail(NamedTuple):
    """An e-mail rendered and not yet written anywhere: ``send_rendered_on_commit`` puts it in the outbox."""

    subject: str
    body: str
    to: list[str]
    attachments: list[list[str]]


def render_mail(
    *,
    template: str,
    context: dict,
    to: list[str],
    language: str | None = None,
    attachments: Iterable[tuple[str, str, str]] = (),
) -> RenderedMail:
    """Render ``<template>_subject.txt`` and ``<template>_body.txt`` in ``language``; no database write.

    A caller may render before it takes a lock and write the mail under it (the seat decision holds
    the workshop's lock for as short as it can), provided what it rendered from is what it commits."""
    return rendered_mail(*mail_texts(template=template, context=context, language=language), to, attachments)


def mail_texts(*, template: str, context: dict, language: str | None = None) -> tuple[str, str]:
    """The subject (as rendered, before ``rendered_mail`` strips it) and the body of ``template``."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return render_to_string(f"{template}_subject.txt", context), render_to_string(f"{template}_body.txt", context)


def rendered_mail(subject: str, body: str, to: list[str], attachments: Iterable[tuple[str, str, str]] = ()):
    """The e-mail of texts ``mail_texts`` gave (or texts made from them, as ``render_mail`` would)."""
    return RenderedMail(subject.strip(), body, list(to), [list(item) for item in attachments])


def send_rendered_on_commit(mail: RenderedMail) -> OutboxMail:
    """Write a rendered e-mail to the outbox, in the caller's transaction (see ``send_mail_on_commit``)."""
    return outbox.enqueue(subject=mail.subject, body=mail.body, to=mail.to, attachments=mail.attachments)


def rewrite_mail(row: OutboxMail, mail: RenderedMail) -> None:
    """Give a row written earlier in the caller's transaction another text: what it announces changed
    before the commit. Still unsent (its worker runs after the commit), so nothing else needs telling."""
    row.subject, row.body, row.to, row.attachments = mail
    row.save(update_fields=["subject", "body", "to", "attachments"])


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
    Many calls in one transaction (a message to every participant) announce one drain for all of them.
    """
    return send_rendered_on_commit(
        render_mail(template=template, context=context, to=to, language=language, attachments=attachments)
    )
