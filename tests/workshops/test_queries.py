"""Every list page costs the same number of queries with 1 row and with 30."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests import factories
from tests.pages import shown
from workshops import queries
from workshops.cache import CSRF_INPUT
from workshops.models import AgendaItem, AgendaSpeaker, Registration, WorkshopDocument

from .factories import DialogueYearFactory, WorkshopFactory, person_of, registration

S = Registration.Status
SIZES = [1, 30]
# Each response carries the visitor's own CSRF token (the language switcher's form), a new mask each time.
CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def _without_csrf_token(content: bytes) -> bytes:
    return CSRF_TOKEN.sub(b'name="csrfmiddlewaretoken" value=""', content)


@pytest.fixture
def year(db):
    return DialogueYearFactory()


def _workshops(year, n):
    workshops = [WorkshopFactory(year=year) for _ in range(n)]
    for workshop in workshops:
        registration(workshop, status=S.CONFIRMED)
    return workshops


def _participant(i: int):
    """A delegate whose family name ("Participant07") the row of their registration shows."""
    return person_of(factories.make_delegate(last_name="Participant%02d" % i))


def _participants(n: int) -> list[str]:
    return ["Participant%02d" % i for i in range(n)]


def _agenda(workshop, n):
    now = timezone.now()
    for i in range(n):
        item = AgendaItem.objects.create(
            workshop=workshop, title="Item %d" % i, starts_at=now + timedelta(hours=i), ends_at=now + timedelta(hours=i)
        )
        for role in (AgendaSpeaker.Role.CHAIR, AgendaSpeaker.Role.SPEAKER):
            AgendaSpeaker.objects.create(
                agenda_item=item,
                person=factories.PersonFactory(organisation=factories.OrganisationFactory()),
                role=role,
            )
        WorkshopDocument.objects.create(
            workshop=workshop,
            kind="report",
            title="Doc %d" % i,
            file="x.pdf",
            content_type="application/pdf",
            size=1,
            original_name="x.pdf",
        )


@pytest.mark.parametrize("n", SIZES)
def test_public_list(client, year, n, django_assert_num_queries):
    _workshops(year, n)

    with django_assert_num_queries(3):
        response = client.get("/workshops/")
    with django_assert_num_queries(0):  # the list is cached until something it shows changes
        again = client.get("/workshops/")

    assert response.status_code == 200
    assert response.content.decode().count('class="workshop-card"') == n
    assert _without_csrf_token(again.content) == _without_csrf_token(response.content)


@pytest.mark.parametrize("n", SIZES)
def test_workshop_page(client, delegate, n, django_assert_num_queries):
    workshop = WorkshopFactory()
    _agenda(workshop, n)
    for _ in range(n):
        registration(workshop, status=S.CONFIRMED)
    client.force_login(delegate)

    with django_assert_num_queries(8):
        response = client.get("/workshops/%s/" % workshop.slug)
    with django_assert_num_queries(1):  # the session with its user and roles: the rest is kept, own registration too
        again = client.get("/workshops/%s/" % workshop.slug)

    assert response.status_code == 200
    assert response.content.decode().count('<li class="agenda-item') == n
    assert again.content.decode().count('<li class="agenda-item') == n


@pytest.mark.parametrize("n", SIZES)
def test_my_registrations(client, delegate, year, n, django_assert_num_queries):
    workshops = _workshops(year, n)
    for workshop in workshops:
        registration(workshop, status=S.WAITLISTED, person=person_of(delegate), funding="approved")
    client.force_login(delegate)

    with django_assert_num_queries(2):  # the session with its user and roles, the rows: fewer than a page, so no count
        response = client.get("/my/registrations/")

    assert len(response.context["registrations"]) == n
    assert shown(response, [workshop.title for workshop in workshops]) == n


@pytest.mark.parametrize("n", SIZES)
def test_my_delegation(client, year, n, django_assert_num_queries):
    state = factories.MemberStateFactory(country="SN", name="Senegal")
    focal = factories.make_delegate(email="focal@sn.example", state=state, focal_point=True)
    workshop = WorkshopFactory(year=year)
    for i in range(n):
        user = factories.make_delegate(email="d%d@state.example" % i, state=state, last_name="Participant%02d" % i)
        registration(workshop, status=S.CONFIRMED, person=person_of(user))
    client.force_login(focal)

    with django_assert_num_queries(4):
        response = client.get("/my/delegation/")

    assert len(response.context["registrations"]) == n
    assert shown(response, _participants(n)) == n


@pytest.mark.parametrize("n", SIZES)
def test_my_documents(client, delegate, year, n, django_assert_num_queries):
    for i, workshop in enumerate(_workshops(year, n)):
        registration(workshop, status=S.CONFIRMED, person=person_of(delegate))
        WorkshopDocument.objects.create(
            workshop=workshop,
            kind="report",
            title="Report %02d" % i,
            file="x.pdf",
            content_type="application/pdf",
            size=1,
            original_name="x.pdf",
            is_public=False,
        )
    client.force_login(delegate)

    with django_assert_num_queries(3):
        response = client.get("/my/documents/")

    assert len(response.context["documents"]) == n
    assert shown(response, ["Report %02d" % i for i in range(n)]) == n


@pytest.mark.parametrize("n", SIZES)
def test_staff_queue(client, secretariat, n, django_assert_num_queries):
    workshop = WorkshopFactory()
    for i in range(n):
        status = S.WAITLISTED if i % 2 else S.CONFIRMED
        registration(workshop, status=status, person=_participant(i), funding="requested", travel_from="Dakar")
    client.force_login(secretariat)

    with django_assert_num_queries(7):  # the counts by state not cached yet: the latest arrival, then the count
        response = client.get("/staff/workshops/%s/registrations/?funded=any" % workshop.slug)

    assert len(response.context["registrations"]) == n
    assert shown(response, _participants(n)) == n


@pytest.mark.parametrize("n", SIZES)
def test_staff_workshop_list(client, secretariat, year, n, django_assert_num_queries):
    workshops = _workshops(year, n)
    client.force_login(secretariat)

    with django_assert_num_queries(4):
        response = client.get("/staff/workshops/")

    assert len(response.context["workshops"]) == n
    assert shown(response, [workshop.title for workshop in workshops]) == n


@pytest.mark.parametrize("n", SIZES)
def test_staff_funding(client, secretariat, n, django_assert_num_queries):
    workshop = WorkshopFactory()
    for i in range(n):
        registration(workshop, status=S.CONFIRMED, person=_participant(i), funding="requested", travel_from="Dakar")
    client.force_login(secretariat)

    with django_assert_num_queries(6):  # the counts by state not cached yet: the latest arrival, then the count
        response = client.get("/staff/workshops/%s/funding/" % workshop.slug)

    assert len(response.context["registrations"]) == n
    assert shown(response, _participants(n)) == n


@pytest.mark.parametrize("n", SIZES)
def test_staff_agenda(client, secretariat, n, django_assert_num_queries):
    workshop = WorkshopFactory()
    _agenda(workshop, n)
    client.force_login(secretariat)

    with django_assert_num_queries(5):
        response = client.get("/staff/workshops/%s/agenda/" % workshop.slug)

    assert len(response.context["agenda"]) == n
    assert shown(response, ["Item %d" % i for i in range(n)]) == n


@pytest.mark.parametrize("n", SIZES)
def test_staff_years(client, secretariat, n, django_assert_num_queries):
    for i in range(n):
        DialogueYearFactory(year=2000 + i, theme="Theme %02d" % i, is_current=False)
    client.force_login(secretariat)

    with django_assert_num_queries(2):
        response = client.get("/staff/workshops/years/")

    assert len(response.context["years"]) == n
    assert shown(response, ["Theme %02d" % i for i in range(n)]) == n


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("page", ["1", "last"])
def test_staff_queue_first_and_last_page(client, secretariat, n, page, django_assert_num_queries):
    """Unfiltered, the total comes with the counts by state: no count of its own, first page or last;
    once the page's body is kept, the latest arrival (its key) and no row read."""
    workshop = WorkshopFactory()
    for i in range(n):
        registration(workshop, status=S.WAITLISTED if i % 2 else S.CONFIRMED, person=_participant(i))
    client.force_login(secretariat)
    address = "/staff/workshops/%s/registrations/?page=%s" % (workshop.slug, page)

    with django_assert_num_queries(6):
        built = client.get(address)
    with django_assert_num_queries(3):  # the session with its user and roles, workshop, latest arrival
        kept = client.get(address)

    assert len(built.context["registrations"]) == n
    assert _without_tokens(kept) == _without_tokens(built)
    assert shown(kept, _participants(n)) == n


