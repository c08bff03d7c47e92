"""The IATI activity file (2.03) of a year validates against the official schema."""

from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from django.urls import reverse

from funding.models import Contribution, CostLine

from .factories import contribution, pay

# The official IATI 2.03 schema (with its licence), kept beside the tests so they need nothing outside the repo.
SCHEMA = Path(__file__).parent / "data" / "iati-schema-2.03" / "iati-activities-schema.xsd"
Stage = Contribution.Stage


@pytest.fixture
def schema():
    import xmlschema

    return xmlschema.XMLSchema(str(SCHEMA))


@pytest.fixture
def money(workshop, sweden):
    pledge_then_commitment = contribution(
        donor=sweden,
        year=workshop.year,
        amount="1100000",
        currency="SEK",
        rate="0.1389",
        agreement_reference="SE-IDM-2010",
    )
    pay(pledge_then_commitment, "700000", reference="SE-PAY-1")
    contribution(
        workshop=workshop,
        cost_line=CostLine.PARTICIPATION,
        amount="5000",
        currency="JPY",
        rate="0.011",
        stage=Stage.PLEDGE,
    )
    return pledge_then_commitment


def test_the_years_iati_file_validates(client, staff, money, schema):
    client.force_login(staff)

    response = client.get(reverse("funding:year_iati", kwargs={"year": 2010}))

    schema.validate(response.content.decode())
    root = ET.fromstring(response.content)  # noqa: S314 - our own export
    activity = root.find("iati-activity")
    transactions = [
        (t.find("transaction-type").get("code"), t.find("value").get("currency"), t.find("value").text)
        for t in activity.findall("transaction")
    ]
    assert root.get("version") == "2.03"
    assert activity.findtext("iati-identifier") == "XM-DAC-47066-IDM-2010"
    assert transactions == [
        ("13", "JPY", "5000"),  # the pledge
        ("11", "SEK", "1100000.00"),  # the commitment
        ("1", "SEK", "700000.00"),  # the payment
    ]
    assert response["Content-Type"] == "application/xml; charset=utf-8"


def test_a_year_without_money_still_validates(client, staff, workshop, schema):
    client.force_login(staff)

    response = client.get(reverse("funding:year_iati", kwargs={"year": 2010}))

    schema.validate(response.content.decode())


def test_pledged_then_committed_money_reports_both_steps(client, staff, workshop, sweden, schema):
    from datetime import date

    from funding import services

    pledge = contribution(
        donor=sweden, workshop=workshop, stage=Stage.PLEDGE, amount="1000", currency="EUR", rate="1.3"
    )
    services.commit_contribution(contribution=pledge, by=staff, committed_on=date(2010, 2, 1), usd_rate=Decimal("1.4"))
    client.force_login(staff)

    response = client.get(reverse("funding:year_iati", kwargs={"year": 2010}))

    schema.validate(response.content.decode())
    exported = ET.fromstring(response.content)  # noqa: S314 - our own export
    codes = [t.get("code") for t in exported.iter("transaction-type")]
    assert codes == ["13", "11"]


def test_expenditures_are_type_4_transactions_and_the_file_still_validates(client, staff, workshop, sweden, schema):
    from datetime import date

    from funding import services
    from tests.factories import make_donor_contact

    earmarked = contribution(donor=sweden, workshop=workshop, amount="5000")
    contribution(year=workshop.year, amount="1000")  # the programme money the allocation comes from
    allocation = services.allocate(
        workshop=workshop, by=staff, amount_usd=Decimal("100"), allocated_on=date(2010, 2, 1)
    )
    spend = {"by": staff, "workshop": workshop, "spent_on": date(2010, 3, 10), "usd_rate": None}
    services.record_expenditure(
        **spend,
        cost_line="venue",
        amount=Decimal("1200.5"),
        currency="USD",
        description="Room",
        reference="INV-7",
        source=earmarked,
    )
    services.record_expenditure(
        **{**spend, "usd_rate": Decimal("0.95")},
        cost_line="participation",
        amount=Decimal("80"),
        currency="CHF",
        description="DSA of Ms Secret Traveller",
        source=allocation,
    )
    gone = services.record_expenditure(
        **spend, cost_line="venue", amount=Decimal("5"), currency="USD", description="Wrong", source=earmarked
    )
    services.reverse_expenditure(by=staff, expenditure=gone, reason="Wrong")
    client.force_login(staff)

    response = client.get(reverse("funding:year_iati", kwargs={"year": 2010}))

    schema.validate(response.content.decode())
    exported = ET.fromstring(response.content)  # noqa: S314 - our own export
    spent = [
        (t.get("ref"), t.find("value").get("currency"), t.find("value").text, t.findtext("description/narrative"))
        for t in exported.iter("transaction")
        if t.find("transaction-type").get("code") == "4"
    ]
    assert spent == [
        ("INV-7", "USD", "1200.50", "Venue: " + workshop.title),
        (None, "CHF", "80.00", "Funded participation: " + workshop.title),
    ]
    assert "Secret" not in response.content.decode()
    donor_client = client.__class__()
    donor_client.force_login(make_donor_contact(donor=sweden))
    own = ET.fromstring(donor_client.get(reverse("funding:donor_iati", kwargs={"year": 2010})).content)  # noqa: S314
    assert [t.findtext("value") for t in own.iter("transaction") if t.find("transaction-type").get("code") == "4"] == [
        "1200.50"
    ]
