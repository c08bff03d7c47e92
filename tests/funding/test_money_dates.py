"""Money dates coherent with each other and with today, on every path money moves: a commitment not
before its pledge, nothing dated after today, a payment not before its commitment, and money
"received" on a later date never makes a contribution paid. One rule each, in funding/services/dates.py."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats, timezone

from funding import services
from funding.models import AuditEntry, Contribution, Payment

from .factories import contribution, contribution_data, form_errors, pay

D = Decimal
Stage = Contribution.Stage


def day(value: date) -> str:
    return formats.date_format(value, "j F Y")


def test_a_pledge_in_2099_is_refused_on_the_page(staff_client, year, sweden):
    today = timezone.localdate()

    response = staff_client.post(
        reverse("funding:contribution_create"), contribution_data(year, sweden, pledged_on="2099-01-01")
    )

    assert response.status_code == 200
    assert form_errors(response) == {"pledged_on": ["The date cannot be later than today (%s)." % day(today)]}
    assert (Contribution.objects.count(), AuditEntry.objects.count()) == (0, 0)


def test_a_pledge_dated_today_is_recorded(staff_client, year, sweden):
    today = timezone.localdate()

    response = staff_client.post(
        reverse("funding:contribution_create"), contribution_data(year, sweden, pledged_on=today.isoformat())
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("funding:contribution_detail", kwargs={"pk": Contribution.objects.get().pk})
    assert Contribution.objects.get().pledged_on == today


def test_a_date_before_1900_is_refused_on_the_page_by_the_form_bounds(staff_client, year, sweden):
    response = staff_client.post(
        reverse("funding:contribution_create"), contribution_data(year, sweden, pledged_on="0001-01-01")
    )

    assert response.status_code == 200
    assert form_errors(response) == {"pledged_on": ["Enter a date between 1 January 1900 and 31 December 2100."]}
    assert Contribution.objects.count() == 0


def test_a_date_before_1900_is_refused_by_the_service_itself(year, sweden, staff):
    """The service keeps its own floor for callers without a form (imports, the shell)."""
    pledge = contribution(donor=sweden, year=year, stage=Stage.PLEDGE, amount="25000", currency="EUR", rate="1.30")

    with pytest.raises(ValidationError) as refused:
        services.commit_contribution(contribution=pledge, by=staff, committed_on=date(1899, 12, 31), usd_rate=D("1.3"))

    assert refused.value.message_dict == {"committed_on": ["The date must be on or after 1 January 1900."]}


def test_a_commitment_before_its_pledge_is_refused_on_the_page(staff_client, year, sweden):
    pledge = contribution(donor=sweden, year=year, stage=Stage.PLEDGE, amount="25000", currency="EUR", rate="1.30")

    response = staff_client.post(
        reverse("funding:contribution_commit", kwargs={"pk": pledge.pk}),
        {"committed_on": "2009-11-30", "usd_rate": "1.2345", "amount": "", "agreement_reference": "NL-2010"},
    )

    pledge.refresh_from_db()
    assert response.status_code == 200
    assert form_errors(response) == {
        "committed_on": ["A commitment cannot be dated before its pledge (pledged on 1 December 2009)."]
    }
    assert (pledge.stage, pledge.committed_on, pledge.agreement_reference) == (Stage.PLEDGE, None, "")


def test_a_commitment_on_the_day_of_its_pledge_is_recorded(year, sweden, staff):
    pledge = contribution(donor=sweden, year=year, stage=Stage.PLEDGE, amount="25000", currency="EUR", rate="1.30")

    committed = services.commit_contribution(
        contribution=pledge, by=staff, committed_on=date(2009, 12, 1), usd_rate=D("1.3")
    )

    assert (committed.stage, committed.committed_on) == (Stage.COMMITMENT, date(2009, 12, 1))


def test_a_commitment_dated_tomorrow_is_refused(year, sweden, staff):
    pledge = contribution(donor=sweden, year=year, stage=Stage.PLEDGE, amount="25000", currency="EUR", rate="1.30")
    tomorrow = timezone.localdate() + timedelta(days=1)

    with pytest.raises(ValidationError) as refused:
        services.commit_contribution(contribution=pledge, by=staff, committed_on=tomorrow, usd_rate=D("1.3"))

    assert refused.value.message_dict == {
        "committed_on": ["The date cannot be later than today (%s)." % day(timezone.localdate())]
    }


def test_a_contribution_recorded_with_both_dates_out_of_order_is_refused(staff_client, year, sweden):
    data = contribution_data(year, sweden, stage="commitment", pledged_on="2010-05-03", committed_on="2010-05-02")

    response = staff_client.post(reverse("funding:contribution_create"), data)

    assert form_errors(response) == {
        "committed_on": ["A commitment cannot be dated before its pledge (pledged on 3 May 2010)."]
    }
    assert Contribution.objects.count() == 0


def test_a_payment_received_in_the_future_is_refused_and_does_not_make_it_paid(staff_client, year):
    committed = contribution(year=year, amount="1000", currency="CHF", rate="0.95")
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)

    response = staff_client.post(
        reverse("funding:payment_create", kwargs={"pk": committed.pk}),
        {"received_on": tomorrow.isoformat(), "amount": "1000", "currency": "CHF", "reference": ""},
    )

    committed.refresh_from_db()
    assert response.status_code == 200
    assert form_errors(response) == {
        "received_on": [
            "A payment is recorded once it is received: %s is later than today (%s)." % (day(tomorrow), day(today))
        ]
    }
    assert (committed.stage, Payment.objects.count()) == (Stage.COMMITMENT, 0)


def test_a_payment_received_today_in_full_makes_it_paid(year, staff):
    committed = contribution(year=year, amount="1000", currency="CHF", rate="0.95")

    pay(committed, "1000", on=timezone.localdate())

    committed.refresh_from_db()
    assert committed.stage == Stage.PAID


def test_a_payment_before_its_commitment_is_refused(staff_client, year):
    committed = contribution(year=year, amount="1000")  # committed on 15 January 2010

    response = staff_client.post(
        reverse("funding:payment_create", kwargs={"pk": committed.pk}),
        {"received_on": "2010-01-14", "amount": "100", "currency": "USD", "reference": ""},
    )

    assert form_errors(response) == {
        "received_on": ["A payment cannot be received before the commitment (committed on 15 January 2010)."]
    }
    assert Payment.objects.count() == 0


def test_editing_a_payment_into_the_future_is_refused(year, staff):
    committed = contribution(year=year, amount="1000")
    payment = pay(committed, "1000", on=date(2010, 2, 1))
    next_year = timezone.localdate() + timedelta(days=366)

    with pytest.raises(ValidationError) as refused:
        services.update_payment(payment=payment, by=staff, received_on=next_year, amount=D("1000"), currency="USD")

    payment.refresh_from_db()
    assert list(refused.value.message_dict) == ["received_on"]
    assert payment.received_on == date(2010, 2, 1)


def test_a_commitment_is_not_moved_past_a_payment_already_received(staff_client, year, sweden):
    committed = contribution(donor=sweden, year=year, amount="1000")  # committed on 15 January 2010
    pay(committed, "400", on=date(2010, 2, 1))
    data = contribution_data(year, sweden, currency="USD", usd_rate="1", amount="1000", pledged_on="")
    del data["stage"]
    data["committed_on"] = "2010-03-01"

    response = staff_client.post(reverse("funding:contribution_edit", kwargs={"pk": committed.pk}), data)

    committed.refresh_from_db()
    assert response.status_code == 200
    assert form_errors(response) == {
        "committed_on": ["A payment was received on 1 February 2010; this date cannot be later."]
    }
    assert committed.committed_on == date(2010, 1, 15)


def test_the_demo_funding_dates_are_coherent(db):
    from funding.demo import CONTRIBUTIONS

    for *_rest, pledged, committed, payments in CONTRIBUTIONS:
        if pledged and committed:
            assert committed >= pledged
        for _reference, received_on, _amount in payments:
            assert received_on >= (committed or pledged)
            assert received_on <= timezone.localdate()
