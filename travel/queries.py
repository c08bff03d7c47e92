"""The read side of travel: one function per screen, a fixed number of queries whatever the rows.

Every page and download of a travel file starts from ``travel_files_visible_to``: the traveller,
their state's focal point and the secretariat; for anyone else the file does not exist (404).
What the secretariat's desk counts (``letters_to_review``, ``incomplete_travel_files``) are
querysets: the desk counts them with its other counts, in one query.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from directory import roles
from workshops.models import HOLDS_SEAT, Workshop

from . import progress
from .models import DsaRate, InvitationLetter, TravelAttachment, TravelAuditEntry, TravelFile

S = TravelFile.Status
OPEN_STATUSES = (S.DETAILS_REQUESTED, S.DETAILS_COMPLETE, S.TICKET_ISSUED, S.TRAVELLED)
LETTER_OPEN = (InvitationLetter.Status.REQUESTED, InvitationLetter.Status.APPROVED)


def _files() -> QuerySet[TravelFile]:
    return TravelFile.objects.select_related(
        "registration__workshop__year",
        "registration__person__user",
        "registration__member_state",
        "registration__registered_by",
    ).prefetch_related(
        Prefetch("attachments", queryset=TravelAttachment.objects.order_by("uploaded_at", "pk")),
        Prefetch("letters", queryset=InvitationLetter.objects.order_by("-created_at", "-pk")),
    )


def travel_files_visible_to(user) -> QuerySet[TravelFile]:
    files = _files()
    if roles.is_secretariat(user):
        return files
    if not user.is_authenticated:
        return files.none()
    mine = Q(registration__person__user=user)
    state = roles.delegate_state(user)
    if roles.is_focal_point(user) and state is not None:
        mine |= Q(registration__member_state=state)
    return files.filter(mine)


def my_travel_files(user) -> QuerySet[TravelFile]:
    """The traveller's own files ("My travel")."""
    if not user.is_authenticated:
        return TravelFile.objects.none()
    return _files().filter(registration__person__user=user).order_by("-registration__workshop__start_date", "pk")


def delegation_travel_files(user) -> QuerySet[TravelFile]:
    """The focal point's delegation: every file of the state's registrations."""
    state = roles.delegate_state(user)
    if not roles.is_focal_point(user) or state is None:
        return TravelFile.objects.none()
    return (
        _files()
        .filter(registration__member_state=state)
        .order_by("-registration__workshop__start_date", "registration__person__family_name", "pk")
    )


def attachment_visible_to(user, pk: int) -> TravelAttachment | None:
    files = travel_files_visible_to(user).values("pk")
    return TravelAttachment.objects.filter(pk=pk, travel_file__in=files).select_related("travel_file").first()


@dataclass
class FilePage:
    travel_file: TravelFile
    missing: list[str]
    audit: list[TravelAuditEntry]


def file_page(travel_file: TravelFile, *, with_audit: bool = False) -> FilePage:
    audit = (
        list(TravelAuditEntry.objects.filter(travel_file=travel_file).select_related("by")[:30]) if with_audit else []
    )
    return FilePage(travel_file=travel_file, missing=progress.missing(travel_file), audit=audit)


# --- Secretariat: the travel desk -----------------------------------------------------------------


def workshops_for_desk() -> QuerySet[Workshop]:
    """Every workshop with travel files, with its counts by status (one query)."""
    return (
        Workshop.objects.select_related("year")
        .annotate(
            travel_files=Count("registrations__travel_file"),
            travel_open=Count(
                "registrations__travel_file", filter=Q(registrations__travel_file__status__in=OPEN_STATUSES)
            ),
            letters_requested=Count(
                "registrations__travel_file__letters",
                filter=Q(registrations__travel_file__letters__status=InvitationLetter.Status.REQUESTED),
            ),
        )
        .filter(travel_files__gt=0)
        .order_by("-start_date", "title")
    )


