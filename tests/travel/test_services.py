"""Travel files: opened by the funding approval, details, ticket, DSA, settlement, erasure, history."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from travel import progress, services
from travel.models import TravelAttachment, TravelAuditEntry, TravelFile

from .factories import DETAILS, approved_file, complete, funded_workshop, geneva_rates, past_workshop

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
S = TravelFile.Status


def pdf(name="receipt.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_approving_funded_participation_opens_the_travel_file_and_asks_for_details(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        travel_file = approved_file(funded_workshop())
    assert (travel_file.status, travel_file.funded, travel_file.departure_city) == (
        S.DETAILS_REQUESTED,
        True,
        "Nairobi, Kenya",
    )
    assert [m.subject for m in mail.outbox if "details needed" in m.subject] == [
        "[IDM] Your travel to %s: details needed" % travel_file.registration.workshop.title
    ]


def test_a_refusal_opens_no_travel_file(secretariat, delegate):
    from workshops import services as workshop_services
    from workshops.models import Registration

    from ..workshops.factories import person_of

    person = person_of(delegate)
    registration = Registration.objects.create(
        workshop=funded_workshop(),
        person=person,
        member_state=person.member_state,
        registered_by=delegate,
        status=Registration.Status.CONFIRMED,
        funding=Registration.Funding.REQUESTED,
        travel_from="Nairobi",
    )
    workshop_services.decide_funding(registration=registration, by=secretariat, approve=False, reason="No seat")
    assert TravelFile.objects.count() == 0


def test_missing_details_are_spelled_out_then_complete(delegate):
    travel_file = approved_file(funded_workshop(), user=delegate)
    assert progress.missing(travel_file) == [
        "name as in the passport",
        "nationality",
        "date of birth",
        "passport number",
        "passport expiry date",
        "country of departure",
    ]
    travel_file = complete(travel_file, delegate)
    assert travel_file.status == S.DETAILS_COMPLETE
    assert progress.missing(travel_file)[:4] == [
        "outbound flight date",
        "return flight date",
        "arrival in the duty station",
        "departure from the duty station",
    ]


def test_a_passport_expiring_before_the_workshop_ends_is_refused(delegate):
    travel_file = approved_file(funded_workshop(), user=delegate)
    with pytest.raises(ValidationError) as error:
        services.save_traveller_details(
            travel_file=travel_file, by=delegate, **{**DETAILS, "passport_expiry": timezone.localdate()}
        )
    assert list(error.value.error_dict) == ["passport_expiry"]
    travel_file.refresh_from_db()
    assert travel_file.passport_number == ""


def test_the_history_names_changed_details_but_never_their_values(delegate):
    travel_file = complete(approved_file(funded_workshop(), user=delegate), delegate)
    entry = TravelAuditEntry.objects.filter(travel_file=travel_file).first()
    assert entry.after["passport_number"] == "changed"
    everything = str(list(TravelAuditEntry.objects.values_list("before", "after", "summary")))
    assert DETAILS["passport_number"] not in everything
    assert DETAILS["passport_name"] not in everything


def _ticketed(secretariat, delegate, workshop=None, purchase=TravelFile.Purchase.SECRETARIAT):
    travel_file = complete(approved_file(workshop or funded_workshop(), user=delegate), delegate)
    start = travel_file.registration.workshop.start_date
    travel_file = services.save_itinerary(
        travel_file=travel_file,
        by=secretariat,
        outbound_date=start - timedelta(days=1),
        outbound_route="NBO–GVA",
        return_date=start + timedelta(days=2),
        return_route="GVA–NBO",
        arrival_date=start - timedelta(days=1),
        departure_date=start + timedelta(days=2),
    )
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


def test_a_ticket_needs_complete_details(secretariat, delegate):
    travel_file = approved_file(funded_workshop(), user=delegate)
    with pytest.raises(ValidationError) as error:
        services.record_ticket(
            travel_file=travel_file,
            by=secretariat,
            purchase=TravelFile.Purchase.SECRETARIAT,
            booking_reference="X",
            fare=Decimal("100"),
            fare_currency="USD",
            fare_usd_rate=None,
            ticket_class="economy",
            issued_on=timezone.localdate(),
        )
    assert error.value.messages[0].startswith("The traveller's details are not complete:")


def test_a_booked_ticket_is_issued_in_usd_and_mailed(secretariat, delegate, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        travel_file = _ticketed(secretariat, delegate)
    assert (travel_file.status, travel_file.fare_usd) == (S.TICKET_ISSUED, Decimal("1140.00"))
    assert [m.subject for m in mail.outbox if "Your ticket" in m.subject] == [
        "[IDM] Your ticket to %s" % travel_file.registration.workshop.title
    ]


def test_an_unknown_currency_and_a_missing_booking_reference_are_refused(secretariat, delegate):
    travel_file = complete(approved_file(funded_workshop(), user=delegate), delegate)
    with pytest.raises(ValidationError) as error:
        services.record_ticket(
            travel_file=travel_file,
            by=secretariat,
            purchase=TravelFile.Purchase.SECRETARIAT,
            fare=Decimal("100"),
            fare_currency="XYZ",
            fare_usd_rate=Decimal("1"),
            ticket_class="economy",
            issued_on=timezone.localdate(),
        )
    assert sorted(error.value.error_dict) == ["booking_reference", "fare_currency"]


def test_a_bought_ticket_is_reimbursed_only_against_its_receipt(secretariat, delegate):
    travel_file = _ticketed(secretariat, delegate, purchase=TravelFile.Purchase.TRAVELLER)
    with pytest.raises(ValidationError):
        services.record_reimbursement(travel_file=travel_file, by=secretariat, reimbursed_on=timezone.localdate())
    services.upload_attachment(travel_file=travel_file, by=delegate, upload=pdf(), kind=TravelAttachment.Kind.RECEIPT)
    travel_file = services.record_reimbursement(
        travel_file=travel_file, by=secretariat, reimbursed_on=timezone.localdate()
    )
    assert travel_file.reimbursed_on == timezone.localdate()


def test_an_upload_that_is_not_a_pdf_or_image_is_refused(secretariat, delegate):
    travel_file = approved_file(funded_workshop(), user=delegate)
    fake = SimpleUploadedFile("receipt.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.upload_attachment(travel_file=travel_file, by=delegate, upload=fake, kind="receipt")
    assert TravelAttachment.objects.count() == 0


def test_dsa_is_computed_from_the_table_and_kept_as_paid(secretariat, delegate, django_capture_on_commit_callbacks):
    geneva_rates(secretariat)
    workshop = past_workshop(days_ago=5)
    travel_file = _ticketed(secretariat, delegate, workshop=workshop)
    services.record_attendance(travel_file=travel_file, by=secretariat, attendance=TravelFile.Attendance.ATTENDED)
    with django_capture_on_commit_callbacks(execute=True):
        travel_file = services.record_dsa_payment(
            travel_file=travel_file, by=secretariat, payment=TravelFile.DsaPayment.AFTER, paid_on=timezone.localdate()
        )
    # Arrival the day before the first day, departure the day after the last: 3 nights at 411.
    assert (travel_file.dsa_nights, travel_file.dsa_usd) == (3, Decimal("1233.00"))
    assert travel_file.dsa_lines == [
        {
            "first_night": (workshop.start_date - timedelta(days=1)).isoformat(),
            "last_night": workshop.end_date.isoformat(),
            "nights": 3,
            "rate_usd": "411.00",
            "amount": "1233.00",
        }
    ]
    assert [m.subject for m in mail.outbox if "daily subsistence allowance" in m.subject] == [
        "[IDM] Your daily subsistence allowance for %s" % workshop.title
    ]


def test_no_dsa_for_a_participant_who_did_not_attend(secretariat, delegate):
    geneva_rates(secretariat)
    travel_file = _ticketed(secretariat, delegate, workshop=past_workshop())
    services.record_attendance(travel_file=travel_file, by=secretariat, attendance=TravelFile.Attendance.ABSENT)
    with pytest.raises(ValidationError) as error:
        services.record_dsa_payment(
            travel_file=travel_file, by=secretariat, payment=TravelFile.DsaPayment.AFTER, paid_on=timezone.localdate()
        )
    assert error.value.messages == ["The participant did not attend the workshop: no DSA is paid."]


def test_settling_says_what_is_missing_then_settles(secretariat, delegate):
    geneva_rates(secretariat)
    travel_file = _ticketed(secretariat, delegate, workshop=past_workshop())
    with pytest.raises(ValidationError) as error:
        services.settle_travel_file(travel_file=travel_file, by=secretariat, settled_on=timezone.localdate())
    assert error.value.messages == [
        "The travel file cannot be settled yet; it still needs: the boarding passes, the secretariat's "
        "confirmation of the travel, the attendance, the payment of the DSA."
    ]
    services.upload_attachment(travel_file=travel_file, by=delegate, upload=pdf("bp.pdf"), kind="boarding_pass")
    services.confirm_travel(travel_file=travel_file, by=secretariat, travelled_on=timezone.localdate())
    services.record_attendance(travel_file=travel_file, by=secretariat, attendance=TravelFile.Attendance.ATTENDED)
    services.record_dsa_payment(travel_file=travel_file, by=secretariat, payment="after", paid_on=timezone.localdate())
    travel_file = services.settle_travel_file(travel_file=travel_file, by=secretariat, settled_on=timezone.localdate())
    assert (travel_file.status, progress.missing(travel_file)) == (S.SETTLED, [])
    with pytest.raises(ValidationError):
        services.save_itinerary(travel_file=travel_file, by=secretariat, outbound_route="changed")


def test_personal_data_is_erased_after_the_retention_period(settings, delegate):
    settings.TRAVEL_PERSONAL_DATA_RETENTION_DAYS = 30
    recent = complete(approved_file(past_workshop(days_ago=20), user=delegate), delegate)
    old = complete(approved_file(past_workshop(days_ago=40)), delegate)
    assert services.erase_expired_personal_data() == [old.pk]
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.passport_number, old.passport_name, old.date_of_birth, old.departure_city) == ("", "", None, "")
    assert old.personal_data_erased_on == timezone.localdate()
    assert old.status == S.DETAILS_COMPLETE  # the status stays what it was
    assert recent.passport_number == DETAILS["passport_number"]
    assert services.erase_expired_personal_data() == []  # once
    with pytest.raises(ValidationError):
        services.save_traveller_details(travel_file=old, by=delegate, passport_number="AGAIN")


def test_the_scheduled_task_erases(settings, delegate):
    from travel.tasks import task_erase_expired_personal_data

    settings.TRAVEL_PERSONAL_DATA_RETENTION_DAYS = 0
    complete(approved_file(past_workshop(days_ago=3), user=delegate), delegate)
    assert task_erase_expired_personal_data.delay().get() == 1
    assert TravelFile.objects.get().personal_data_erased_on == timezone.localdate()


def test_dsa_rates_are_unique_per_station_and_date(secretariat):
    from travel.models import DsaRate

    geneva_rates(secretariat)
    with pytest.raises(ValidationError) as error:
        services.save_dsa_rate(
            rate=DsaRate(duty_station="geneva", rate_usd=Decimal("1"), applies_from=date(2000, 1, 1)), by=secretariat
        )
    assert list(error.value.error_dict) == ["applies_from"]
    assert TravelAuditEntry.objects.filter(kind="dsa_rate").count() == 1
