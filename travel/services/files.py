"""The travel file: opening it, the traveller's details, and what the secretariat records on it
(itinerary, ticket and reimbursement, attendance, the confirmation of the journey, settlement).

Every change takes the travel file's row lock, writes the file's status from its facts
(``progress.status_of``) and an audit entry in the same transaction; e-mails go after commit in the
recipient's language.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.audit import text
from directory.models import User
from funding.currencies import USD, has_valid_minor_units, is_currency, minor_units, to_usd
from workshops.models import Registration

from .. import progress
from ..models import TravelAttachment, TravelFile
from . import costs
from .common import (
    audit_file,
    ensure_funded,
    ensure_not_settled,
    lock_travel_file,
    mail_traveller,
    save_file,
    snapshot,
)

# --- Opening --------------------------------------------------------------------------------


@transaction.atomic
def open_travel_file(*, registration: Registration, by: User | None, funded: bool = True) -> TravelFile:
    """The registration's travel file, opened once (funded participation approved, or a self-funded
    participant's first letter). Asks the traveller for their details by e-mail after commit."""
    travel_file = TravelFile.objects.select_for_update().filter(registration=registration).first()
    if travel_file is not None:
        if funded and not travel_file.funded:
            before = snapshot(travel_file)
            travel_file.funded = True
            travel_file.save(update_fields=["funded", "updated_at"])
            audit_file(by=by, travel_file=travel_file, before=before)
            mail_traveller(travel_file, "details_requested")
        return travel_file
    travel_file = TravelFile.objects.create(
        registration=registration, funded=funded, departure_city=registration.travel_from[:200]
    )
    audit_file(by=by, travel_file=travel_file, before={})
    if funded:
        mail_traveller(travel_file, "details_requested")
    return travel_file


# --- The traveller's details ------------------------------------------------------------------


