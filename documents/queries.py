"""The read side of documents: one function per screen; who sees what is defined in visibility.py."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from directory.models import User

from . import drafting
from .models import DiscussionNote, DocumentJob, DocumentSubject
from .snapshots import KINDS
from .visibility import visible_subjects

SUBJECT_RELATED = (
    "subject__note__year",
    "subject__workshop",
    "subject__year",
    "subject__donor",
    "subject__consultation",
    "subject__registration__person",
    "subject__registration__workshop",
    "subject__letter",
)


def jobs_visible_to(user: User) -> QuerySet[DocumentJob]:
    visible = visible_subjects(user, prefix="subject__")
    if visible is None:
        return DocumentJob.objects.none()
    return DocumentJob.objects.filter(visible).select_related(*SUBJECT_RELATED, "requested_by")


def job_for_page(user: User, pk: int) -> DocumentJob | None:
    return jobs_visible_to(user).filter(pk=pk).first()


def subjects_for_list(user: User, *, kind: str, source: Any) -> list[DocumentSubject]:
    """The source's documents of this kind the user may see (one per variant), with every version."""
    visible = visible_subjects(user)
    if visible is None:
        return []
    jobs = DocumentJob.objects.select_related("requested_by").order_by("-version", "language", "-pk")
    return list(
        DocumentSubject.objects.filter(visible, kind=kind, **{KINDS[kind].source: source})
        .prefetch_related(Prefetch("jobs", queryset=jobs))
        .order_by("variant", "pk")
    )


def recent_jobs() -> QuerySet[DocumentJob]:
    return DocumentJob.objects.select_related(*SUBJECT_RELATED, "requested_by").order_by("-created_at", "-pk")


def notes_for_list() -> QuerySet[DiscussionNote]:
    return (
        DiscussionNote.objects.select_related("year", "issued_by")
        .annotate(paragraph_count=Count("paragraphs"))
        .order_by("-year__year", "-created_at", "-pk")
    )


def note_for_edit(pk: int) -> DiscussionNote | None:
    return (
        DiscussionNote.objects.select_related("year", "issued_by", "drafted_by")
        .prefetch_related("paragraphs")
        .filter(pk=pk)
        .first()
    )


def redraft_preview(note: DiscussionNote) -> dict[str, int]:
    """What drafting again would do: how many paragraphs the draft has now, and how many the records
    give today (the same drafting the service runs)."""
    return {
        "current": len(note.paragraphs.all()),
        "drafted": len(drafting.draft_paragraphs(note.year, note.original_language)),
    }


def note_jobs(note: DiscussionNote) -> QuerySet[DocumentJob]:
    return DocumentJob.objects.filter(subject__note=note).select_related("subject", "requested_by")
