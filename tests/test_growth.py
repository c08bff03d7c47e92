"""The heaviest pages at ten times the data: the same queries as with one row, and one page of rows.

Each test measures a page with one row, adds 299 more (in bulk: the rules are tested elsewhere), and
measures it again: the query count does not move and the page still shows at most 50 rows.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directory.models import Organisation, Person
from funding.models import AuditEntry
from tests import factories
from tests.funding.factories import YearFactory, bulk_contributions, contribution, pay
from tests.funding.factories import staff as funding_staff
from tests.workshops.factories import WorkshopFactory
from workshops.models import Registration

pytestmark = pytest.mark.django_db
MORE = 299


def _queries(client, url: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert (url, response.status_code) == (url, 200)
    return len(captured), response


def _people(n: int, *, state=None) -> list[Person]:
    state = state or factories.MemberStateFactory()
    ministry = Organisation.objects.create(name="Ministry %d" % n, kind="ministry", member_state=state)
    return Person.objects.bulk_create(
        [
            Person(given_name="Given%d" % i, family_name="Family%d" % i, member_state=state, organisation=ministry)
            for i in range(n)
        ]
    )


def test_the_registration_queue_at_ten_times_the_registrations(client):
    secretariat = factories.make_secretariat(email="s@iom.example")
    workshop = WorkshopFactory()
    people = _people(1 + MORE)
    now = timezone.now()

    def register(batch):
        Registration.objects.bulk_create(
            [
                Registration(
                    workshop=workshop,
                    person=p,
                    member_state=p.member_state,
                    registered_by=secretariat,
                    status="pending",
                    created_at=now + timedelta(seconds=i),
                )
                for i, p in enumerate(batch)
            ]
        )

    client.force_login(secretariat)
    url = reverse("workshops:staff_queue", args=[workshop.slug])
    _queries(client, url)  # the queue's cache version made (queries of their own with the database cache)
    register(people[:1])
    one, _ = _queries(client, url)  # the counts by state computed, then cached, the page's body built
    one_kept, _ = _queries(client, url)  # the body kept
    one_last, _ = _queries(client, url + "?page=last")  # a body of its own, built
    register(people[1:])
    many, response = _queries(client, url)  # new arrivals: computed again
    many_kept, _ = _queries(client, url)
    many_last, last_page = _queries(client, url + "?page=last")

    assert (many, many_kept, many_last) == (one, one_kept, one_last)
    assert (len(response.context["registrations"]), len(last_page.context["registrations"])) == (50, 50)


def test_the_people_list_at_ten_times_the_people(client):
    client.force_login(factories.make_secretariat(email="s@iom.example"))
    url = reverse("directory:person_list")
    _queries(client, url)  # the people count's version made (queries of their own with the database cache)
    _people(1)
    one, _ = _queries(client, url)  # a new latest person: counted again, as below
    _people(MORE)
    many, response = _queries(client, url)

    assert many == one
    assert len(response.context["object_list"]) == 50


def _contributions(n: int, *, donor, year, workshop) -> None:
    """n committed contributions, a third paid, each with an audit entry, written in bulk."""
    made = bulk_contributions(n, donor=donor, year=year, workshop=workshop)
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                action="created", kind="contribution", object_id=c.pk, summary="Contribution", year=year, donor=donor
            )
            for c in made
        ]
    )


def test_the_funding_dashboard_and_the_audit_at_ten_times_the_contributions(client):
    year = YearFactory()
    workshop = WorkshopFactory(year=year)
    donor = factories.DonorFactory()
    # One of each kind, as the many below: earmarked for the workshop and programme money (the year's
    # programme figures are read only when the year has some), so only the number of rows grows.
    pay(contribution(donor=donor, year=year, workshop=workshop, amount="1000"), "500")
    contribution(donor=donor, year=year, amount="1000")
    client.force_login(funding_staff())
    dashboard, audit = reverse("funding:year", args=[year.year]), reverse("funding:audit")
    contributions = reverse("funding:year_contributions", args=[year.year])
    one = (_queries(client, dashboard)[0], _queries(client, contributions)[0], _queries(client, audit)[0])
    one_kept = (_queries(client, dashboard)[0], _queries(client, audit)[0])  # the figures and history kept
    _contributions(MORE, donor=donor, year=year, workshop=workshop)
    cache.clear()  # written in bulk: no signal gave the kept figures a new version, as a save would
    many_dashboard, dashboard_response = _queries(client, dashboard)
    many_contributions, response = _queries(client, contributions)
    many_audit, audit_response = _queries(client, audit)
    many_kept = (_queries(client, dashboard)[0], _queries(client, audit)[0])

    assert (many_dashboard, many_contributions, many_audit) == one
    assert many_kept == one_kept
    assert one_kept[0] < one[0] and one_kept[1] < one[2]
    assert dashboard_response.context["dashboard"].totals.committed == Decimal("1000.00") * (2 + MORE)
    assert len(response.context["contributions"]) == 50
    assert len(audit_response.context["object_list"]) == 50


def test_the_donor_portal_at_ten_times_the_contributions(client):
    contact = factories.make_donor_contact(email="c@donor.example")
    donor = contact.donor_contact.donor
    year = YearFactory()
    workshop = WorkshopFactory(year=year)
    pay(contribution(donor=donor, year=year, workshop=workshop, amount="1000"), "500")
    pay(contribution(donor=donor, year=year, amount="1000"), "500")  # programme money too, as below
    client.force_login(contact)
    url = reverse("funding:donor_portal")
    one, _ = _queries(client, url)  # the figures computed
    one_kept, _ = _queries(client, url)  # and kept (funding/cache.py)
    _contributions(MORE, donor=donor, year=year, workshop=workshop)
    cache.clear()  # written in bulk: no signal gave the kept figures a new version, as a save would
    many, response = _queries(client, url)
    many_kept, _ = _queries(client, url)

    assert (many, many_kept) == (one, one_kept)
    assert one_kept < one
    assert len(response.context["contributions"]) == 50
    assert response.context["portal"].years[0].committed == Decimal("1000.00") * (2 + MORE)
