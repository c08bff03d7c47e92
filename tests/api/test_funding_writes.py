"""Funding writes through the API and through the pages: the same records and the same audit history
(the API's entries say which token made them), the same refusals; the attendance list of a workshop."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from api.models import ApiWrite
from funding.models import AuditEntry, Contribution, Payment
from tests import factories
from tests.funding import factories as funding_factories

from .helpers import make_token

CHANNELS = ["page", "api"]
PLEDGED = datetime.date(2010, 1, 5)
COMMITTED = datetime.date(2010, 1, 20)
RECEIVED = datetime.date(2010, 2, 1)


@pytest.fixture
def donor(db):
    return factories.DonorFactory(name="Government of Sweden")


@pytest.fixture
def year(db):
    return funding_factories.YearFactory(year=2010)


def _contribution(contribution: Contribution) -> dict:
    contribution.refresh_from_db()
    return {
        "donor": contribution.donor.name,
        "year": contribution.year.year,
        "workshop": contribution.workshop.slug if contribution.workshop else None,
        "stage": contribution.stage,
        "amount": contribution.amount,
        "currency": contribution.currency,
        "usd_rate": contribution.usd_rate,
        "usd_amount": contribution.usd_amount,
        "pledged_on": contribution.pledged_on,
        "committed_on": contribution.committed_on,
        "agreement_reference": contribution.agreement_reference,
    }


def _audit() -> list[tuple]:
    return [
        (entry.kind, entry.action, entry.by.email, entry.via, entry.after.get("amount", ""))
        for entry in AuditEntry.objects.order_by("pk")
    ]


def _api_writes() -> list[tuple[str, str, str]]:
    return [(w.token_name, w.action, w.object_type) for w in ApiWrite.objects.order_by("pk")]


def _write(channel, *, client, api, user, page, page_data, path, api_data):
    if channel == "page":
        client.force_login(user)
        return client.post(page, page_data)
    return api.post(path, api_data, make_token(user))


@pytest.mark.parametrize("channel", CHANNELS)
def test_recording_a_pledge(client, api, secretariat, donor, year, channel):
    workshop = funding_factories.WorkshopFactory(year=year, slug="migration-and-transnationalism")

    response = _write(
        channel,
        client=client,
        api=api,
        user=secretariat,
        page=reverse("funding:contribution_create"),
        page_data={
            "donor": donor.pk,
            "year": year.pk,
            "workshop": workshop.pk,
            "stage": "pledge",
            "amount": "250000",
            "currency": "sek",
            "usd_rate": "0.1",
            "pledged_on": "2010-01-05",
        },
        path="/api/v1/contributions/",
        api_data={
            "donor": donor.pk,
            "year": 2010,
            "workshop": workshop.slug,
            "stage": "pledge",
            "amount": "250000",
            "currency": "sek",
            "usd_rate": "0.1",
            "pledged_on": "2010-01-05",
        },
    )

    contribution = Contribution.objects.get()
    assert response.status_code == {"page": 302, "api": 201}[channel]
    assert _contribution(contribution) == {
        "donor": "Government of Sweden",
        "year": 2010,
        "workshop": "migration-and-transnationalism",
        "stage": "pledge",
        "amount": Decimal("250000.000"),
        "currency": "SEK",
        "usd_rate": Decimal("0.10000000"),
        "usd_amount": Decimal("25000.00"),
        "pledged_on": PLEDGED,
        "committed_on": None,
        "agreement_reference": "",
    }
    via = {"page": "", "api": "API token “sync”"}[channel]
    assert _audit() == [("contribution", "created", "staff@iom.example", via, "250000.00")]
    assert _api_writes() == {"page": [], "api": [("sync", "record_contribution", "funding.contribution")]}[channel]
    if channel == "api":
        assert (response.json()["id"], response.json()["stage"], response.json()["amount"]) == (
            contribution.pk,
            "pledge",
            "250000.000",
        )


@pytest.mark.parametrize("channel", CHANNELS)
def test_an_unknown_currency_and_a_negative_amount_are_refused_and_nothing_is_recorded(
    client, api, secretariat, donor, year, channel
):
    response = _write(
        channel,
        client=client,
        api=api,
        user=secretariat,
        page=reverse("funding:contribution_create"),
        page_data={"donor": donor.pk, "year": year.pk, "stage": "pledge", "amount": "-5", "currency": "XYZ"},
        path="/api/v1/contributions/",
        api_data={"donor": donor.pk, "year": 2010, "stage": "pledge", "amount": "-5", "currency": "XYZ"},
    )

    if channel == "page":
        errors = {field: list(messages) for field, messages in response.context["form"].errors.items()}
    else:
        errors = response.json()
    assert response.status_code == {"page": 200, "api": 400}[channel]
    assert errors == {
        "amount": ["The amount must be above zero."],
        "currency": ["XYZ is not an ISO 4217 currency code; choose one from the list (for example USD, EUR, CHF)."],
    }
    assert (Contribution.objects.count(), AuditEntry.objects.count(), ApiWrite.objects.count()) == (0, 0, 0)


@pytest.mark.parametrize("channel", CHANNELS)
def test_committing_a_pledge(client, api, secretariat, donor, year, channel):
    pledge = funding_factories.contribution(
        donor=donor, year=year, stage=Contribution.Stage.PLEDGE, amount="250000", currency="SEK", rate="0.1"
    )
    AuditEntry.objects.all().delete()

    response = _write(
        channel,
        client=client,
        api=api,
        user=secretariat,
        page=reverse("funding:contribution_commit", kwargs={"pk": pledge.pk}),
        page_data={"committed_on": "2010-01-20", "usd_rate": "0.125", "agreement_reference": "SIDA-2010-7"},
        path="/api/v1/contributions/%d/commit/" % pledge.pk,
        api_data={"committed_on": "2010-01-20", "usd_rate": "0.125", "agreement_reference": "SIDA-2010-7"},
    )

    assert response.status_code == {"page": 302, "api": 200}[channel]
    assert _contribution(pledge) == {
        "donor": "Government of Sweden",
        "year": 2010,
        "workshop": None,
        "stage": "commitment",
        "amount": Decimal("250000.000"),
        "currency": "SEK",
        "usd_rate": Decimal("0.12500000"),
        "usd_amount": Decimal("31250.00"),
        "pledged_on": datetime.date(2009, 12, 1),
        "committed_on": COMMITTED,
        "agreement_reference": "SIDA-2010-7",
    }
    via = {"page": "", "api": "API token “sync”"}[channel]
    assert _audit() == [("contribution", "changed", "staff@iom.example", via, "250000.00")]
    assert _api_writes() == {"page": [], "api": [("sync", "commit_contribution", "funding.contribution")]}[channel]


@pytest.mark.parametrize("channel", CHANNELS)
def test_recording_a_payment_that_pays_the_commitment(client, api, secretariat, donor, year, channel):
    commitment = funding_factories.contribution(donor=donor, year=year, amount="10000", currency="USD")
    AuditEntry.objects.all().delete()

    response = _write(
        channel,
        client=client,
        api=api,
        user=secretariat,
        page=reverse("funding:payment_create", kwargs={"pk": commitment.pk}),
        page_data={"received_on": "2010-02-01", "amount": "10000", "currency": "USD", "reference": "BNK-1"},
        path="/api/v1/payments/",
        api_data={
            "contribution": commitment.pk,
            "received_on": "2010-02-01",
            "amount": "10000",
            "currency": "USD",
            "reference": "BNK-1",
        },
    )

    payment = Payment.objects.get()
    assert response.status_code == {"page": 302, "api": 201}[channel]
    assert (payment.contribution_id, payment.received_on, payment.amount, payment.usd_amount, payment.reference) == (
        commitment.pk,
        RECEIVED,
        Decimal("10000.000"),
        Decimal("10000.00"),
        "BNK-1",
    )
    assert _contribution(commitment)["stage"] == "paid"
    via = {"page": "", "api": "API token “sync”"}[channel]
    assert _audit() == [
        ("payment", "created", "staff@iom.example", via, "10000.00"),
        ("contribution", "changed", "staff@iom.example", via, "10000.00"),
    ]
    assert _api_writes() == {"page": [], "api": [("sync", "record_payment", "funding.payment")]}[channel]


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_payment_above_the_commitment_is_refused_and_nothing_is_recorded(
    client, api, secretariat, donor, year, channel
):
    commitment = funding_factories.contribution(donor=donor, year=year, amount="10000", currency="USD")
    AuditEntry.objects.all().delete()

    response = _write(
        channel,
        client=client,
        api=api,
        user=secretariat,
        page=reverse("funding:payment_create", kwargs={"pk": commitment.pk}),
        page_data={"received_on": "2010-02-01", "amount": "10000.01", "currency": "USD"},
        path="/api/v1/payments/",
        api_data={"contribution": commitment.pk, "received_on": "2010-02-01", "amount": "10000.01", "currency": "USD"},
    )

    if channel == "page":
        errors = {field: list(messages) for field, messages in response.context["form"].errors.items()}
    else:
        errors = response.json()
    assert response.status_code == {"page": 200, "api": 400}[channel]
    assert list(errors) == ["amount"]
    assert (Payment.objects.count(), AuditEntry.objects.count(), ApiWrite.objects.count()) == (0, 0, 0)
    assert _contribution(commitment)["stage"] == "commitment"


def test_funding_writes_are_the_secretariat_s_and_need_a_write_token(api, secretariat, donor_contact, year):
    own = funding_factories.contribution(donor=donor_contact.donor_contact.donor, year=year, amount="10000")
    payment = {"contribution": own.pk, "received_on": "2010-02-01", "amount": "1", "currency": "USD"}
    read_only = make_token(secretariat, scope="read", name="reader")

    answers = [
        api.post("/api/v1/payments/", payment, make_token(donor_contact)).status_code,
        api.post("/api/v1/contributions/%d/commit/" % own.pk, {}, make_token(donor_contact)).status_code,
        api.post("/api/v1/payments/", payment, read_only).status_code,
        api.post("/api/v1/payments/", {**payment, "contribution": 2**31 - 1}, make_token(secretariat)).status_code,
    ]

    assert answers == [403, 403, 403, 404]
    assert Payment.objects.count() == 0


# --- The attendance of a workshop --------------------------------------------------------------


def test_the_secretariat_lists_a_workshop_s_attendance_by_day(api, secretariat, delegate):
    from tests.workshops.factories import WorkshopFactory, registration
    from workshops.models import Attendance, Registration

    start = datetime.date(2010, 3, 9)
    workshop = WorkshopFactory(slug="migration-and-transnationalism", start_date=start, end_date=start.replace(day=10))
    row = registration(workshop, status=Registration.Status.ATTENDED, badge_name="Dr. Amina Diallo")
    at = datetime.datetime(2010, 3, 9, 8, 5, tzinfo=datetime.UTC)
    first = Attendance.objects.create(registration=row, day=start, checked_in_at=at, checked_in_by=secretariat)
    second = Attendance.objects.create(
        registration=row, day=start.replace(day=10), checked_in_at=at + datetime.timedelta(days=1), checked_in_by=None
    )
    path = "/api/v1/workshops/migration-and-transnationalism/attendance/"

    every_day = api.get(path, make_token(secretariat), language="fr")
    one_day = api.get(path, make_token(secretariat), day="2010-03-10")
    bad_day = api.get(path, make_token(secretariat), day="2010-02-30")
    delegate_answer = api.get(path, make_token(delegate))

    state = row.member_state
    assert every_day.json()["results"][1] == {
        "id": second.pk,
        "day": "2010-03-10",
        "checked_in_at": timezone.localtime(second.checked_in_at).isoformat(),
        "checked_in_by": None,
        "registration": {
            "id": row.pk,
            "name": "Dr. Amina Diallo",
            "category": "delegate",
            "category_label": "Délégué",
            "member_state": {"id": state.pk, "name": state.name_in("fr"), "country": state.country.code},
        },
    }
    assert [entry["id"] for entry in every_day.json()["results"]] == [first.pk, second.pk]  # day by day
    assert every_day.json()["results"][0]["checked_in_by"] == secretariat.get_full_name()
    assert [entry["id"] for entry in one_day.json()["results"]] == [second.pk]
    assert (bad_day.status_code, delegate_answer.status_code) == (400, 403)
