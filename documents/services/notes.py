"""Discussion notes: drafted from the records, edited by the secretariat, issued with a symbol."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import User
from workshops.models import DialogueYear

from .. import drafting
from ..models import (
    DiscussionNote,
    DocumentJob,
    DocumentKind,
    NoteParagraph,
)
from .jobs import request_document
from .symbols import SYMBOL_PREFIX, allocate_symbol

# --- Discussion notes -----------------------------------------------------------------------


@transaction.atomic
def draft_discussion_note(
    *, year: DialogueYear, by: User | None, language: str = drafting.ORIGINAL_LANGUAGE
) -> DiscussionNote:
    """A new draft note for the IDM year in ``language`` (its original language), its paragraphs
    drafted from the records: the sentences and the records' text in that language."""
    note = DiscussionNote.objects.create(
        year=year,
        series_title=drafting.note_series(language),
        title=drafting.note_title(year, language),
        subtitle=drafting.note_subtitle(year, language),
        place=drafting.note_place(language),
        original_language=language,
        drafted_by=by,
    )
    _write_paragraphs(note, drafting.draft_paragraphs(year, language))
    return note


@transaction.atomic
def redraft_discussion_note(*, note: DiscussionNote, by: User) -> DiscussionNote:
    """Replace the draft's paragraphs with a fresh draft from the records as they stand now."""
    note = _lock_draft(note)
    note.paragraphs.all().delete()
    _write_paragraphs(note, drafting.draft_paragraphs(note.year, note.original_language))
    note.drafted_by = by
    note.save(update_fields=["drafted_by", "updated_at"])
    return note


def _write_paragraphs(note: DiscussionNote, paragraphs: list[drafting.Paragraph]) -> None:
    NoteParagraph.objects.bulk_create(
        NoteParagraph(note=note, order=order, heading=p.heading, heading_style=p.heading_style, text=p.text)
        for order, p in enumerate(paragraphs)
    )


@transaction.atomic
def update_discussion_note(
    *,
    note: DiscussionNote,
    by: User,
    series_title: str,
    title: str,
    subtitle: str,
    place: str,
    paragraphs: list[dict],
) -> DiscussionNote:
    """Save the secretariat's edits of a draft. ``paragraphs``: in their new order, each with ``id``
    (None for a new one), ``heading``, ``heading_style``, ``text`` and ``delete``."""
    note = _lock_draft(note)
    note.series_title, note.title, note.subtitle, note.place = series_title, title, subtitle, place
    note.save(update_fields=["series_title", "title", "subtitle", "place", "updated_at"])
    existing = {p.pk: p for p in note.paragraphs.all()}
    order = 0
    for row in paragraphs:
        paragraph = existing.pop(row["id"], None) if row.get("id") else None
        if row.get("delete") or not row.get("text", "").strip():
            if paragraph is not None:
                paragraph.delete()
            continue
        paragraph = paragraph or NoteParagraph(note=note)
        paragraph.order = order
        paragraph.heading = row.get("heading", "").strip()
        paragraph.heading_style = row.get("heading_style") or NoteParagraph.HeadingStyle.SECTION
        paragraph.text = row["text"].strip()
        paragraph.save()
        order += 1
    for paragraph in existing.values():  # rows the form did not send keep their place at the end
        paragraph.order = order
        paragraph.save(update_fields=["order"])
        order += 1
    return note


@transaction.atomic
def preview_discussion_note(
    *,
    note: DiscussionNote,
    by: User,
    language: str,
    series_title: str,
    title: str,
    subtitle: str,
    place: str,
    paragraphs: list[dict],
) -> DocumentJob:
    """Save the edits, then ask for the draft's PDF in ``language``: the preview is rendered from the
    text just saved, never from an older one, and nothing typed is lost on the way to it."""
    note = update_discussion_note(
        note=note,
        by=by,
        series_title=series_title,
        title=title,
        subtitle=subtitle,
        place=place,
        paragraphs=paragraphs,
    )
    return request_document(kind=DocumentKind.DISCUSSION_NOTE, source=note, language=language, by=by)


@transaction.atomic
def issue_discussion_note(*, note: DiscussionNote, by: User, issue_date: datetime.date, place: str = "") -> DocumentJob:
    """Give the draft its symbol (next in the IC series of its year), freeze it and queue its PDF."""
    note = _lock_draft(note)
    if not note.paragraphs.exists():
        raise ValidationError(_("A discussion note needs at least one paragraph before it is issued."))
    note.symbol = allocate_symbol(prefix=SYMBOL_PREFIX, year=note.year.year)
    note.status = DiscussionNote.Status.ISSUED
    note.issue_date = issue_date
    note.place = place.strip() or note.place
    note.issued_at = timezone.now()
    note.issued_by = by
    note.save()
    return request_document(kind=DocumentKind.DISCUSSION_NOTE, source=note, language=note.original_language, by=by)


def _lock_draft(note: DiscussionNote) -> DiscussionNote:
    note = DiscussionNote.objects.select_for_update().select_related("year").get(pk=note.pk)
    if not note.is_draft:
        raise ValidationError(_("%(symbol)s is issued; an issued note is not changed.") % {"symbol": note.symbol})
    return note
