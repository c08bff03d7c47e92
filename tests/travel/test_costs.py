"""Tickets and DSA are posted to funding as expenditures: once per travel file, on the funded
participation line, charged to the source funding's rule chooses; no money, no ticket."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from funding.models import CostLine, Expenditure
from funding.queries.donor_money import donor_money
from funding.services import record_expenditure
from travel import services
from travel.models import TravelFile
from travel.services import costs

from .factories import approved_file, complete, funded_workshop, geneva_rates, past_workshop

pytestmark = pytest.mark.django_db
P = CostLine.PARTICIPATION


def _with_itinerary(travel_file, secretariat):
    start = travel_file.registration.workshop.start_date
    return services.save_itinerary(
        travel_file=travel_file,
        by=secretariat,
        outbound_date=start - timedelta(days=1),
        return_date=start + timedelta(days=2),
        arrival_date=start - timedelta(days=1),
        departure_date=start + timedelta(days=2),
    )


def _ticket(travel_file, secretariat, purchase=TravelFile.Purchase.SECRETARIAT):
    return services.record_ticket(
        travel_file=travel_file,
        by=secretariat,
        purchase=purchase,
        booking_reference="DEMO7Q" if purchase == TravelFile.Purchase.SECRETARIAT else "",
        fare=Decimal("1200.00"),
        fare_currency="CHF",
        fare_usd_rate=Decimal("0.95"),
        ticket_class=TravelFile.TicketClass.ECONOMY,
        issued_on=timezone.localdate(),
    )


def test_a_booked_ticket_and_the_dsa_are_expenditures_of_the_workshop_charged_to_its_earmarked_money(
    secretariat, delegate
):
    geneva_rates(secretariat)
    workshop = past_workshop(days_ago=5)
    earmarked = workshop.contributions.get()
    travel_file = _with_itinerary(complete(approved_file(workshop, user=delegate), delegate), secretariat)

    travel_file = _ticket(travel_file, secretariat)
    services.record_attendance(travel_file=travel_file, by=secretariat, attendance=TravelFile.Attendance.ATTENDED)
    travel_file = services.record_dsa_payment(
        travel_file=travel_file, by=secretariat, payment=TravelFile.DsaPayment.AFTER, paid_on=timezone.localdate()
    )

    spent = list(
        Expenditure.objects.order_by("pk").values_list(
            "source_ref",
            "cost_line",
            "amount",
            "currency",
            "usd_amount",
            "contribution_id",
            "reference",
            "registration_id",
        )
    )
    assert spent == [
        (
            "travel:ticket:%d" % travel_file.pk,
            CostLine.PARTICIPATION,
            Decimal("1200.00"),
            "CHF",
            Decimal("1140.00"),
            earmarked.pk,
            "DEMO7Q",
            travel_file.registration_id,
        ),
        (
            "travel:dsa:%d" % travel_file.pk,
            CostLine.PARTICIPATION,
            Decimal("1233.00"),
            "USD",
            Decimal("1233.00"),
            earmarked.pk,
            "",
            travel_file.registration_id,
        ),
    ]
    descriptions = list(Expenditure.objects.order_by("pk").values_list("description", flat=True))
    assert descriptions == [
        "Air ticket of a funded participant (travel file %d)" % travel_file.pk,
        "Daily subsistence allowance, 3 nights (travel file %d)" % travel_file.pk,
    ]
    # Posting the same cost again (a retry) changes nothing: one expenditure per travel record.
    costs.post_ticket(travel_file=travel_file, by=secretariat, spent_on=timezone.localdate(), field="issued_on")
    costs.post_dsa(travel_file=travel_file, by=secretariat)
    assert Expenditure.objects.count() == 2
    # The donor whose money paid sees one participant, counted by region and gender (never a name).
    money = donor_money(earmarked.donor)
    state = travel_file.registration.member_state
    assert [(row.key, row.participants) for row in money.by_region] == [(state.region, Decimal("1.0"))]
    assert [(row.key, row.participants) for row in money.by_gender] == [
        (travel_file.registration.person.gender, Decimal("1.0"))
    ]


def test_a_ticket_the_traveller_bought_is_spent_when_reimbursed(secretariat, delegate):
    from django.core.files.uploadedfile import SimpleUploadedFile

    travel_file = _with_itinerary(complete(approved_file(funded_workshop(), user=delegate), delegate), secretariat)
    travel_file = _ticket(travel_file, secretariat, purchase=TravelFile.Purchase.TRAVELLER)
    assert Expenditure.objects.count() == 0
    services.upload_attachment(
        travel_file=travel_file,
        by=delegate,
        upload=SimpleUploadedFile("r.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
        kind="receipt",
    )
    services.record_reimbursement(travel_file=travel_file, by=secretariat, reimbursed_on=timezone.localdate())
    assert list(Expenditure.objects.values_list("source_ref", "usd_amount")) == [
        ("travel:ticket:%d" % travel_file.pk, Decimal("1140.00"))
    ]


def test_no_money_no_ticket_and_nothing_half_saved(secretariat, delegate):
    workshop = funded_workshop(money="300000")
    travel_file = _with_itinerary(complete(approved_file(workshop, user=delegate), delegate), secretariat)
    # Another cost takes all the workshop's money first.
    record_expenditure(
        by=secretariat,
        workshop=workshop,
        cost_line=CostLine.VENUE,
        spent_on=timezone.localdate(),
        amount=Decimal("300000.00"),
        currency="USD",
        usd_rate=None,
        description="Room hire",
    )

    with pytest.raises(ValidationError) as error:
        _ticket(travel_file, secretariat)

    assert error.value.messages == [
        "No source of %s holds 1,140.00 USD for this cost line: record a contribution or an allocation first, "
        "or charge a smaller amount." % workshop.title
    ]
    travel_file.refresh_from_db()
    assert (travel_file.purchase, travel_file.fare, travel_file.status) == (
        "",
        None,
        TravelFile.Status.DETAILS_COMPLETE,
    )
    assert Expenditure.objects.count() == 1
