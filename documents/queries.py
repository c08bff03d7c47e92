"""The read side of documents: one function per screen; visibility mirrors documents/permissions.py."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from consultations.models import Consultation
from directory import roles
from directory.models import User
from funding.roles import donor_of

from .models import DiscussionNote, DocumentJob, DocumentKind, DocumentSubject, Variant
from .snapshots import KINDS

# A theme survey's results are public once it is closed (consultations.Consultation.results_are_public).
PUBLIC_RESULTS = (Consultation.Status.CLOSED, Consultation.Status.ADOPTED)
SUBJECT_RELATED = (
    "subject__note__year",
    "subject__workshop",
    "subject__year",
    "subject__donor",
    "subject__consultation",
    "subject__registration__person",
    "subject__registration__workshop",
)


def _visible(user: User, prefix: str = "") -> Q | None:
    """The subjects the user may see, as a filter (None: none at all)."""
    if not user.is_authenticated:
        return None
    if roles.is_secretariat(user):
        return Q()

    def field(name: str) -> str:
        return prefix + name

    visible = (
        Q(**{field("kind"): DocumentKind.DISCUSSION_NOTE, field("variant"): Variant.ISSUED})
        | Q(**{field("kind"): DocumentKind.WORKSHOP_REPORT})
        | Q(**{field("kind"): DocumentKind.CONSULTATION_RESULTS, field("consultation__status__in"): PUBLIC_RESULTS})
    )
    visible |= Q(**{field("kind"): DocumentKind.CERTIFICATE, field("registration__person__user"): user})
    if roles.delegate_state(user) is not None:
        visible |= Q(**{field("kind"): DocumentKind.PARTICIPANTS})
    donor = donor_of(user)
    if donor is not None:
        visible |= Q(**{field("kind"): DocumentKind.DONOR_STATEMENT, field("donor"): donor})
    return visible


def jobs_visible_to(user: User) -> QuerySet[DocumentJob]:
    visible = _visible(user, prefix="subject__")
    if visible is None:
        return DocumentJob.objects.none()
    return DocumentJob.objects.filter(visible).select_related(*SUBJECT_RELATED, "requested_by")


def job_for_page(user: User, pk: int) -> DocumentJob | None:
    return jobs_visible_to(user).filter(pk=pk).first()


def subjects_for_list(user: User, *, kind: str, source: Any) -> list[DocumentSubject]:
    """The source's documents of this kind the user may see (one per variant), with every version."""
    visible = _visible(user)
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


def note_jobs(note: DiscussionNote) -> QuerySet[DocumentJob]:
    return DocumentJob.objects.filter(subject__note=note).select_related("subject", "requested_by")
