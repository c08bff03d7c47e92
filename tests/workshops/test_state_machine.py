"""Property-based test of the registration state machine (Hypothesis): any sequence of register,
cancel, confirm, waitlist, decline, bulk decisions and seat changes, by any role, keeps

- confirmed (and attended) ≤ the seats,
- the waiting list in arrival order (the order of the requests that are still in force),
- one row per person and workshop,

and a refused step changes nothing. Bounded (examples and steps) to run in well under a minute."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factories
from workshops import services
from workshops.models import HOLDS_SEAT, Registration

from .factories import WorkshopFactory, person_of

pytestmark = pytest.mark.django_db

S = Registration.Status
PEOPLE = 4
ROLES = ("self", "focal_point", "other_delegate", "secretariat")


class Rollback(Exception):
    pass


@pytest.fixture
def cast(db):
    """The same people for every example (hashing passwords is slow); each example's rows are undone."""
    state = factories.MemberStateFactory(eligible_for_funding=True)
    members = [factories.make_delegate(email="m%d@state.example" % i, state=state) for i in range(PEOPLE)]
    return {
        "members": members,
        "focal_point": factories.make_delegate(email="fp@state.example", state=state, focal_point=True),
        "other_delegate": factories.make_delegate(email="other@elsewhere.example"),
        "secretariat": factories.make_secretariat(email="staff@iom.example"),
    }


person = st.integers(min_value=0, max_value=PEOPLE - 1)
role = st.sampled_from(ROLES)
step = st.one_of(
    st.tuples(st.just("register"), person, role),
    st.tuples(st.just("cancel"), person, role),
    st.tuples(st.sampled_from(("confirm", "waitlist", "decline")), person, role),
    st.tuples(st.just("bulk"), st.sampled_from(("confirm", "waitlist", "decline")), st.sets(person, max_size=PEOPLE)),
    st.tuples(st.just("seats"), st.integers(min_value=-1, max_value=5), role),
)


def _actor(cast, who: str, index: int):
    return cast["members"][index] if who == "self" else cast[who]


def _apply(cast, workshop, action, arrivals: list[int]) -> None:
    kind = action[0]
    members = cast["members"]

    def row(index):
        return Registration.objects.filter(workshop=workshop, person=person_of(members[index])).first()

    if kind == "register":
        _, index, who = action
        services.request_registration(workshop=workshop, person=person_of(members[index]), by=_actor(cast, who, index))
        if index in arrivals:
            arrivals.remove(index)
        arrivals.append(index)  # a request again (after cancelling) goes to the back of the queue
    elif kind == "cancel":
        _, index, who = action
        registration = row(index)
        if registration is None:
            return
        services.cancel_registration(registration=registration, by=_actor(cast, who, index))
    elif kind in ("confirm", "waitlist", "decline"):
        _, index, who = action
        registration = row(index)
        if registration is None:
            return
        by = _actor(cast, who, index)
        if kind == "confirm":
            services.confirm_registration(registration=registration, by=by)
        elif kind == "waitlist":
            services.waitlist_registration(registration=registration, by=by)
        else:
            services.decline_registration(registration=registration, by=by, reason="No seat for this state.")
    elif kind == "bulk":
        _, decision, indexes = action
        rows = [r for r in (row(i) for i in sorted(indexes)) if r is not None]
        services.bulk_decide(
            workshop=workshop, registrations=rows, action=decision, by=cast["secretariat"], reason="Too many."
        )
    else:
        _, seats, who = action
        services.change_capacity(workshop=workshop, capacity=seats, by=_actor(cast, who, 0))


def _state(workshop) -> list[tuple]:
    return list(Registration.objects.filter(workshop=workshop).order_by("pk").values_list("pk", "status", "created_at"))


def _check(cast, workshop, arrivals: list[int]) -> None:
    workshop.refresh_from_db()
    rows = list(Registration.objects.filter(workshop=workshop).order_by("created_at", "pk"))
    assert sum(r.status in HOLDS_SEAT for r in rows) <= workshop.capacity
    people = [r.person_id for r in rows]
    assert len(people) == len(set(people))
    index_of = {person_of(user).pk: i for i, user in enumerate(cast["members"])}
    waiting = [index_of[r.person_id] for r in rows if r.status == S.WAITLISTED]
    assert waiting == [i for i in arrivals if i in waiting]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    capacity=st.integers(min_value=0, max_value=3),
    approval=st.booleans(),
    steps=st.lists(step, min_size=1, max_size=12),
)
def test_any_sequence_keeps_the_seats_the_queue_and_one_row_per_person(cast, capacity, approval, steps):
    try:
        with transaction.atomic():
            workshop = WorkshopFactory(capacity=capacity, requires_approval=approval)
            arrivals: list[int] = []
            for action in steps:
                before = (_state(workshop), workshop.capacity)
                try:
                    with transaction.atomic():
                        _apply(cast, workshop, action, arrivals)
                except ValidationError:
                    workshop.refresh_from_db()
                    assert (_state(workshop), workshop.capacity) == before  # a refusal changes nothing
                _check(cast, workshop, arrivals)
            raise Rollback
    except Rollback:
        pass
