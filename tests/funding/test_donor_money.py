"""What a donor's money bought: one module (funding.queries.donor_money) read by the donor portal and
the donor statement; the two show the same figures, and no traveller's personal data."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from directory.models import MemberState, Person
from documents.models import DocumentKind
from documents.snapshots import funding as statement
from funding import queries, services
from funding.models import CostLine, Donor, DonorContact
from tests.factories import DonorFactory, MemberStateFactory, PersonFactory, make_donor_contact
from workshops.models import Registration

from ..documents.helpers import pdf_text
from . import factories

pytestmark = pytest.mark.django_db


def _participant(workshop, *, country, region, gender, family):
    state = MemberStateFactory(country=country, name="State " + country, region=region)
    person = PersonFactory(member_state=state, gender=gender, given_name="Secret", family_name=family)
    return Registration.objects.create(
        workshop=workshop,
        person=person,
        member_state=state,
        registered_by=factories.staff(),
        status=Registration.Status.CONFIRMED,
        funding=Registration.Funding.APPROVED,
    )


def _spend(workshop, source, amount, *, line=CostLine.PARTICIPATION, registration=None, ref=""):
    return services.record_expenditure(
        by=factories.staff(),
        workshop=workshop,
        cost_line=line,
        spent_on=date(2010, 3, 10),
        amount=Decimal(amount),
        currency="USD",
        usd_rate=None,
        description="Cost",
        source=source,
        registration=registration,
        source_ref=ref,
    )


@pytest.fixture
def bought(workshop, sweden):
    """Sweden: 10,000 earmarked for the workshop and 10,000 of the year's 40,000 programme money (25 %)."""
    earmarked = factories.contribution(workshop=workshop, donor=sweden, amount="10000")
    factories.contribution(year=workshop.year, donor=sweden, amount="10000")
    factories.contribution(year=workshop.year, donor=DonorFactory(name="Government of Norway"), amount="30000")
    allocation = services.allocate(
        workshop=workshop, by=factories.staff(), amount_usd=Decimal("8000"), allocated_on=date(2010, 2, 1)
    )
    kenyan = _participant(workshop, country="KE", region=MemberState.Region.AFRICA, gender="woman", family="Otieno")
    ecuadorian = _participant(workshop, country="EC", region=MemberState.Region.AMERICAS, gender="man", family="Vera")
    _spend(workshop, earmarked, "900", registration=kenyan, ref="t:ticket:1")  # Sweden's: 900
    _spend(workshop, allocation, "600", registration=kenyan, ref="t:dsa:1")  # Sweden's: 150
    _spend(workshop, allocation, "1000", registration=ecuadorian, ref="t:ticket:2")  # Sweden's: 250
    _spend(workshop, earmarked, "2000", line=CostLine.VENUE)
    _spend(workshop, earmarked, "5000", line=CostLine.VENUE, ref="wrong")
    services.reverse_expenditure(by=factories.staff(), source_ref="wrong", reason="Posted twice")
    return sweden


def test_the_donors_money_bought_exactly_this(workshop, bought):
    money = queries.donor_money(bought)

    [item] = money.workshops
    assert (item.earmarked, item.via_programme) == (Decimal("10000.00"), Decimal("2000.00"))
    assert [(line.cost_line, line.spent) for line in item.lines] == [
        ("participation", Decimal("1300.00")),
        ("venue", Decimal("2000.00")),
    ]
    assert money.spent == Decimal("3300.00")
    assert money.programme_unallocated == {workshop.year_id: Decimal("8000.00")}
    # Kenyan: 1,050 of 1,500 = 0.7; Ecuadorian: 250 of 1,000 = 0.25 → 0.3
    assert [(row.key, row.participants) for row in money.by_region] == [
        ("africa", Decimal("0.7")),
        ("americas", Decimal("0.3")),
    ]
    assert [(row.key, row.participants) for row in money.by_gender] == [
        ("woman", Decimal("0.7")),
        ("man", Decimal("0.3")),
    ]


def test_the_other_donor_bought_the_rest(workshop, bought):
    norway = Donor.objects.get(name="Government of Norway")

    money = queries.donor_money(norway)

    assert [(line.cost_line, line.spent) for line in money.workshops[0].lines] == [
        ("participation", Decimal("1200.00"))
    ]
    assert [(row.key, row.participants) for row in money.by_region] == [
        ("africa", Decimal("0.3")),
        ("americas", Decimal("0.8")),
    ]


def test_the_portal_and_the_statement_show_the_same_figures(client, workshop, bought):
    contact = make_donor_contact(donor=bought)
    client.force_login(contact)

    portal = queries.donor_portal(contact)
    records = statement.present_statement(statement.build_statement(bought, ""))
    page = client.get(reverse("funding:donor_portal")).content.decode()

    [paid_for] = records["paid_for"]
    [funded] = portal.workshops
    assert [(row["label"], row["usd"]) for row in paid_for["spent"]] == [
        (line.label, line.spent) for line in funded.bought.lines
    ]
    assert (paid_for["earmarked"], paid_for["via_programme"]) == (funded.earmarked, funded.via_programme)
    assert [(str(row["label"]), row["count"]) for row in records["by_region"]] == [
        (row.label, row.participants) for row in portal.money.by_region
    ]
    assert [(str(row["label"]), row["count"]) for row in records["by_gender"]] == [
        (row.label, row.participants) for row in portal.money.by_gender
    ]
    assert "3,300.00 USD of your money has been spent." in page
    assert '<th scope="row">Africa</th><td class="num">0.7</td>' in page
    assert '<th scope="row">Woman</th><td class="num">0.7</td>' in page
    assert "Otieno" not in page
    assert "Secret" not in page


def test_the_statement_pdf_reads_the_same(workshop, bought, django_capture_on_commit_callbacks):
    from documents import services as documents_services

    from ..documents.helpers import job_pdf

    with django_capture_on_commit_callbacks(execute=True):
        job = documents_services.request_document(
            kind=DocumentKind.DONOR_STATEMENT, source=bought, language="en", by=factories.staff()
        )
    job.refresh_from_db()
    text = pdf_text(job_pdf(job))

    assert "Funded participation 1,300.00 Venue 2,000.00 Spent 3,300.00" in text
    assert "By region Africa 0.7 Americas 0.3 By gender (self-declared) Woman 0.7 Man 0.3" in text
    assert "Otieno" not in text
    assert "Secret" not in text
    assert DonorContact.objects.count() == 0
    assert Person.objects.filter(gender="woman").count() == 1