@transaction.atomic
def save_traveller_details(*, travel_file: TravelFile, by: User, **details) -> TravelFile:
    """The traveller (or their focal point, or the secretariat) enters the passport details."""
    unknown = set(details) - set(progress.DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown traveller details: {sorted(unknown)}")
    travel_file = lock_travel_file(travel_file)
    if travel_file.is_erased:
        raise ValidationError(_("The traveller's details were erased after the workshop; they cannot be entered."))
    ensure_not_settled(travel_file)
    workshop = travel_file.registration.workshop
    errors = {}
    today = timezone.localdate()
    if details.get("date_of_birth") and details["date_of_birth"] >= today:
        errors["date_of_birth"] = _("The date of birth must be in the past.")
    if details.get("passport_expiry") and details["passport_expiry"] <= workshop.end_date:
        errors["passport_expiry"] = _("The passport expires before the end of the workshop; a valid one is needed.")
    if errors:
        raise ValidationError(errors)
    changed = []
    for name, value in details.items():
        value = value.strip() if isinstance(value, str) else value
        if value is None and name not in ("date_of_birth", "passport_expiry"):
            value = ""
        if getattr(travel_file, name) != value:
            setattr(travel_file, name, value)
            changed.append(name)
    if not changed:
        return travel_file
    save_file(travel_file, by=by, before={}, personal=changed)
    return travel_file


# --- Secretariat: itinerary, ticket, DSA, attendance ----------------------------------------------

ITINERARY = (
    "outbound_date",
    "outbound_route",
    "outbound_carrier",
    "outbound_flights",
    "return_date",
    "return_route",
    "return_carrier",
    "return_flights",
    "arrival_date",
    "departure_date",
    "duty_station",
    "travel_days",
)


@transaction.atomic
def save_itinerary(*, travel_file: TravelFile, by: User, **itinerary) -> TravelFile:
    unknown = set(itinerary) - set(ITINERARY)
    if unknown:
        raise TypeError(f"Unknown itinerary fields: {sorted(unknown)}")
    travel_file = lock_travel_file(travel_file)
    ensure_funded(travel_file)
    ensure_not_settled(travel_file)
    before = snapshot(travel_file)
    for name, value in itinerary.items():
        setattr(travel_file, name, value.strip() if isinstance(value, str) else value)
    errors = {}
    f = travel_file
    if f.arrival_date and f.departure_date and f.departure_date < f.arrival_date:
        errors["departure_date"] = _("The departure from the duty station cannot be before the arrival.")
    if f.outbound_date and f.arrival_date and f.arrival_date < f.outbound_date:
        errors["arrival_date"] = _("The arrival cannot be before the outbound flight.")
    if f.return_date and f.departure_date and f.return_date < f.departure_date:
        errors["return_date"] = _("The return flight cannot be before the departure from the duty station.")
    if f.outbound_date and f.return_date and f.return_date < f.outbound_date:
        errors["return_date"] = _("The return flight cannot be before the outbound flight.")
    if not f.duty_station:
        errors["duty_station"] = _("Give the duty station (for example Geneva).")
    if f.dsa_paid_on and (before.get("arrival_date"), before.get("departure_date")) != (
        text(f.arrival_date),
        text(f.departure_date),
    ):
        errors["arrival_date"] = _("The DSA was paid for these dates; they cannot change any more.")
    if errors:
        raise ValidationError(errors)
    save_file(travel_file, by=by, before=before)
    return travel_file


@transaction.atomic
def record_ticket(
    *,
    travel_file: TravelFile,
    by: User,
    purchase: str,
    fare: Decimal,
    fare_currency: str,
    fare_usd_rate: Decimal | None,
    ticket_class: str,
    issued_on: datetime.date,
    booking_reference: str = "",
) -> TravelFile:
    """The ticket: booked by the secretariat (its cost is spent now) or bought by the traveller (spent
    when the fare is reimbursed against the receipt). Mails the traveller after commit."""
    travel_file = lock_travel_file(travel_file)
    ensure_funded(travel_file)
    ensure_not_settled(travel_file)
    if travel_file.purchase:
        raise ValidationError(_("The ticket is already recorded."))
    missing = progress.missing_details(travel_file)
    if missing:
        raise ValidationError(
            _("The traveller's details are not complete: %(missing)s.") % {"missing": ", ".join(missing)}
        )
    errors = {}
    currency = (fare_currency or "").upper()
    if purchase not in (TravelFile.Purchase.SECRETARIAT, TravelFile.Purchase.TRAVELLER):
        errors["purchase"] = _("Say who bought the ticket.")
    if purchase == TravelFile.Purchase.SECRETARIAT and not booking_reference.strip():
        errors["booking_reference"] = _("Give the booking reference of the ticket the secretariat booked.")
    if ticket_class not in TravelFile.TicketClass.values:
        errors["ticket_class"] = _("Choose the class of the ticket.")
    if not is_currency(currency):
        errors["fare_currency"] = _("%(code)s is not an ISO 4217 currency code (for example USD, EUR, CHF).") % {
            "code": currency or "—"
        }
    if fare is None or fare <= 0:
        errors["fare"] = _("The fare must be above zero.")
    elif is_currency(currency) and not has_valid_minor_units(fare, currency):
        errors["fare"] = _("%(currency)s amounts have at most %(units)d decimals.") % {
            "currency": currency,
            "units": minor_units(currency),
        }
    if currency == USD:
        fare_usd_rate = Decimal(1)
    elif fare_usd_rate is None or fare_usd_rate <= 0:
        errors["fare_usd_rate"] = _("Give the exchange rate: how many US dollars one %(currency)s is worth.") % {
            "currency": currency or _("unit")
        }
    if errors:
        raise ValidationError(errors)
    before = snapshot(travel_file)
    travel_file.purchase = purchase
    travel_file.booking_reference = booking_reference.strip()
    travel_file.fare, travel_file.fare_currency, travel_file.fare_usd_rate = fare, currency, fare_usd_rate
    travel_file.fare_usd = to_usd(fare, fare_usd_rate)
    travel_file.ticket_class = ticket_class
    travel_file.ticket_issued_on = issued_on
    if purchase == TravelFile.Purchase.SECRETARIAT:  # bought now; a traveller's fare is spent when reimbursed
        costs.post_ticket(travel_file=travel_file, by=by, spent_on=issued_on, field="issued_on")
    save_file(travel_file, by=by, before=before)
    mail_traveller(travel_file, "ticket_issued")
    return travel_file


@transaction.atomic
def record_reimbursement(*, travel_file: TravelFile, by: User, reimbursed_on: datetime.date) -> TravelFile:
    travel_file = lock_travel_file(travel_file)
    ensure_not_settled(travel_file)
    if travel_file.purchase != TravelFile.Purchase.TRAVELLER:
        raise ValidationError(_("Only a ticket the traveller bought is reimbursed."))
    if travel_file.reimbursed_on:
        raise ValidationError(_("The fare was already reimbursed."))
    if not progress.has_attachment(travel_file, TravelAttachment.Kind.RECEIPT):
        raise ValidationError(_("The fare is reimbursed against the receipt; the traveller has not uploaded it."))
    before = snapshot(travel_file)
    travel_file.reimbursed_on = reimbursed_on
    costs.post_ticket(travel_file=travel_file, by=by, spent_on=reimbursed_on, field="reimbursed_on")
    save_file(travel_file, by=by, before=before)
    return travel_file


@transaction.atomic
def record_attendance(*, travel_file: TravelFile, by: User, attendance: str) -> TravelFile:
    travel_file = lock_travel_file(travel_file)
    ensure_not_settled(travel_file)
    if attendance not in TravelFile.Attendance.values:
        raise ValidationError({"attendance": _("Unknown attendance.")})
    if travel_file.registration.workshop.start_date > timezone.localdate():
        raise ValidationError(_("Attendance is recorded once the workshop has started."))
    if attendance == TravelFile.Attendance.ABSENT and travel_file.dsa_payment == TravelFile.DsaPayment.AFTER:
        raise ValidationError(_("DSA was paid after the workshop for attending it; correct that first."))
    before = snapshot(travel_file)
    travel_file.attendance = attendance
    save_file(travel_file, by=by, before=before)
    return travel_file


@transaction.atomic
def confirm_travel(*, travel_file: TravelFile, by: User, travelled_on: datetime.date) -> TravelFile:
    """The secretariat confirms the journey took place (the boarding passes are in)."""
    travel_file = lock_travel_file(travel_file)
    ensure_funded(travel_file)
    ensure_not_settled(travel_file)
    if not travel_file.ticket_issued_on:
        raise ValidationError(_("There is no ticket on this travel file yet."))
    if not progress.has_attachment(travel_file, TravelAttachment.Kind.BOARDING_PASS):
        raise ValidationError(_("The traveller has not uploaded the boarding passes yet."))
    before = snapshot(travel_file)
    travel_file.travelled_on = travelled_on
    save_file(travel_file, by=by, before=before)
    return travel_file


@transaction.atomic
def settle_travel_file(*, travel_file: TravelFile, by: User, settled_on: datetime.date) -> TravelFile:
    travel_file = lock_travel_file(travel_file)
    ensure_not_settled(travel_file)
    missing = progress.missing_to_settle(travel_file)
    if missing:
        raise ValidationError(
            _("The travel file cannot be settled yet; it still needs: %(missing)s.") % {"missing": ", ".join(missing)}
        )
    before = snapshot(travel_file)
    travel_file.settled_on = settled_on
    save_file(travel_file, by=by, before=before)
    return travel_file
