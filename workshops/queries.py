"""The read side of the workshops: one function per screen, with the joins the screen needs.

Seat counts are annotations computed in the same query as the rows, so a list costs the same
number of queries whatever its length.
"""

import datetime

from django.core.cache import cache as django_cache
from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, NullIf
from django.utils import timezone
from django_countries import countries

from directory import roles
from directory.collation import sort_key, sorted_by_name
from directory.models import MemberState, Person, User
from directory.prepared import Prepared, instance
from directory.translation import ORIGINAL, TRANSLATIONS, companion, content_language

from . import cache
from .models import (
    ACTIVE,
    HOLDS_FUNDED_SEAT,
    HOLDS_SEAT,
    AgendaItem,
    AgendaSpeaker,
    Attendance,
    Certificate,
    DialogueYear,
    MessageRecipient,
    ParticipantMessage,
    Registration,
    RegistrationChange,
    Workshop,
    WorkshopDocument,
)

S = Registration.Status


def _count(workshop_field: str = "pk", **filters) -> Subquery:
    """A correlated count of a workshop's registrations (a subquery, so several never multiply)."""
    rows = (
        Registration.objects.filter(workshop=OuterRef(workshop_field), **filters)
        .order_by()
        .values("workshop")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def with_seats(workshops: QuerySet[Workshop]) -> QuerySet[Workshop]:
    """``seats_taken`` and ``seats_left`` (never below zero) on every row."""
    return workshops.annotate(seats_taken=_count(status__in=HOLDS_SEAT)).annotate(
        seats_left=Greatest(F("capacity") - F("seats_taken"), Value(0))
    )


# --- Public ---------------------------------------------------------------------------------


def years_for_list() -> QuerySet[DialogueYear]:
    return DialogueYear.objects.annotate(workshop_count=Count("workshops")).order_by("-year")


def default_year(years: list[DialogueYear]) -> DialogueYear | None:
    """The current IDM year, else the latest one."""
    return next((year for year in years if year.is_current), years[0] if years else None)


def workshops_for_list(*, year: DialogueYear | None = None) -> QuerySet[Workshop]:
    """Public list rows: the year, dates, venue, status and seats left."""
    workshops = with_seats(Workshop.objects.select_related("year"))
    if year is not None:
        workshops = workshops.filter(year=year)
    return workshops.order_by("start_date", "title")


def upcoming_workshops(*, limit: int = 5) -> QuerySet[Workshop]:
    today = timezone.localdate()
    return (
        workshops_for_list()
        .filter(end_date__gte=today)
        .exclude(status=Workshop.Status.CANCELLED)
        .order_by("start_date", "title")[:limit]
    )


def upcoming_for_feed() -> QuerySet[Workshop]:
    return Workshop.objects.filter(end_date__gte=timezone.localdate()).order_by("start_date", "title")


def agenda_of(workshop: Workshop) -> QuerySet[AgendaItem]:
    speakers = AgendaSpeaker.objects.select_related("person", "person__organisation", "person__member_state").order_by(
        "order", "pk"
    )
    return workshop.agenda.prefetch_related(Prefetch("speakers", queryset=speakers)).order_by(
        "order", "starts_at", "pk"
    )


def workshop_for_page(*, slug: str) -> QuerySet[Workshop]:
    """The workshop page: filter by slug; the page adds ``agenda_of`` and the documents it may show."""
    return with_seats(Workshop.objects.select_related("year")).filter(slug=slug)


# --- Documents ------------------------------------------------------------------------------


def documents_visible_to(user: User, *, workshop: Workshop | None = None) -> QuerySet[WorkshopDocument]:
    """Public documents for everyone; participants-only ones of the workshops where the user holds a
    confirmed (or attended) seat; everything for the secretariat."""
    documents = WorkshopDocument.objects.select_related("workshop")
    if workshop is not None:
        documents = documents.filter(workshop=workshop)
    if roles.is_secretariat(user):
        return documents
    if not user.is_authenticated:
        return documents.filter(is_public=True)
    attended = Registration.objects.filter(person__user=user, status__in=HOLDS_SEAT).values("workshop_id")
    return documents.filter(Q(is_public=True) | Q(workshop_id__in=attended))


def documents_of_workshop(workshop: Workshop, *, participants: bool) -> QuerySet[WorkshopDocument]:
    """The workshop page's documents card: the public documents, with ``participants`` the
    participants-only ones too (what ``documents_visible_to`` shows a participant or the secretariat)."""
    documents = WorkshopDocument.objects.filter(workshop=workshop)
    return documents if participants else documents.filter(is_public=True)


def documents_of_my_workshops(user: User) -> QuerySet[WorkshopDocument]:
    """The delegate's documents page: every document open to them of the workshops they registered for."""
    mine = Registration.objects.filter(person__user=user).exclude(status=S.CANCELLED).values("workshop_id")
    return (
        documents_visible_to(user)
        .filter(workshop_id__in=mine)
        .order_by("-workshop__start_date", "workshop__title", "kind", "title")
    )


# --- Registrations --------------------------------------------------------------------------


def _registrations() -> QuerySet[Registration]:
    return Registration.objects.select_related(
        "workshop", "workshop__year", "person", "person__organisation", "member_state", "registered_by"
    )


def waiting_position() -> Case:
    """A waitlisted registration's place on its workshop's waiting list (1 = next to move up), in the
    same query as the row: the waitlisted ones that arrived before it, plus one. None otherwise."""
    ahead = (
        Registration.objects.filter(workshop=OuterRef("workshop"), status=S.WAITLISTED)
        .filter(Q(created_at__lt=OuterRef("created_at")) | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk")))
        .order_by()
        .values("workshop")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Case(
        When(status=S.WAITLISTED, then=Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0)) + 1),
        default=None,
        output_field=IntegerField(),
    )


def _my_registration_on(*, user: int, workshop: int) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(workshop_id=workshop, person__user_id=user)
        .annotate(waiting_position=waiting_position())
        .order_by()
        .values("id", "status", "funding", "workshop_id", "created_at", "waiting_position")[:1]  # one per person
    )


