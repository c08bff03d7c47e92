"""The money-date rules (funding/services/dates.py) answer the same through the API as on the pages:
a payment received in the future and a commitment before its pledge are refused with the field's
message, and nothing is recorded."""

from datetime import timedelta

import pytest
from django.utils import formats, timezone

from api.models import ApiWrite
from funding.models import AuditEntry, Contribution, Payment
from tests import factories
from tests.funding import factories as funding_factories

from .helpers import make_token


@pytest.fixture
def donor(db):
    return factories.DonorFactory(name="Government of Sweden")


@pytest.fixture
def year(db):
    return funding_factories.YearFactory(year=2010)


def test_a_payment_received_in_the_future_is_refused_through_the_api(api, secretariat, donor, year):
    commitment = funding_factories.contribution(donor=donor, year=year, amount="10000", currency="USD")
    AuditEntry.objects.all().delete()
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)

    response = api.post(
        "/api/v1/payments/",
        {"contribution": commitment.pk, "received_on": tomorrow.isoformat(), "amount": "10000", "currency": "USD"},
        make_token(secretariat),
    )

    commitment.refresh_from_db()
    assert response.status_code == 400
    assert response.json()["received_on"] == [
        "A payment is recorded once it is received: %s is later than today (%s)."
        % (formats.date_format(tomorrow, "j F Y"), formats.date_format(today, "j F Y"))
    ]
    assert (Payment.objects.count(), AuditEntry.objects.count(), ApiWrite.objects.count()) == (0, 0, 0)
    assert commitment.stage == Contribution.Stage.COMMITMENT


def test_a_commitment_before_its_pledge_is_refused_through_the_api(api, secretariat, donor, year):
    pledge = funding_factories.contribution(
        donor=donor, year=year, stage=Contribution.Stage.PLEDGE, amount="10000", currency="USD"
    )  # pledged on 1 December 2009

    response = api.post(
        "/api/v1/contributions/%d/commit/" % pledge.pk, {"committed_on": "2009-11-30"}, make_token(secretariat)
    )

    pledge.refresh_from_db()
    assert response.status_code == 400
    assert response.json()["committed_on"] == [
        "A commitment cannot be dated before its pledge (pledged on 1 December 2009)."
    ]
    assert (pledge.stage, pledge.committed_on) == (Contribution.Stage.PLEDGE, None)
