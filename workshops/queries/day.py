"""The day of the workshop and after: check-in search, attendance, certificates, messages to participants."""

import datetime

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, NullIf
from django_countries import countries

from directory.collation import sort_key, sorted_by_name
from directory.models import MemberState
from directory.translation import ORIGINAL, companion, content_language

from ..models import (
    HOLDS_SEAT,
    Attendance,
    Certificate,
    MessageRecipient,
    ParticipantMessage,
    Registration,
    Workshop,
)
from .queue import FUNDED_FILTERS

# --- The day of the workshop ----------------------------------------------------------------


def _checked_in_at(day) -> Subquery:
    return Subquery(
        Attendance.objects.filter(registration=OuterRef("pk"), day=day).order_by().values("checked_in_at")[:1]
    )


def checkin_search(*, workshop: Workshop, text: str, day, limit: int = 20) -> QuerySet[Registration]:
    """The door's search by name (as on the badge, or given and family name) or member state, with
    today's check-in time (``checked_in_at``) on each row: one query whatever the matches."""
    words = text.split()
    registrations = (
        Registration.objects.filter(workshop=workshop)
        .select_related("person", "person__organisation", "member_state")
        .annotate(checked_in_at=_checked_in_at(day))
    )
    if not words:
        return registrations.none()
    for word in words:
        registrations = registrations.filter(
            Q(person__given_name__icontains=word)
            | Q(person__family_name__icontains=word)
            | Q(badge_name__icontains=word)
            | Q(member_state__name__icontains=word)
            | _state_named(word)
        )
    return registrations.order_by("person__family_name", "person__given_name", "pk")[:limit]


def _state_named(word: str) -> Q:
    """Member states whose name in the reader's language holds ``word`` (Suisse, Suiza), accents and
    case aside: the secretariat's overrides, and the ISO names django-countries translates."""
    folded = sort_key(word)[0]
    codes = [country.code for country in countries if folded in sort_key(country.name)[0]]
    language = content_language()
    named = Q(member_state__country__in=codes)
    if language != ORIGINAL:
        named |= Q(**{"member_state__%s__icontains" % companion("name", language): word})
    return named


def attendance_days(workshop: Workshop) -> list:
    """Every day of the workshop, first to last."""
    days, day = [], workshop.start_date
    while day <= workshop.end_date:
        days.append(day)
        day += datetime.timedelta(days=1)
    return days


# What a state's name in the reader's language is made of (``MemberState.name_in``), read with a grouped row.
STATE_NAME_FIELDS = ("member_state__name", "member_state__name_fr", "member_state__name_es", "member_state__country")


def _state_of(row: dict) -> MemberState:
    """The member state of a grouped row, enough of it to say its name in any language."""
    return MemberState(pk=row["member_state"], **{field.split("__")[1]: row[field] for field in STATE_NAME_FIELDS})


def attendance_counts(*, workshop: Workshop, day) -> dict:
    """Who is in on ``day``: the total, by member state and by category, against those with a seat.
    Two queries whatever the numbers (one grouped by state, one by category)."""
    present = Attendance.objects.filter(registration__workshop=workshop, day=day)
    rows = (
        Registration.objects.filter(workshop=workshop, status__in=HOLDS_SEAT)
        .values("member_state", *STATE_NAME_FIELDS)
        # distinct: the join on the attendances gives a registration one row per day it came.
        .annotate(seats=Count("pk", distinct=True), present=Count("attendances", filter=Q(attendances__day=day)))
        .order_by()
    )
    by_state = sorted_by_name(
        ({"member_state": _state_of(row), "seats": row["seats"], "present": row["present"]} for row in rows),
        name=lambda row: str(row["member_state"]),
    )
    categories = dict(Registration.Category.choices)
    by_category = [
        {"category": row["category"], "label": categories.get(row["category"], row["category"]), "present": row["n"]}
        for row in present.values(category=F("registration__category")).annotate(n=Count("pk")).order_by("category")
    ]
    return {
        "day": day,
        "present": sum(row["present"] for row in by_state),
        "seats": sum(row["seats"] for row in by_state),
        "by_state": by_state,
        "by_category": by_category,
    }


def attendance_of(*, workshop: Workshop, day=None) -> QuerySet[Attendance]:
    """The people checked in on ``day`` (every day without one), latest first, with who checked them in."""
    attendances = Attendance.objects.filter(registration__workshop=workshop)
    if day is not None:
        attendances = attendances.filter(day=day)
    return attendances.select_related("registration__person", "registration__member_state", "checked_in_by").order_by(
        "-checked_in_at", "-pk"
    )


def certificate_for_verification(code: str):
    """The certificate a verification code names, with what the public page shows; None if unknown."""
    return (
        Certificate.objects.select_related("registration__person", "registration__workshop").filter(code=code).first()
    )


# --- Messages to participants ---------------------------------------------------------------


def message_recipients(
    *, workshop: Workshop, status: str = "", member_state_id: int | None = None, funded: str = "", checked_in: str = ""
) -> QuerySet[Registration]:
    """Who a message goes to: the workshop's participants with an e-mail address (the person's, else
    their account's, as ``recipient_email``), filtered; with a seat unless a status is chosen. The
    preview counts this query and the sending reads it again."""
    registrations = (
        Registration.objects.filter(workshop=workshop)
        .select_related("person", "person__user", "member_state")
        .annotate(recipient_email=Coalesce(NullIf(F("person__email"), Value("")), F("person__user__email")))
        .exclude(recipient_email__isnull=True)
        .exclude(recipient_email="")
    )
    registrations = registrations.filter(status=status) if status else registrations.filter(status__in=HOLDS_SEAT)
    if member_state_id:
        registrations = registrations.filter(member_state_id=member_state_id)
    if funded in FUNDED_FILTERS:
        registrations = registrations.filter(FUNDED_FILTERS[funded])
    if checked_in == "yes":
        registrations = registrations.filter(Exists(Attendance.objects.filter(registration=OuterRef("pk"))))
    elif checked_in == "no":
        registrations = registrations.filter(~Exists(Attendance.objects.filter(registration=OuterRef("pk"))))
    return registrations.order_by("member_state__name", "person__family_name", "person__given_name", "pk")


def messages_of(workshop: Workshop) -> QuerySet:
    """The messages sent to a workshop's participants, latest first, with how many went out already."""
    return (
        ParticipantMessage.objects.filter(workshop=workshop)
        .select_related("sent_by")
        .annotate(delivered=Count("recipients", filter=Q(recipients__mail__sent_at__isnull=False)))
        .order_by("-created_at", "-pk")
    )


def message_for_page(*, workshop: Workshop, pk: int):
    """One message with every recipient and the state of their e-mail (prefetched: two queries)."""
    recipients = MessageRecipient.objects.select_related(
        "registration__person", "registration__member_state", "mail"
    ).order_by("pk")
    return (
        ParticipantMessage.objects.filter(workshop=workshop, pk=pk)
        .select_related("sent_by")
        .prefetch_related(Prefetch("recipients", queryset=recipients))
        .first()
    )