# Read at every signed-in request of a workshop page: compiled once (see directory/prepared.py).
_MY_REGISTRATION = Prepared(_my_registration_on, ids=("user", "workshop"))


def my_registration_for_page(user: User, workshop: Workshop) -> Registration | None:
    """The signed-in delegate's own registration on the workshop page, with its waiting-list place
    (only the fields the page shows)."""
    rows = _MY_REGISTRATION(user=user.pk, workshop=workshop.pk, using=Registration.objects.db)
    if not rows:
        return None
    return instance(Registration, rows[0], using=Registration.objects.db)


def registrations_to_change(user: User) -> QuerySet[Registration]:
    """The registrations a user may change: their own, and as focal point their state's (the
    secretariat decides, it does not change what a state said)."""
    registrations = _registrations()
    state = roles.delegate_state(user)
    if state is None:
        return registrations.none()
    if roles.is_focal_point(user):
        return registrations.filter(Q(member_state=state) | Q(person__user=user))
    return registrations.filter(person__user=user)


def registrations_visible_to(user: User) -> QuerySet[Registration]:
    """Secretariat: all; a focal point: their member state's; a delegate: their own; others: none."""
    registrations = _registrations()
    if roles.is_secretariat(user):
        return registrations
    state = roles.delegate_state(user)
    if state is None:
        return registrations.none()
    if roles.is_focal_point(user):
        return registrations.filter(Q(member_state=state) | Q(person__user=user))
    return registrations.filter(person__user=user)


# What "My registrations" shows of each row: the registration, its workshop and its person.
MY_ROW_FIELDS = ("id", "status", "funding", "reason", "funding_decision_reason", "workshop_id", "person_id")
MY_ROW_WORKSHOP_FIELDS = (
    *("id", "slug", "start_date", "end_date", "status", "registration_opens", "registration_closes"),
    *(companion(field, language) for field in ("title", "venue") for language in (ORIGINAL, *TRANSLATIONS)),
)
MY_ROW_PERSON_FIELDS = ("id", "honorific", "given_name", "family_name", "user_id")


def _my_rows(*, user: int, start: int, stop: int) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(person__user_id=user)
        .annotate(waiting_position=waiting_position())
        .order_by("-workshop__start_date", "workshop__title")
        .values(
            *MY_ROW_FIELDS,
            *("workshop__" + name for name in MY_ROW_WORKSHOP_FIELDS),
            *("person__" + name for name in MY_ROW_PERSON_FIELDS),
            "waiting_position",
        )[start:stop]
    )