def travel_desk(workshop: Workshop, *, status: str = "", funded: str = "", search: str = "") -> QuerySet[TravelFile]:
    """The workshop's travel files for the desk: filters by status, funding and name."""
    files = _files().filter(registration__workshop=workshop)
    if status:
        files = files.filter(status=status)
    if funded == "funded":
        files = files.filter(funded=True)
    elif funded == "self":
        files = files.filter(funded=False)
    if search:
        files = files.filter(_traveller_named(search))
    return files.order_by("registration__member_state__name", "registration__person__family_name", "pk")


def dsa_rates() -> QuerySet[DsaRate]:
    return DsaRate.objects.order_by("duty_station", "-applies_from")


def audit_entries(*, kind: str = "") -> QuerySet[TravelAuditEntry]:
    entries = TravelAuditEntry.objects.select_related("by", "travel_file__registration__person")
    return entries.filter(kind=kind) if kind else entries


# --- Counts for the secretariat's desk (one query each) -----------------------------------------------


def letters_to_review() -> QuerySet[InvitationLetter]:
    return InvitationLetter.objects.filter(status=InvitationLetter.Status.REQUESTED)


def incomplete_travel_files() -> QuerySet[TravelFile]:
    """Funded travel files still waiting for the traveller's details."""
    return TravelFile.objects.filter(funded=True, status=S.DETAILS_REQUESTED)


# --- Invitation letters -------------------------------------------------------------------------------


def may_ask_letter(travel_file: TravelFile) -> bool:
    """Whether to offer the request (the service decides): a seat, no letter waiting or valid, details kept."""
    if travel_file.is_erased or travel_file.registration.status not in HOLDS_SEAT:
        return False
    return not any(letter.status in LETTER_OPEN for letter in travel_file.letters.all())


def letter_for_verification(code: str) -> InvitationLetter | None:
    """The issued letter a verification code names (valid or revoked), for the public page; None if unknown."""
    if not code or len(code) > 64:
        return None
    return (
        InvitationLetter.objects.select_related(
            "travel_file__registration__person", "travel_file__registration__workshop"
        )
        .filter(verification_code=code, status__in=(InvitationLetter.Status.APPROVED, InvitationLetter.Status.REVOKED))
        .first()
    )


def letter_queue(*, status: str = "", workshop: Workshop | None = None, search: str = "") -> QuerySet[InvitationLetter]:
    """The secretariat's letter review queue: oldest request first, filtered; one query a page."""
    letters = InvitationLetter.objects.select_related(
        "travel_file__registration__person",
        "travel_file__registration__member_state",
        "travel_file__registration__workshop",
        "requested_by",
        "decided_by",
    )
    if status:
        letters = letters.filter(status=status)
    if workshop is not None:
        letters = letters.filter(travel_file__registration__workshop=workshop)
    if search:
        letters = letters.filter(_traveller_named(search, via="travel_file__") | Q(reference__icontains=search))
    return letters.order_by("created_at", "pk")


def letter_for_staff(pk: int) -> InvitationLetter | None:
    return (
        InvitationLetter.objects.select_related(
            "travel_file__registration__person",
            "travel_file__registration__member_state",
            "travel_file__registration__workshop",
            "requested_by",
            "decided_by",
        )
        .filter(pk=pk)
        .first()
    )


def letter_history(letter: InvitationLetter) -> list[TravelAuditEntry]:
    return list(
        TravelAuditEntry.objects.filter(kind=TravelAuditEntry.Kind.LETTER, object_id=letter.pk).select_related("by")
    )


def letter_workshops() -> QuerySet[Workshop]:
    """The workshops for which a letter was asked, for the queue's filter."""
    return (
        Workshop.objects.filter(registrations__travel_file__letters__isnull=False)
        .distinct()
        .order_by("-start_date", "title")
    )


def _traveller_named(search: str, *, via: str = "") -> Q:
    """The traveller's family or given name, or their member state, contains ``search`` (the travel file
    reached through ``via``)."""
    registration = via + "registration__"
    return (
        Q(**{registration + "person__family_name__icontains": search})
        | Q(**{registration + "person__given_name__icontains": search})
        | Q(**{registration + "member_state__name__icontains": search})
    )