def _without_tokens(response) -> str:
    return CSRF_INPUT.sub(r"\g<1>\g<2>", response.content.decode())


@pytest.mark.django_db
def test_queue_pages_follow_arrival_order_read_from_either_end(monkeypatch):
    """Every page, deep ones (ids first) and the back half (read backwards) included, is the slice
    of the queue in arrival order: together, each registration once, in order."""
    monkeypatch.setattr(queries.ArrivalPaginator, "DEEP", 4)
    workshop = WorkshopFactory()
    made = [registration(workshop, status=S.CONFIRMED).pk for _ in range(23)]
    queue = queries.registrations_for_queue(workshop=workshop)

    for count in (None, 23):
        paginator = queries.ArrivalPaginator(queue, 5, count=count)
        pages = [[row.pk for row in paginator.page(number)] for number in paginator.page_range]
        assert pages == [made[0:5], made[5:10], made[10:15], made[15:20], made[20:23]]


@pytest.mark.django_db
def test_queue_counts_follow_every_change_of_the_registrations(django_capture_on_commit_callbacks):
    """Cached, the counts still change once a registration is saved, deleted or written without signals."""
    workshop = WorkshopFactory(capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        first = registration(workshop, status=S.PENDING)
    assert (queries.queue_counts(workshop)["total"], queries.queue_counts(workshop)["pending"]) == (1, 1)

    first.status = S.CONFIRMED
    with django_capture_on_commit_callbacks(execute=True):
        first.save()
    counted = queries.queue_counts(workshop)
    assert (counted["pending"], counted["confirmed"], counted["seats_taken"]) == (0, 1, 1)

    Registration.objects.bulk_create([Registration(**_row_like(first, person=_participant(1)), status=S.WAITLISTED)])
    assert (queries.queue_counts(workshop)["total"], queries.queue_counts(workshop)["waitlisted"]) == (2, 1)

    with django_capture_on_commit_callbacks(execute=True):
        Registration.objects.filter(status=S.WAITLISTED).get().delete()
    assert (queries.queue_counts(workshop)["total"], queries.queue_counts(workshop)["waitlisted"]) == (1, 0)


def _row_like(registration, *, person):
    return {
        "workshop": registration.workshop,
        "person": person,
        "member_state": person.member_state,
        "registered_by": registration.registered_by,
    }


@pytest.mark.django_db
def test_seats_are_counted_once_a_workshop_and_the_seats_left_follow_from_the_count(django_assert_num_queries):
    """One count of the seats per row in the SQL (a second annotation computed from the first would
    repeat its subquery); the seats left never below zero, a held seat counted, a waitlisted one not."""
    roomy, full = WorkshopFactory(capacity=3), WorkshopFactory(capacity=2)
    registration(roomy, status=S.CONFIRMED)
    registration(roomy, status=S.WAITLISTED)
    for status in (S.CONFIRMED, S.ATTENDED, S.CONFIRMED):
        registration(full, status=status)

    # the staff list adds its pending, waitlisted and funding-requested counts to the seats'
    counts = [
        str(rows.query).upper().count("COUNT(")
        for rows in (queries.workshops_for_list(), queries.workshops_for_staff())
    ]
    assert counts == [1, 4]
    with django_assert_num_queries(1):
        listed = {w.pk: (w.seats_taken, w.seats_left) for w in queries.workshops_for_list()}
    assert listed == {roomy.pk: (1, 2), full.pk: (3, 0)}
    read = queries.workshop_to_register(slug=full.slug)
    assert (read.seats_taken, read.seats_left) == (3, 0)