def _my_count(*, user: int) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(person__user_id=user)
        .order_by()
        .values("person__user_id")
        .annotate(n=Count("pk"))
        .values("n")
    )


# Read at every request of the page: compiled once (see directory/prepared.py).
_MY_ROWS = Prepared(_my_rows, ids=("user",))
_MY_COUNT = Prepared(_my_count, ids=("user",))


class MyRegistrations:
    """The user's registrations, latest workshop first, as a ``Paginator`` reads them (a count and
    slices), each row with its workshop, person and waiting-list place. The first page is read with one
    row more than it holds: when that row is not there, the count is known without a query of its own."""

    def __init__(self, user: User, *, page_size: int, first_page: bool):
        self.user_id, self.page_size, self.first_page = user.pk, page_size, first_page
        self._first: list[Registration] | None = None
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            if self.first_page:
                self._first = self._read(0, self.page_size + 1)
            if self._first is not None and len(self._first) <= self.page_size:
                self._count = len(self._first)
            else:
                rows = _MY_COUNT(user=self.user_id, using=Registration.objects.db)
                self._count = rows[0]["n"] if rows else 0
        return self._count

    def __getitem__(self, bounds: slice) -> list[Registration]:
        start, stop = bounds.start or 0, bounds.stop
        if self._first is not None and start == 0 and stop <= len(self._first):
            return self._first[:stop]
        return self._read(start, stop)

    def _read(self, start: int, stop: int) -> list[Registration]:
        using = Registration.objects.db
        registrations = []
        for row in _MY_ROWS(user=self.user_id, start=start, stop=stop, using=using):
            registration = instance(Registration, row, using=using)
            registration.workshop = instance(Workshop, row, prefix="workshop__", using=using)
            registration.person = instance(Person, row, prefix="person__", using=using)
            registrations.append(registration)
        return registrations


def delegation_registrations(user: User, *, status: str = "", search: str = "") -> QuerySet[Registration]:
    """The focal point's page: the registrations of the member state, by workshop; only those of
    ``status`` if given, and those whose workshop (its title in any language) or participant matches
    every word of ``search``."""
    state = roles.delegate_state(user)
    if state is None or not roles.is_focal_point(user):
        return Registration.objects.none()
    registrations = _registrations().filter(member_state=state)
    if status:
        registrations = registrations.filter(status=status)
    for word in search.split():
        registrations = registrations.filter(
            Q(workshop__title__icontains=word)
            | Q(workshop__title_fr__icontains=word)
            | Q(workshop__title_es__icontains=word)
            | Q(person__given_name__icontains=word)
            | Q(person__family_name__icontains=word)
        )
    return registrations.annotate(waiting_position=waiting_position()).order_by(
        "-workshop__start_date", "workshop__title", "-is_head_of_delegation", "created_at", "pk"
    )


def delegation_people(user: User) -> QuerySet[Person]:
    """The people a focal point may register: the directory's people of their member state."""
    state = roles.delegate_state(user)
    if state is None or not roles.is_focal_point(user):
        return Person.objects.none()
    return Person.objects.filter(member_state=state).select_related("organisation")


FUNDED_FILTERS = {
    "requested": Q(funding=Registration.Funding.REQUESTED),
    "approved": Q(funding=Registration.Funding.APPROVED),
    "refused": Q(funding=Registration.Funding.REFUSED),
    "any": ~Q(funding=Registration.Funding.NOT_REQUESTED),
    "none": Q(funding=Registration.Funding.NOT_REQUESTED),
}


def registrations_for_queue(
    *, workshop: Workshop, status: str = "", member_state_id: int | None = None, funded: str = ""
) -> QuerySet[Registration]:
    """The secretariat's queue of one workshop, in arrival order, filtered (and its CSV and XLSX)."""
    registrations = Registration.objects.select_related(
        "workshop", "person", "person__organisation", "member_state"
    ).filter(workshop=workshop)
    if status:
        registrations = registrations.filter(status=status)
    if member_state_id:
        registrations = registrations.filter(member_state_id=member_state_id)
    if funded in FUNDED_FILTERS:
        registrations = registrations.filter(FUNDED_FILTERS[funded])
    return registrations.order_by("created_at", "pk")


def registration_history(registration: Registration) -> QuerySet[RegistrationChange]:
    """The registration's staff page: every change, oldest first, with who made it (one query)."""
    return RegistrationChange.objects.filter(registration=registration).select_related("by").order_by("at", "pk")


