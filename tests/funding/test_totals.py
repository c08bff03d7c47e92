"""The year's money kept per earmark (``LineTotal``) equals what the records sum to, after every change the
services make, and never holds half of a refused change."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from funding import services
from funding.models import Contribution, CostLine, LineTotal
from funding.queries import stage_sums
from funding.queries.sums import year_line_sums

from .factories import WorkshopFactory, YearFactory, contribution, pay, staff

D = Decimal
Stage = Contribution.Stage
pytestmark = pytest.mark.django_db


def kept() -> dict:
    return {
        (t.year_id, t.workshop_id, t.cost_line): (t.pledged, t.committed, t.paid, t.programme)
        for t in LineTotal.objects.all()
    }


def summed() -> dict:
    """The same figures by a fresh aggregate of every contribution and payment."""
    return {
        key: (s.pledged, s.committed, s.paid, s.programme)
        for key, s in stage_sums(Contribution.objects.all(), "year_id", "workshop_id", "cost_line").items()
    }


def test_the_kept_totals_follow_every_change_to_the_money(workshop, other_workshop, sweden):
    year, by = workshop.year, staff()
    later = YearFactory(year=2011)
    steps = []

    def step(name):
        assert kept() == summed(), name
        steps.append(name)

    kwd = contribution(donor=sweden, workshop=workshop, amount="333.335", currency="KWD", rate="5")
    step("a commitment in a currency of three decimals")
    pay(kwd, "0.001")
    step("a payment that rounds half up")
    eur = contribution(
        donor=sweden, workshop=workshop, cost_line=CostLine.VENUE, amount="1000", currency="EUR", rate="1.23456789"
    )
    first = pay(eur, "500.5")
    step("a partial payment at a rate that rounds")
    services.update_payment(
        payment=first, by=by, received_on=date(2010, 2, 2), amount=D("1000"), currency="EUR", reference=""
    )
    step("the payment corrected to the whole: paid at the recorded USD amount")
    services.update_contribution(contribution=eur, by=by, usd_rate=D("1.1"))
    step("the rate of a paid contribution changed")
    services.delete_payment(payment=first, by=by, reason="Sent back")
    step("the payment deleted: committed again")
    services.update_contribution(contribution=eur, by=by, currency="CHF", usd_rate=D("1.05"), amount=D("900"))
    step("converted to another currency")
    services.update_contribution(contribution=eur, by=by, workshop=other_workshop, cost_line="")
    step("earmarked for another workshop")
    services.update_contribution(contribution=eur, by=by, workshop=None)
    step("for the programme")
    pledge = contribution(donor=sweden, workshop=workshop, amount="700", stage=Stage.PLEDGE, currency="GBP", rate="1.3")
    step("a pledge")
    services.commit_contribution(contribution=pledge, by=by, committed_on=date(2010, 1, 20), usd_rate=D("1.25"))
    step("the pledge committed at another rate")
    moved = contribution(donor=sweden, year=year, amount="90")
    services.update_contribution(contribution=moved, by=by, year=later)
    step("moved to another year")
    services.delete_contribution(contribution=moved, by=by, reason="Withdrawn")
    step("deleted")
    services.delete_contribution(contribution=pledge, by=by, reason="Withdrawn")
    step("the committed pledge deleted")

    assert kept() == summed()
    assert (later.pk, None, "") not in kept()  # no total is left for money no longer there
    assert year_line_sums(year.pk) == stage_sums(Contribution.objects.filter(year=year), "workshop_id", "cost_line")
    assert kept()[year.pk, workshop.pk, ""] == (D("0.00"), D("1666.68"), D("0.01"), D("0.00"))
    assert kept()[year.pk, None, ""] == (D("0.00"), D("945.00"), D("0.00"), D("945.00"))
    assert len(steps) == 14


def test_a_refused_change_leaves_the_totals_as_they_were(workshop, sweden):
    """The totals are written before the checks that come after them (the year's allocations): a
    change refused there is rolled back with them, never half-saved."""
    by = staff()
    programme = contribution(donor=sweden, year=workshop.year, amount="1000")
    services.allocate(workshop=workshop, by=by, amount_usd=D("800"), allocated_on=date(2010, 3, 1))
    before = kept()

    with pytest.raises(ValidationError):
        services.update_contribution(contribution=programme, by=by, amount=D("500"))
    with pytest.raises(ValidationError):
        services.delete_contribution(contribution=programme, by=by, reason="Withdrawn")

    assert kept() == before == summed()
    assert before[workshop.year_id, None, ""] == (D("0.00"), D("1000.00"), D("0.00"), D("1000.00"))


def test_the_dashboard_shows_the_kept_totals_after_a_change(staff_client, workshop, sweden):
    from django.urls import reverse

    url = reverse("funding:year", kwargs={"year": workshop.year.year})
    money = contribution(donor=sweden, workshop=workshop, amount="3000")
    first = staff_client.get(url).context["dashboard"]
    pay(money, "1000")

    second = staff_client.get(url).context["dashboard"]

    assert (first.totals.committed, first.totals.paid) == (D("3000.00"), D("0.00"))
    assert (second.totals.committed, second.totals.paid) == (D("3000.00"), D("1000.00"))
    assert second.workshops[0].paid == D("1000.00")


def test_every_total_summed_again_from_the_records(workshop, sweden):
    """What the data migration and the bulk writes past the services call."""
    contribution(donor=sweden, workshop=workshop, amount="10")
    contribution(donor=sweden, year=WorkshopFactory().year, amount="20", stage=Stage.PLEDGE)
    LineTotal.objects.all().delete()

    assert services.recount_all() == 2
    assert kept() == summed()
