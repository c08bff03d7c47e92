"""A donor contact signs in, finds their contributions and what they paid for, and cannot open another donor's."""

import re
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from funding import services
from funding.models import Contribution, CostLine
from tests import factories
from tests.funding import factories as funding_factories

from .conftest import login

pytestmark = pytest.mark.browser


def test_the_donor_portal(page, live_url):
    sweden = factories.DonorFactory(name="Government of Sweden")
    australia = factories.DonorFactory(name="Government of Australia")
    contact = factories.make_donor_contact(email="lars@sweden.example", donor=sweden)
    workshop = funding_factories.WorkshopFactory(title="Migration and Transnationalism")
    funding_factories.budget(workshop)
    programme = funding_factories.contribution(
        donor=sweden,
        year=workshop.year,
        amount="1100000",
        currency="SEK",
        rate="0.1389",
        agreement_reference="SE-IDM-2010",
    )
    funding_factories.pay(programme, "700000", reference="SE-PAY-1")
    theirs = funding_factories.contribution(
        donor=australia,
        workshop=workshop,
        cost_line=CostLine.PARTICIPATION,
        amount="50000",
        currency="AUD",
        rate="0.895",
    )
    services.allocate(
        workshop=workshop, by=funding_factories.staff(), amount_usd=Decimal("60000"), allocated_on=date(2010, 2, 20)
    )
    funding_factories.funded_registration(workshop, state=factories.MemberStateFactory(country="KE"))

    login(page, contact.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Our contributions").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Government of Sweden: your contributions to the IDM")
    contributions = page.get_by_role("table", name="Your contributions")
    expect(contributions.get_by_role("row")).to_have_count(2)
    expect(contributions).to_contain_text("1,100,000.00 SEK")
    expect(contributions).to_contain_text("1 Feb 2010: 700,000.00 SEK")
    expect(page.get_by_role("heading", name="Migration and Transnationalism")).to_be_visible()
    expect(page.get_by_role("table", name="Funded participants by region", exact=True)).to_contain_text("Africa")
    expect(page.locator("body")).not_to_contain_text("Government of Australia")

    page.get_by_role("link", name="IDM 2010 programme").click()
    expect(page.locator("dl.facts")).to_contain_text("152,790.00")
    expect(page.get_by_role("table", name="Payments received")).to_contain_text("SE-PAY-1")

    with page.expect_download() as download:
        page.goto("/donor/")
        page.get_by_role("link", name=re.compile("IATI file for 2010")).click()
    assert download.value.suggested_filename == f"idm-2010-iati-donor-{sweden.pk}.xml"

    response = page.goto(f"/donor/contributions/{theirs.pk}/")
    assert response.status == 404
    assert Contribution.objects.filter(donor=australia).count() == 1


def test_on_a_phone_each_stacked_value_says_its_column(page, live_url):
    """Under 40rem the tables' rows are stacked and their headers hidden: each value carries its
    column's header (static/js/portal.js), shown before it; an empty cell carries none, and on a
    wide screen nothing is added to the cells."""
    sweden = factories.DonorFactory(name="Government of Sweden")
    contact = factories.make_donor_contact(email="lars@sweden.example", donor=sweden)
    workshop = funding_factories.WorkshopFactory(title="Migration and Transnationalism")
    funding_factories.budget(workshop)
    funding_factories.contribution(donor=sweden, year=workshop.year, amount="1100000", currency="SEK", rate="0.1389")
    services.allocate(
        workshop=workshop, by=funding_factories.staff(), amount_usd=Decimal("60000"), allocated_on=date(2010, 2, 20)
    )
    funding_factories.funded_registration(workshop, state=factories.MemberStateFactory(country="KE"))
    login(page, contact.email)
    before = "(cell) => getComputedStyle(cell, '::before').content"

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/donor/")
    regions = page.get_by_role("table", name="Funded participants by region", exact=True)
    africa = regions.get_by_role("row").filter(has_text="Africa")
    cells = africa.locator("td")
    expect(cells).to_have_count(2)
    assert [cells.nth(i).get_attribute("data-label") for i in range(2)] == [
        "Funded participants",
        "Paid for by you (pro rata)",
    ]
    assert cells.first.evaluate(before) == '"Funded participants"'
    assert cells.first.inner_text() == "1"
    labels = page.locator("td[data-label]").evaluate_all("(cells) => cells.map((cell) => cell.textContent.trim())")
    assert "" not in labels

    page.set_viewport_size({"width": 1280, "height": 900})
    assert cells.first.evaluate(before) == "none"
    assert cells.first.inner_text() == "1"
