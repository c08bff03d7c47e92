"""Expenditure pages: the form refuses hostile input with a message and saves nothing; the list
filters and paginates in a fixed number of queries; the dashboard and the workshop page show
budget against actual and the unspent balance of each contribution."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from funding import services
from funding.models import CostLine, Expenditure
from tests.pages import shown

from . import factories
from .factories import form_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def money(workshop, sweden):
    return factories.contribution(workshop=workshop, donor=sweden, amount="5000")


def _data(money, **overrides) -> dict:
    return {
        "spent_on": "2010-03-10",
        "cost_line": "venue",
        "amount": "1200.50",
        "currency": "USD",
        "usd_rate": "",
        "description": "Room hire, CICG",
        "reference": "INV-2010-7",
        "source": f"contribution:{money.pk}",
        **overrides,
    }


def _spend(workshop, source, amount="100", **extra):
    values = {
        "by": factories.staff(),
        "workshop": workshop,
        "cost_line": CostLine.VENUE,
        "spent_on": date(2010, 3, 10),
        "amount": Decimal(amount),
        "currency": "USD",
        "usd_rate": None,
        "description": "Room hire",
        "source": source,
    }
    return services.record_expenditure(**{**values, **extra})


def test_the_secretariat_records_an_expenditure(staff_client, workshop, money):
    url = reverse("funding:expenditure_create", kwargs={"pk": workshop.pk})

    response = staff_client.post(url, _data(money))

    expenditure = Expenditure.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("funding:workshop", kwargs={"pk": workshop.pk})
    assert (expenditure.usd_amount, expenditure.contribution_id, expenditure.reference) == (
        Decimal("1200.50"),
        money.pk,
        "INV-2010-7",
    )


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        (
            {"amount": "", "description": ""},
            {"amount": ["This field is required."], "description": ["This field is required."]},
        ),
        ({"amount": "-5"}, {"amount": ["The amount must be above zero."]}),
        ({"amount": "1e30"}, {"amount": ["Ensure that there are no more than 16 digits in total."]}),
        (
            {"amount": "5001"},
            {
                "amount": [
                    "5,001.00 USD is more than the 5,000.00 USD this source still holds; "
                    "it is never charged beyond what it holds."
                ]
            },
        ),
        (
            {"spent_on": "0001-01-01"},
            {"spent_on": ["Enter a date between 1 January 1900 and 31 December 2100."]},
        ),
        (
            {"spent_on": "2099-12-31"},
            {"spent_on": ["Give the date it was spent: from 1900 to today, not in the future."]},
        ),
        (
            {"currency": "XYZ"},
            {
                "currency": [
                    "XYZ is not an ISO 4217 currency code; choose one from the list (for example USD, EUR, CHF)."
                ]
            },
        ),
        ({"currency": "EUR"}, {"usd_rate": ["Give the exchange rate: how many US dollars one EUR is worth."]}),
        ({"description": "x" * 301}, {"description": ["Ensure this value has at most 300 characters (it has 301)."]}),
        (
            {"cost_line": "catering"},
            {"cost_line": ["Select a valid choice. catering is not one of the available choices."]},
        ),
        (
            {"source": "contribution:999999"},
            {"source": ["Select a valid choice. contribution:999999 is not one of the available choices."]},
        ),
    ],
)
def test_hostile_input_is_a_form_error_and_nothing_is_saved(staff_client, workshop, money, overrides, errors):
    url = reverse("funding:expenditure_create", kwargs={"pk": workshop.pk})

    response = staff_client.post(url, _data(money, **overrides))

    assert response.status_code == 200
    assert form_errors(response) == errors
    assert Expenditure.objects.count() == 0


def test_another_workshops_money_is_not_offered(staff_client, workshop, other_workshop, money):
    theirs = factories.contribution(workshop=other_workshop, amount="5000")
    url = reverse("funding:expenditure_create", kwargs={"pk": workshop.pk})

    response = staff_client.post(url, _data(theirs))

    assert form_errors(response) == {
        "source": [f"Select a valid choice. contribution:{theirs.pk} is not one of the available choices."]
    }
    assert Expenditure.objects.count() == 0


def test_correct_and_reverse_through_the_pages(staff_client, workshop, money):
    expenditure = _spend(workshop, money, "1000")
    edit = reverse("funding:expenditure_edit", kwargs={"pk": expenditure.pk})
    reverse_url = reverse("funding:expenditure_reverse", kwargs={"pk": expenditure.pk})

    no_reason = staff_client.post(edit, _data(money, amount="900", reason=""))
    corrected = staff_client.post(edit, _data(money, amount="900", reason="Credit note"))
    reversed_ = staff_client.post(reverse_url, {"reason": "Booked twice"})

    expenditure.refresh_from_db()
    assert form_errors(no_reason) == {"reason": ["This field is required."]}
    back = reverse("funding:expenditure_list") + "?workshop=%d" % workshop.pk
    assert (corrected.status_code, corrected["Location"]) == (302, back)
    assert (reversed_.status_code, reversed_["Location"]) == (302, back)
    assert (expenditure.usd_amount, expenditure.reversal_reason) == (Decimal("900.00"), "Booked twice")
    assert services.charged(money) == Decimal("0.00")


def test_the_list_filters(staff_client, workshop, other_workshop, money):
    theirs = factories.contribution(workshop=other_workshop, amount="5000")
    _spend(workshop, money, "100", description="Room hire", reference="INV-1")
    _spend(workshop, money, "200", cost_line=CostLine.INTERPRETATION, description="Interpreters")
    _spend(other_workshop, theirs, "300", description="Room hire")
    gone = _spend(workshop, money, "400", description="Wrong")
    services.reverse_expenditure(by=factories.staff(), expenditure=gone, reason="Wrong")
    url = reverse("funding:expenditure_list")

    def shown(**params):
        response = staff_client.get(url, params)
        return [e.description for e in response.context["object_list"]], response.context["total"]

    assert shown() == (["Room hire", "Interpreters", "Room hire"], Decimal("600.00"))
    assert shown(workshop=workshop.pk) == (["Interpreters", "Room hire"], Decimal("300.00"))
    assert shown(cost_line="interpretation") == (["Interpreters"], Decimal("200.00"))
    assert shown(q="inv-1") == (["Room hire"], Decimal("100.00"))
    assert shown(state="reversed") == (["Wrong"], Decimal("0.00"))
    assert staff_client.get(url, {"workshop": 999999}).status_code == 404
    assert shown(cost_line="x" * 500, year="abc", page="-1") == (
        ["Room hire", "Interpreters", "Room hire"],
        Decimal("600.00"),
    )


@pytest.mark.parametrize("n", [1, 30])
def test_the_expenditure_list_queries_do_not_grow(staff_client, workshop, money, n, django_assert_num_queries):
    factories.contribution(year=workshop.year, amount="10000")  # the programme money allocated
    allocation = services.allocate(
        workshop=workshop, by=factories.staff(), amount_usd=Decimal("5000"), allocated_on=date(2010, 2, 1)
    )
    for i in range(n):
        _spend(workshop, money if i % 2 else allocation, "10", description=f"Cost {i}")

    with django_assert_num_queries(5):
        response = staff_client.get(reverse("funding:expenditure_list"))

    assert len(response.context["object_list"]) == n
    assert shown(response, [f"Cost {i}" for i in range(n)]) == n


def test_the_dashboard_and_workshop_page_show_budget_against_actual(staff_client, workshop, money, sweden):
    programme = factories.contribution(year=workshop.year, donor=sweden, amount="20000")
    allocation = services.allocate(
        workshop=workshop, by=factories.staff(), amount_usd=Decimal("10000"), allocated_on=date(2010, 2, 1)
    )
    _spend(workshop, money, "3000")
    _spend(workshop, allocation, "4000", cost_line=CostLine.PARTICIPATION)

    year_actuals = staff_client.get(reverse("funding:year_actuals", kwargs={"year": 2010}))
    contributions = staff_client.get(reverse("funding:year_contributions", kwargs={"year": 2010}))
    page = staff_client.get(reverse("funding:workshop", kwargs={"pk": workshop.pk}))

    actuals = year_actuals.context["actuals"]
    assert [(a.budget, a.covered, a.spent, a.committed_not_spent, a.balance) for a in [actuals.total]] == [
        # covered: the coverage rule's pro-rata shares, each rounded down to the cent
        (Decimal("110000.00"), Decimal("14999.99"), Decimal("7000.00"), Decimal("7999.99"), Decimal("103000.00"))
    ]
    assert [(line.cost_line, line.spent, line.balance) for line in actuals.lines] == [
        ("participation", Decimal("4000.00"), Decimal("76000.00")),
        ("venue", Decimal("3000.00"), Decimal("17000.00")),
        ("interpretation", Decimal("0.00"), Decimal("10000.00")),
    ]
    balances = {b.contribution.pk: (b.spent, b.unspent) for b in contributions.context["balances"]}
    assert balances == {
        money.pk: (Decimal("3000.00"), Decimal("2000.00")),
        programme.pk: (Decimal("4000.00"), Decimal("16000.00")),
    }
    html = page.content.decode()
    assert '<th scope="row">Venue</th>\n      \n      <td class="num">20,000.00</td>' in html
    assert page.context["page"].actuals.total.spent == Decimal("7000.00")
    assert [e.usd_amount for e in page.context["page"].expenditures] == [Decimal("4000.00"), Decimal("3000.00")]
