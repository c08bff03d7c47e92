"""Registrations as their own delegates and focal points see them: one's own on a workshop page,
"My registrations", the delegation of a member state.
"""

from typing import NamedTuple

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from directory import roles
from directory.models import Person, User
from directory.prepared import Prepared, instance
from directory.translation import ORIGINAL, TRANSLATIONS, companion

from ..models import (
    Registration,
    Workshop,
)

S = Registration.Status


# --- Registrations --------------------------------------------------------------------------


def registrations_with_people() -> QuerySet[Registration]:
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
        .values("id", "status", "waiting_position")[:1]  # one per person
    )


# Read at every signed-in request of a workshop page: compiled once (see directory/prepared.py).
_MY_REGISTRATION = Prepared(_my_registration_on, ids=("user", "workshop"))


class OwnRegistration(NamedTuple):
    """What the workshop page shows of the visitor's own registration (kept in the shared cache)."""

    pk: int
    status: str
    waiting_position: int | None

    def get_status_display(self) -> str:
        return Registration.Status(self.status).label


def my_registration_for_page(user: User, workshop: Workshop) -> OwnRegistration | None:
    """The signed-in delegate's own registration on the workshop page, with its waiting-list place
    (only the fields the page shows)."""
    rows = _MY_REGISTRATION(user=user.pk, workshop=workshop.pk, using=Registration.objects.db)
    if not rows:
        return None
    row = rows[0]
    return OwnRegistration(row["id"], row["status"], row["waiting_position"])


def registrations_to_change(user: User) -> QuerySet[Registration]:
    """The registrations a user may change: their own, and as focal point their state's (the
    secretariat decides, it does not change what a state said)."""
    return _own_and_state_s(registrations_with_people(), user)


def registrations_visible_to(user: User) -> QuerySet[Registration]:
    """Secretariat: all; a focal point: their member state's; a delegate: their own; others: none."""
    registrations = registrations_with_people()
    if roles.is_secretariat(user):
        return registrations
    return _own_and_state_s(registrations, user)


def _own_and_state_s(registrations: QuerySet[Registration], user: User) -> QuerySet[Registration]:
    """One's own registrations, and as focal point every one of one's member state; none without a state."""
    state = roles.delegate_state(user)
    if state is None:
        return registrations.none()
    if roles.is_focal_point(user):
        return registrations.filter(Q(member_state=state) | Q(person__user=user))
    return registrations.filter(person__user=user)


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
    registrations = registrations_with_people().filter(member_state=state)
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
