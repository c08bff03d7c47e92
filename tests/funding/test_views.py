"""Secretariat pages: bad input gets a clear message and saves nothing; queries do not grow with rows."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from funding import services
from funding.models import Allocation, AuditEntry, BudgetLine, Contribution, Donor, Payment
from tests.factories import DonorFactory, make_donor_contact
from tests.pages import shown, text
from workshops.models import Registration, Workshop

from . import factories
from .factories import contribution, contribution_data, form_errors, pay

D = Decimal
Stage = Contribution.Stage


# --- Contributions --------------------------------------------------------------------------


def test_recording_a_pledge(staff_client, year, sweden):
    response = staff_client.post(reverse("funding:contribution_create"), contribution_data(year, sweden))

    pledge = Contribution.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("funding:contribution_detail", kwargs={"pk": pledge.pk})
    assert (pledge.stage, pledge.amount, pledge.currency, pledge.usd_amount) == (
        Stage.PLEDGE,
        D("25000"),
        "EUR",
        D("33750.00"),
    )


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"amount": "-100"}, {"amount": ["The amount must be above zero."]}),
        (
            {"currency": "XYZ"},
            {
                "currency": [
                    "XYZ is not an ISO 4217 currency code; choose one from the list (for example USD, EUR, CHF)."
                ]
            },
        ),
        ({"usd_rate": "-1.2"}, {"usd_rate": ["The amount must be above zero."]}),
        ({"usd_rate": ""}, {"usd_rate": ["Give the exchange rate: how many US dollars one EUR is worth."]}),
        ({"pledged_on": ""}, {"pledged_on": ["Give the date of the pledge."]}),
        ({"stage": "commitment", "pledged_on": ""}, {"committed_on": ["Give the date of the commitment."]}),
        ({"cost_line": "venue"}, {"cost_line": ["A cost line can only be earmarked within one workshop."]}),
    ],
)
def test_bad_contribution_input_gets_a_clear_error_and_saves_nothing(staff_client, year, sweden, overrides, errors):
    response = staff_client.post(reverse("funding:contribution_create"), contribution_data(year, sweden, **overrides))

    assert response.status_code == 200
    assert form_errors(response) == errors
    assert (Contribution.objects.count(), AuditEntry.objects.filter(kind="contribution").count()) == (0, 0)


def test_committing_a_pledge_through_the_page(staff_client, year, sweden):
    pledge = contribution(donor=sweden, year=year, stage=Stage.PLEDGE, amount="25000", currency="EUR", rate="1.30")

    response = staff_client.post(
        reverse("funding:contribution_commit", kwargs={"pk": pledge.pk}),
        {"committed_on": "2010-06-01", "usd_rate": "1.2345", "amount": "", "agreement_reference": "NL-2010"},
    )

    pledge.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("funding:contribution_detail", kwargs={"pk": pledge.pk})
    assert (pledge.stage, pledge.usd_amount, pledge.agreement_reference) == (
        Stage.COMMITMENT,
        D("30862.50"),
        "NL-2010",
    )


def test_a_payment_above_the_commitment_is_refused_on_the_page(staff_client, year):
    committed = contribution(year=year, amount="1000", currency="CHF", rate="0.95")
    pay(committed, "900")

    response = staff_client.post(
        reverse("funding:payment_create", kwargs={"pk": committed.pk}),
        {"received_on": "2010-03-01", "amount": "100.01", "currency": "CHF", "reference": ""},
    )

    assert response.status_code == 200
    assert form_errors(response) == {
        "amount": [
            "Payments would total 1,000.01 CHF, above the commitment of 1,000.00 CHF "
            "(at most 100.00 CHF can still be received)."
        ]
    }
    assert Payment.objects.count() == 1


def test_a_negative_payment_is_refused(staff_client, year):
    committed = contribution(year=year, amount="1000")

    response = staff_client.post(
        reverse("funding:payment_create", kwargs={"pk": committed.pk}),
        {"received_on": "2010-03-01", "amount": "-5", "currency": "USD", "reference": ""},
    )

    assert form_errors(response) == {"amount": ["The amount must be above zero."]}
    assert Payment.objects.count() == 0


# --- Budgets and allocations ----------------------------------------------------------------


def test_saving_a_budget_through_the_page(staff_client, year):
    workshop = factories.WorkshopFactory(year=year, status=Workshop.Status.PROPOSED)

    response = staff_client.post(
        reverse("funding:budget", kwargs={"pk": workshop.pk}),
        {
            "participation_seats": "30",
            "participation_unit_cost": "4000",
            "venue": "20000",
            "interpretation": "26000",
            "documents": "8000",
            "other": "6000",
        },
    )

    workshop.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("funding:workshop", kwargs={"pk": workshop.pk})
    assert workshop.status == Workshop.Status.SUBJECT_TO_FUNDING
    assert sum(BudgetLine.objects.filter(workshop=workshop).values_list("amount", flat=True)) == D("180000.00")


def test_a_negative_budget_line_is_refused_on_the_page(staff_client, workshop):
    response = staff_client.post(
        reverse("funding:budget", kwargs={"pk": workshop.pk}),
        {"participation_seats": "20", "participation_unit_cost": "4000", "venue": "-20000", "interpretation": ""},
    )

    assert form_errors(response) == {"venue": ["A budget amount cannot be negative."]}
    assert BudgetLine.objects.get(workshop=workshop, cost_line="venue").amount == D("20000.00")


def test_seats_without_a_unit_cost_are_refused(staff_client, workshop):
    response = staff_client.post(reverse("funding:budget", kwargs={"pk": workshop.pk}), {"participation_seats": "20"})

    assert form_errors(response) == {
        "participation_unit_cost": ["Give both the number of funded seats and the cost per participant."]
    }


def test_over_allocation_is_refused_on_the_page(staff_client, workshop):
    contribution(year=workshop.year, amount="5000")

    response = staff_client.post(
        reverse("funding:allocation_create", kwargs={"pk": workshop.pk}),
        {"amount_usd": "5000.01", "cost_line": "", "allocated_on": "2010-03-01", "note": ""},
    )

    assert response.status_code == 200
    assert form_errors(response) == {
        "amount_usd": [
            "Only 5,000.00 USD of unearmarked money is available for allocation in this year; "
            "5,000.01 USD is more than that."
        ]
    }
    assert Allocation.objects.count() == 0


def test_early_confirmation_through_the_page(staff_client, workshop):
    response = staff_client.post(
        reverse("funding:confirm_early", kwargs={"pk": workshop.pk}), {"reason": "The host government pays the rest."}
    )

    workshop.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("funding:workshop", kwargs={"pk": workshop.pk})
    assert workshop.status == Workshop.Status.CONFIRMED


def test_adding_a_donor_contact(staff_client, sweden):
    user = factories.make_user(email="lars@gov.example")

    response = staff_client.post(
        reverse("funding:donor_contact_add", kwargs={"pk": sweden.pk}), {"email": "LARS@gov.example"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("funding:donor_detail", kwargs={"pk": sweden.pk})
    assert user.donor_contact.donor == sweden


def test_a_contact_of_another_donor_cannot_be_added(staff_client, sweden):
    make_donor_contact(
        email="someone@donor.example",
        first_name="Ingrid",
        last_name="Dahl",
        donor=DonorFactory(name="Government of Norway"),
    )

    response = staff_client.post(
        reverse("funding:donor_contact_add", kwargs={"pk": sweden.pk}), {"email": "someone@donor.example"}
    )

    assert form_errors(response) == {"email": ["Ingrid Dahl is already a contact of Government of Norway."]}


# --- What the pages show --------------------------------------------------------------------


def test_the_dashboard_shows_the_figures_of_each_workshop(staff_client, workshop, other_workshop, staff):
    contribution(workshop=workshop, amount="60000")
    contribution(workshop=workshop, amount="5000", stage=Stage.PLEDGE)
    paid = contribution(workshop=other_workshop, amount="20000", currency="EUR", rate="1.5")
    pay(paid, "10000")
    contribution(year=workshop.year, amount="30000")
    services.allocate(workshop=other_workshop, by=staff, amount_usd=D("25000"), allocated_on=date(2010, 3, 1))

    response = staff_client.get(reverse("funding:year", kwargs={"year": 2010}))

    rows = {
        f.workshop.title: (f.budget, f.pledged, f.committed, f.paid, f.allocated, f.gap, f.workshop.funded_seats)
        for f in response.context["dashboard"].workshops
    }
    totals = response.context["dashboard"].totals
    assert rows == {
        "Migration and Transnationalism": (
            D("110000.00"),
            D("5000.00"),
            D("60000.00"),
            D("0.00"),
            0,
            D("50000.00"),
            10,
        ),
        "Societies and Identities": (D("110000.00"), 0, D("30000.00"), D("15000.00"), D("25000.00"), D("55000.00"), 10),
    }
    assert (totals.budget, totals.pledged, totals.committed, totals.paid, totals.available) == (
        D("220000.00"),
        D("5000.00"),
        D("120000.00"),
        D("15000.00"),
        D("5000.00"),
    )
    assert b"<svg" in response.content
    assert b"style=" not in response.content


def test_the_dashboard_links_the_pages_of_its_year(staff_client, workshop):
    pages = ["funding:year", "funding:year_actuals", "funding:year_contributions"]

    responses = [staff_client.get(reverse(name, kwargs={"year": 2010})).content.decode() for name in pages]

    links = ['href="%s"' % reverse(name, kwargs={"year": 2010}) for name in pages]
    assert [[html.count(link) for link in links] for html in responses] == [[1, 1, 1]] * 3
    assert [html.count('aria-current="page">') for html in responses] == [2, 2, 2]  # Dashboard, and the page's tab
    assert ['%s" aria-current="page">' % link[6:-1] in html for link, html in zip(links, responses, strict=True)] == [
        True
    ] * 3


# --- Query counts: the same with 1 row as with 30 -------------------------------------------


def _rows(n: int, workshop) -> list[str]:
    """n donors, each with a commitment of 1,000 (every second one earmarked for the workshop) half paid and
    a pledge of 100; their names."""
    names = []
    for i in range(n):
        donor = DonorFactory()
        money = contribution(donor=donor, workshop=workshop if i % 2 else None, year=workshop.year, amount="1000")
        pay(money, "500")
        contribution(donor=donor, year=workshop.year, stage=Stage.PLEDGE, amount="100")
        names.append(donor.name)
    return names


@pytest.mark.parametrize("n", [1, 30])
def test_the_year_dashboard_queries_do_not_grow(staff_client, workshop, n, django_assert_num_queries):
    _rows(n, workshop)

    with django_assert_num_queries(8):
        response = staff_client.get(reverse("funding:year", kwargs={"year": 2010}))

    assert len(response.context["dashboard"].contributions) == 2 * n
    assert [f.committed for f in response.context["dashboard"].workshops] == [D("1000.00") * (n // 2)]


@pytest.mark.parametrize("n", [1, 30])
def test_the_year_contributions_queries_do_not_grow(staff_client, workshop, n, django_assert_num_queries):
    names = _rows(n, workshop)

    with django_assert_num_queries(7):  # the year, the page and its count, the unspent balances of the page (three)
        response = staff_client.get(reverse("funding:year_contributions", kwargs={"year": 2010}))

    page = text(response)
    assert page.count(" Pledge 100.00 USD ") + page.count(" Commitment 1,000.00 USD ") == min(50, 2 * n)  # 50 a page
    assert shown(response, names) == min(25, n)  # two rows each


@pytest.mark.parametrize("n", [1, 30])
def test_the_year_actuals_queries_do_not_grow(staff_client, workshop, n, django_assert_num_queries):
    for _ in range(n - 1):
        factories.budget(factories.WorkshopFactory(year=workshop.year))
    _rows(n, workshop)

    with django_assert_num_queries(9):  # the year's figures, then its spending per workshop and line
        response = staff_client.get(reverse("funding:year_actuals", kwargs={"year": 2010}))

    actuals = response.context["actuals"]
    assert len(actuals.workshops) == n
    assert (actuals.total.budget, actuals.total.spent) == (D("110000.00") * n, D("0.00"))
    workshops = Workshop.objects.filter(year=workshop.year)
    assert (
        sorted(response.content.decode().count('href="/staff/funding/workshops/%d/"' % w.pk) for w in workshops)
        == [1] * n
    )


@pytest.mark.parametrize("n", [1, 30])
def test_the_overview_queries_do_not_grow(staff_client, workshop, n, django_assert_num_queries):
    _rows(n, workshop)

    with django_assert_num_queries(9):
        response = staff_client.get(reverse("funding:overview"))

    assert "2010 Migration and social change 110,000.00 %s %s %s" % (
        f"{100 * n:,.2f}",
        f"{1000 * n:,.2f}",
        f"{500 * n:,.2f}",
    ) in text(response)  # budget, pledged, committed, paid: every row summed


@pytest.mark.parametrize("n", [1, 30])
def test_the_workshop_page_queries_do_not_grow(staff_client, workshop, n, django_assert_num_queries):
    names = _rows(n, workshop)

    with django_assert_num_queries(12):  # + spending per line, the latest expenditures
        response = staff_client.get(reverse("funding:workshop", kwargs={"pk": workshop.pk}))

    assert shown(response, names[1::2]) == n // 2  # the earmarked contributions' donors
    assert text(response).count(" Whole workshop Commitment 1,000.00 USD 1,000.00 ") == n // 2


@pytest.mark.parametrize("n", [1, 30])
def test_the_donor_list_queries_do_not_grow(staff_client, workshop, n, django_assert_num_queries):
    names = _rows(n, workshop)

    with django_assert_num_queries(3):
        response = staff_client.get(reverse("funding:donor_list"))

    assert shown(response, names) == n
    assert text(response).count(" Government yes 1,000.00 100.00 0 ") == n


@pytest.mark.parametrize("n", [1, 30])
def test_the_donor_page_queries_do_not_grow(staff_client, workshop, sweden, n, django_assert_num_queries):
    for _ in range(n):
        pay(contribution(donor=sweden, workshop=workshop, amount="100"), "50")

    with django_assert_num_queries(4):
        response = staff_client.get(reverse("funding:donor_detail", kwargs={"pk": sweden.pk}))

    assert text(response).count("2010 Migration and Transnationalism Commitment 100.00 USD 100.00 50.00") == n


@pytest.mark.parametrize("n", [1, 30])
def test_the_audit_history_queries_do_not_grow(staff_client, workshop, n, django_assert_num_queries):
    _rows(n, workshop)

    with django_assert_num_queries(7):  # the newest entry's id (the kept page's key), then the page built
        response = staff_client.get(reverse("funding:audit"))

    assert len(response.context["object_list"]) == min(50, AuditEntry.objects.count())
    assert text(response).count(" Created ") == min(50, 3 * n + 3)  # 3 budget lines, 2 contributions and a payment each


@pytest.mark.parametrize("n", [1, 30])
def test_the_contribution_page_queries_do_not_grow(staff_client, year, n, django_assert_num_queries):
    money = contribution(year=year, amount="1000")
    for _ in range(n):
        pay(money, "1")

    with django_assert_num_queries(4):
        response = staff_client.get(reverse("funding:contribution_detail", kwargs={"pk": money.pk}))

    assert text(response).count("2010-02-01 1.00 USD 1.00 Edit · Delete") == n


def test_funded_seats_taken_are_shown(staff_client, workshop):
    contribution(workshop=workshop, amount="110000")
    registration = factories.funded_registration(workshop)

    response = staff_client.get(reverse("funding:year", kwargs={"year": 2010}))

    figures = response.context["dashboard"].workshops[0]
    assert (registration.funding, figures.funded_seats_taken, figures.workshop.funded_seats) == (
        Registration.Funding.APPROVED,
        1,
        20,
    )


# --- Donors ---------------------------------------------------------------------------------


def test_creating_and_editing_a_donor(staff_client):
    response = staff_client.post(
        reverse("funding:donor_create"),
        {"name": "Government of Norway", "kind": "government", "country": "NO", "acknowledged_by_name": "on"},
    )
    norway = Donor.objects.get(name="Government of Norway")
    staff_client.post(
        reverse("funding:donor_edit", kwargs={"pk": norway.pk}),
        {"name": "Government of Norway", "kind": "government", "country": "NO", "iati_identifier": "XM-DAC-8"},
    )

    norway.refresh_from_db()
    assert response["Location"] == reverse("funding:donor_detail", kwargs={"pk": norway.pk})
    assert (norway.acknowledged_by_name, norway.iati_identifier) == (False, "XM-DAC-8")
    assert list(AuditEntry.objects.filter(kind="donor").values_list("action", flat=True)) == ["changed", "created"]


def test_a_donor_with_contributions_cannot_be_deleted(staff_client, year, sweden):
    contribution(donor=sweden, year=year)

    response = staff_client.post(reverse("funding:donor_delete", kwargs={"pk": sweden.pk}), {"reason": "Duplicate"})

    assert response.context["form"].non_field_errors() == [
        "Government of Sweden has contributions on record and cannot be deleted."
    ]
    assert Donor.objects.filter(pk=sweden.pk).exists() is True


def test_deleting_a_donor_entered_by_mistake(staff_client, sweden):
    response = staff_client.post(reverse("funding:donor_delete", kwargs={"pk": sweden.pk}), {"reason": "Duplicate"})

    assert response["Location"] == reverse("funding:donor_list")
    assert Donor.objects.filter(pk=sweden.pk).exists() is False
    assert list(AuditEntry.objects.filter(kind="donor").values_list("action", "reason")) == [("deleted", "Duplicate")]
