"""The year's dashboard figures and the audit history are kept (funding.cache) and show a change at once:
each change made as the portal makes it, through its services, committed."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from directory import services as directory_services
from funding import services
from tests.pages import text

from .factories import budget, contribution, funded_registration, pay, staff

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change as if its transaction committed (the versions are renewed on commit)."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    return run


def _dashboard(client, year, **headers) -> str:
    return text(client.get(reverse("funding:year", kwargs={"year": year.year}), **headers))


def _fresh(client, path: str, **params) -> str:
    """The page built again from the records, nothing kept."""
    cache.clear()
    return text(client.get(path, params))


def test_the_kept_dashboard_shows_each_change_at_once(
    staff_client, workshop, sweden, committed, django_assert_num_queries
):
    url = reverse("funding:year", kwargs={"year": workshop.year.year})
    money = committed(lambda: contribution(donor=sweden, workshop=workshop, amount="3000"))
    first = _dashboard(staff_client, workshop.year)
    with django_assert_num_queries(2):  # kept: the session with its user, the year
        kept = _dashboard(staff_client, workshop.year)

    committed(lambda: pay(money, "1000"))
    paid = _dashboard(staff_client, workshop.year)
    assert paid == _fresh(staff_client, url)
    committed(lambda: funded_registration(workshop))
    seats = _dashboard(staff_client, workshop.year)
    assert seats == _fresh(staff_client, url)
    committed(lambda: budget(workshop, venue="30000"))
    budgeted = _dashboard(staff_client, workshop.year)
    assert budgeted == _fresh(staff_client, url)

    assert kept == first
    assert "Paid 0.00" in first and "Paid 1,000.00" in paid
    row = "Migration and Transnationalism 9 March 2010 Planned, subject to available funding 110,000.00 0.00 3,000.00"
    assert f"{row} 1,000.00 0.00 107,000.00 0 / 0" in paid
    assert f"{row} 1,000.00 0.00 107,000.00 1 / 0" in seats  # funded seats taken / funded
    assert "Budget 110,000.00 USD" in seats and "Budget 120,000.00 USD" in budgeted


def test_the_kept_dashboard_is_kept_per_language(staff_client, workshop, sweden, committed):
    committed(lambda: contribution(donor=sweden, workshop=workshop, amount="3000"))

    english = _dashboard(staff_client, workshop.year)
    french = _dashboard(staff_client, workshop.year, HTTP_ACCEPT_LANGUAGE="fr")

    assert "Committed 3,000.00" in english
    assert "3 000,00" in french.replace("\u202f", " ").replace("\xa0", " ")


def _audit(client, **params) -> str:
    return text(client.get(reverse("funding:audit"), params))


def test_the_kept_audit_history_shows_each_change_at_once(
    staff_client, workshop, sweden, committed, django_assert_num_queries
):
    money = committed(lambda: contribution(donor=sweden, workshop=workshop, amount="3000"))
    first = _audit(staff_client)
    with django_assert_num_queries(2):  # kept: the session with its user, the newest entry's id
        kept = _audit(staff_client)

    committed(lambda: pay(money, "1000"))
    paid = _audit(staff_client)
    assert paid == _fresh(staff_client, reverse("funding:audit"))
    sweden.name = "Kingdom of Sweden"
    committed(lambda: services.save_donor(donor=sweden, by=staff()))
    renamed = _audit(staff_client, donor=sweden.pk)
    assert renamed == _fresh(staff_client, reverse("funding:audit"), donor=sweden.pk)
    committed(
        lambda: directory_services.update_profile(
            user=staff(), first_name="Tess", last_name="Treasurer", preferred_language="en"
        )
    )
    by_name = _audit(staff_client)
    assert by_name == _fresh(staff_client, reverse("funding:audit"))

    assert kept == first
    assert first.count(" Created ") == 4  # three budget lines and the contribution
    assert paid.count(" Created ") == 5
    assert "Kingdom of Sweden" in renamed.split("Filter")[0]
    assert by_name.count("Tess Treasurer") == 1 + 6  # the header's, then who made each of the six changes