def queue_counts(workshop: Workshop) -> dict[str, int]:
    """How many registrations in each state, in all, and the funded seats used: one pass over the
    workshop's registrations, its answer kept in the shared cache until one of them is saved or deleted
    (``cache.queue_version``). The key also holds the latest arrival, read from the arrival index: rows
    written without signals (``bulk_create``) are new arrivals, and a new key."""
    version = cache.queue_version(workshop.pk)  # read before the rows (see cache.fragment)
    latest = (
        Registration.objects.filter(workshop=workshop)
        .order_by("-created_at", "-pk")
        .values_list("created_at", "pk")
        .first()
    )
    arrival = "%s.%d" % (latest[0].timestamp(), latest[1]) if latest else "none"
    key = "workshops:queue:%d:counts:%s:%s" % (workshop.pk, version, arrival)
    counts = django_cache.get(key)
    if counts is None:
        counts = _count_queue(workshop)
        django_cache.set(key, counts, timeout=cache.LONGEST)
    return counts


def _count_queue(workshop: Workshop) -> dict[str, int]:
    counts = Registration.objects.filter(workshop=workshop).aggregate(
        total=Count("pk"),
        **{status: Count("pk", filter=Q(status=status)) for status in S.values},
        # A cancelled or declined registration's request waits for nothing.
        funding_requested=Count("pk", filter=Q(funding=Registration.Funding.REQUESTED, status__in=ACTIVE)),
        funded=Count("pk", filter=HOLDS_FUNDED_SEAT),
    )
    counts["seats_taken"] = counts[S.CONFIRMED] + counts[S.ATTENDED]
    return counts


def states_in_queue(workshop: Workshop) -> QuerySet[MemberState]:
    """The member states with a registration at the workshop: one look-up in the index
    ``registration_state_idx`` per state, not a pass over every registration of the workshop."""
    registered = Registration.objects.filter(workshop=workshop, member_state=OuterRef("pk"))
    return MemberState.objects.filter(Exists(registered)).order_by("name")


def queue_total(counts: dict[str, int], filters: dict) -> int | None:
    """The number of rows of the queue filtered by ``filters``, when ``queue_counts`` already says it."""
    if filters.get("member_state_id") or filters.get("funded"):
        return None
    return counts[filters["status"]] if filters.get("status") else counts["total"]


class ArrivalPaginator(Paginator):
    """The queue's pages in arrival order, as cheap at the last page as at the first: each page is
    read from the nearer end of the arrival index (the last of 10,000 rows reads 50 entries backwards,
    not 10,000 joined rows); a page deep inside reads its ids from the index first, then joins only
    those rows. ``count`` may be given when the caller knows it (``queue_total``)."""

    DEEP = 500  # rows skipped from the nearer end past which the ids are read first

    def __init__(self, object_list, per_page, *, count: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        if count is not None:
            self.__dict__["count"] = count  # the cached_property, answered

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        backwards = bottom > self.count - top
        rows = self.object_list.reverse() if backwards else self.object_list
        start, stop = (self.count - top, self.count - bottom) if backwards else (bottom, top)
        if start > self.DEEP:
            ids = list(rows.values_list("pk", flat=True)[start:stop])
            found = self.object_list.in_bulk(ids)
            page = [found[pk] for pk in ids if pk in found]
        else:
            page = list(rows[start:stop])
        if backwards:
            page.reverse()
        return self._get_page(page, number, self)


def funding_requests(*, workshop: Workshop) -> QuerySet[Registration]:
    return (
        _registrations()
        .filter(workshop=workshop)
        .exclude(funding=Registration.Funding.NOT_REQUESTED)
        .order_by("created_at", "pk")
    )


# --- Staff lists ----------------------------------------------------------------------------


def workshops_for_staff(*, year: DialogueYear | None = None) -> QuerySet[Workshop]:
    workshops = with_seats(Workshop.objects.select_related("year")).annotate(
        pending=_count(status=S.PENDING),
        waitlisted=_count(status=S.WAITLISTED),
        funding_requested=_count(funding=Registration.Funding.REQUESTED, status__in=ACTIVE),
    )
    if year is not None:
        workshops = workshops.filter(year=year)
    return workshops.order_by("-start_date", "title")


def years_for_staff() -> QuerySet[DialogueYear]:
    return years_for_list()


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
