"""Travel rules: opening a travel file, the traveller's details, itinerary, ticket, DSA, receipts,
attendance, settlement, the DSA rate table and the erasure of personal data.

Every change takes the travel file's row lock, writes the file's status from its facts
(``progress.status_of``) and a ``TravelAuditEntry`` in the same transaction; e-mails go after commit
in the recipient's language. Costs (ticket, reimbursement, DSA) are posted to funding as expenditures
through funding's services, in the same transaction: money that is not there stops the change.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.mail import send_mail_on_commit
from directory.models import User
from directory.uploads import CONTENT_TYPES, check_document, check_image, original_name
from funding.currencies import USD, has_valid_minor_units, is_currency, minor_units, to_usd
from workshops.models import Registration

from . import dsa, progress
from .models import PERSONAL_FIELDS, DsaRate, TravelAttachment, TravelAuditEntry, TravelFile
from .signals import personal_data_erased

A = TravelAuditEntry.Action
K = TravelAuditEntry.Kind
IMAGE_TYPES = {"jpg": "image/jpeg", "png": "image/png"}


def lock_travel_file(travel_file: TravelFile) -> TravelFile:
    return (
        TravelFile.objects.select_for_update(of=("self",))
        .select_related("registration__workshop", "registration__person__user", "registration__registered_by")
        .get(pk=travel_file.pk)
    )


# --- Opening --------------------------------------------------------------------------------


@transaction.atomic
def open_travel_file(*, registration: Registration, by: User | None, funded: bool = True) -> TravelFile:
    """The registration's travel file, opened once (funded participation approved, or a self-funded
    participant's first letter). Asks the traveller for their details by e-mail after commit."""
    travel_file = TravelFile.objects.select_for_update().filter(registration=registration).first()
    if travel_file is not None:
        if funded and not travel_file.funded:
            before = _snapshot(travel_file)
            travel_file.funded = True
            travel_file.save(update_fields=["funded", "updated_at"])
            _audit(by=by, travel_file=travel_file, before=before)
            _mail_traveller(travel_file, "details_requested")
        return travel_file
    travel_file = TravelFile.objects.create(
        registration=registration, funded=funded, departure_city=registration.travel_from[:200]
    )
    _audit(by=by, travel_file=travel_file, before={})
    if funded:
        _mail_traveller(travel_file, "details_requested")
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
    _not_settled(travel_file)
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
    _save(travel_file, by=by, before={}, personal=changed)
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
    _funded(travel_file)
    _not_settled(travel_file)
    before = _snapshot(travel_file)
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
        _text(f.arrival_date),
        _text(f.departure_date),
    ):
        errors["arrival_date"] = _("The DSA was paid for these dates; they cannot change any more.")
    if errors:
        raise ValidationError(errors)
    _save(travel_file, by=by, before=before)
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
    _funded(travel_file)
    _not_settled(travel_file)
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
    before = _snapshot(travel_file)
    travel_file.purchase = purchase
    travel_file.booking_reference = booking_reference.strip()
    travel_file.fare, travel_file.fare_currency, travel_file.fare_usd_rate = fare, currency, fare_usd_rate
    travel_file.fare_usd = to_usd(fare, fare_usd_rate)
    travel_file.ticket_class = ticket_class
    travel_file.ticket_issued_on = issued_on
    _save(travel_file, by=by, before=before)
    _mail_traveller(travel_file, "ticket_issued")
    return travel_file


@transaction.atomic
def record_reimbursement(*, travel_file: TravelFile, by: User, reimbursed_on: datetime.date) -> TravelFile:
    travel_file = lock_travel_file(travel_file)
    _not_settled(travel_file)
    if travel_file.purchase != TravelFile.Purchase.TRAVELLER:
        raise ValidationError(_("Only a ticket the traveller bought is reimbursed."))
    if travel_file.reimbursed_on:
        raise ValidationError(_("The fare was already reimbursed."))
    if not progress.has_attachment(travel_file, TravelAttachment.Kind.RECEIPT):
        raise ValidationError(_("The fare is reimbursed against the receipt; the traveller has not uploaded it."))
    before = _snapshot(travel_file)
    travel_file.reimbursed_on = reimbursed_on
    _save(travel_file, by=by, before=before)
    return travel_file


def rates_for(duty_station: str) -> list[dsa.Rate]:
    return [
        dsa.Rate(rate.applies_from, rate.rate_usd)
        for rate in DsaRate.objects.filter(duty_station__iexact=duty_station.strip())
    ]


def compute_dsa(travel_file: TravelFile, rates: list[dsa.Rate] | None = None) -> dsa.Computation:
    """The DSA this file would be paid now, line by line (see ``travel.dsa`` for the rule)."""
    if travel_file.arrival_date is None or travel_file.departure_date is None:
        raise ValidationError(_("Give the dates of arrival in and departure from the duty station first."))
    workshop = travel_file.registration.workshop
    return dsa.compute(
        arrival=travel_file.arrival_date,
        departure=travel_file.departure_date,
        first_day=workshop.start_date,
        last_day=workshop.end_date,
        travel_days=travel_file.travel_days,
        rates=rates if rates is not None else rates_for(travel_file.duty_station),
        duty_station=travel_file.duty_station,
    )


@transaction.atomic
def record_dsa_payment(*, travel_file: TravelFile, by: User, payment: str, paid_on: datetime.date) -> TravelFile:
    """Compute the DSA from the rate table as it stands, keep the computation on the file, record
    how and when it was paid, post it as an expenditure; the traveller is told after commit."""
    travel_file = lock_travel_file(travel_file)
    _funded(travel_file)
    _not_settled(travel_file)
    if travel_file.dsa_paid_on:
        raise ValidationError(_("The DSA was already paid."))
    if payment not in (TravelFile.DsaPayment.ADVANCE, TravelFile.DsaPayment.AFTER):
        raise ValidationError({"dsa_payment": _("Say whether the DSA is an advance or paid after the workshop.")})
    if travel_file.attendance == TravelFile.Attendance.ABSENT:
        raise ValidationError(_("The participant did not attend the workshop: no DSA is paid."))
    if payment == TravelFile.DsaPayment.AFTER and travel_file.attendance != TravelFile.Attendance.ATTENDED:
        raise ValidationError(
            _("Record the attendance first: DSA after the workshop is paid to participants who attended.")
        )
    computation = compute_dsa(travel_file)
    if computation.nights == 0:
        raise ValidationError(_("The stay gives no night in the duty station: there is no DSA to pay."))
    before = _snapshot(travel_file)
    travel_file.dsa_lines = [line.as_json() for line in computation.lines]
    travel_file.dsa_nights = computation.nights
    travel_file.dsa_usd = computation.total
    travel_file.dsa_payment = payment
    travel_file.dsa_paid_on = paid_on
    _save(travel_file, by=by, before=before)
    _mail_traveller(travel_file, "dsa_paid")
    return travel_file


@transaction.atomic
def record_attendance(*, travel_file: TravelFile, by: User, attendance: str) -> TravelFile:
    travel_file = lock_travel_file(travel_file)
    _not_settled(travel_file)
    if attendance not in TravelFile.Attendance.values:
        raise ValidationError({"attendance": _("Unknown attendance.")})
    if travel_file.registration.workshop.start_date > timezone.localdate():
        raise ValidationError(_("Attendance is recorded once the workshop has started."))
    if attendance == TravelFile.Attendance.ABSENT and travel_file.dsa_payment == TravelFile.DsaPayment.AFTER:
        raise ValidationError(_("DSA was paid after the workshop for attending it; correct that first."))
    before = _snapshot(travel_file)
    travel_file.attendance = attendance
    _save(travel_file, by=by, before=before)
    return travel_file


@transaction.atomic
def confirm_travel(*, travel_file: TravelFile, by: User, travelled_on: datetime.date) -> TravelFile:
    """The secretariat confirms the journey took place (the boarding passes are in)."""
    travel_file = lock_travel_file(travel_file)
    _funded(travel_file)
    _not_settled(travel_file)
    if not travel_file.ticket_issued_on:
        raise ValidationError(_("There is no ticket on this travel file yet."))
    if not progress.has_attachment(travel_file, TravelAttachment.Kind.BOARDING_PASS):
        raise ValidationError(_("The traveller has not uploaded the boarding passes yet."))
    before = _snapshot(travel_file)
    travel_file.travelled_on = travelled_on
    _save(travel_file, by=by, before=before)
    return travel_file


@transaction.atomic
def settle_travel_file(*, travel_file: TravelFile, by: User, settled_on: datetime.date) -> TravelFile:
    travel_file = lock_travel_file(travel_file)
    _not_settled(travel_file)
    missing = progress.missing_to_settle(travel_file)
    if missing:
        raise ValidationError(
            _("The travel file cannot be settled yet; it still needs: %(missing)s.") % {"missing": ", ".join(missing)}
        )
    before = _snapshot(travel_file)
    travel_file.settled_on = settled_on
    _save(travel_file, by=by, before=before)
    return travel_file


# --- Receipts and boarding passes ---------------------------------------------------------------


@transaction.atomic
def upload_attachment(*, travel_file: TravelFile, by: User, upload: UploadedFile, kind: str) -> TravelAttachment:
    """A receipt or boarding pass: PDF, JPEG or PNG, checked by content; stored under a generated name."""
    travel_file = lock_travel_file(travel_file)
    _funded(travel_file)
    _not_settled(travel_file)
    if kind not in TravelAttachment.Kind.values:
        raise ValidationError({"kind": _("Say whether this is a receipt or a boarding pass.")})
    try:
        extension = check_document(upload, allowed=("pdf",))
        content_type = CONTENT_TYPES[extension]
    except ValidationError:
        try:
            extension = check_image(upload)
        except ValidationError as error:
            raise ValidationError(
                {"file": _("Upload a PDF, JPEG or PNG file of at most 5 MB (images) or 20 MB (PDF).")}
            ) from error
        content_type = IMAGE_TYPES[extension]
    name = original_name(upload)
    upload.name = f"{kind}.{extension}"
    attachment = TravelAttachment.objects.create(
        travel_file=travel_file,
        kind=kind,
        file=upload,
        content_type=content_type,
        size=upload.size,
        original_name=name,
        uploaded_by=by,
    )
    _audit_raw(
        by=by,
        kind=K.ATTACHMENT,
        action=A.CREATED,
        object_id=attachment.pk,
        travel_file=travel_file,
        summary=str(attachment),
        before={},
        after={"kind": attachment.get_kind_display(), "file": name},
    )
    return attachment


# --- The DSA rate table -------------------------------------------------------------------------


@transaction.atomic
def save_dsa_rate(*, rate: DsaRate, by: User) -> DsaRate:
    """Add or correct a rate. A rate already used by a paid DSA stays as it was paid: the paid
    computation is kept on each travel file."""
    before = _snapshot(DsaRate.objects.get(pk=rate.pk)) if rate.pk else {}
    rate.duty_station = rate.duty_station.strip()
    if rate.rate_usd is None or rate.rate_usd <= 0:
        raise ValidationError({"rate_usd": _("The rate must be above zero.")})
    if not has_valid_minor_units(rate.rate_usd, USD):
        raise ValidationError({"rate_usd": _("US dollar amounts have at most 2 decimals.")})
    clash = DsaRate.objects.filter(duty_station__iexact=rate.duty_station, applies_from=rate.applies_from)
    if clash.exclude(pk=rate.pk).exists():
        raise ValidationError({"applies_from": _("This duty station already has a rate from that date.")})
    rate.save()
    _audit_raw(
        by=by,
        kind=K.DSA_RATE,
        action=A.CHANGED if before else A.CREATED,
        object_id=rate.pk,
        summary=str(rate),
        before=before,
        after=_snapshot(rate),
    )
    return rate


@transaction.atomic
def delete_dsa_rate(*, rate: DsaRate, by: User) -> None:
    _audit_raw(
        by=by, kind=K.DSA_RATE, action=A.DELETED, object_id=rate.pk, summary=str(rate), before=_snapshot(rate), after={}
    )
    rate.delete()


# --- Erasure ------------------------------------------------------------------------------------


def erasure_due_before(today: datetime.date | None = None) -> datetime.date:
    """Workshops that ended before this date have their travellers' details erased."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=settings.TRAVEL_PERSONAL_DATA_RETENTION_DAYS)


def erase_expired_personal_data(*, today: datetime.date | None = None) -> list[int]:
    """Blank the traveller details of every workshop that ended more than the retention period ago,
    keeping "erased on DATE"; each file in its own transaction. Returns the files erased."""
    today = today or timezone.localdate()
    due = TravelFile.objects.filter(
        personal_data_erased_on__isnull=True, registration__workshop__end_date__lt=erasure_due_before(today)
    ).values_list("pk", flat=True)
    erased = []
    for pk in list(due):
        with transaction.atomic():
            travel_file = TravelFile.objects.select_for_update().get(pk=pk)
            if travel_file.is_erased:
                continue
            for name in PERSONAL_FIELDS:
                field = TravelFile._meta.get_field(name)
                setattr(travel_file, name, None if field.null else "")
            travel_file.personal_data_erased_on = today
            travel_file.save()
            _audit_raw(
                by=None,
                kind=K.TRAVEL_FILE,
                action=A.ERASED,
                object_id=travel_file.pk,
                travel_file=travel_file,
                summary=str(travel_file),
                before={},
                after={"personal_data_erased_on": today.isoformat()},
            )
            personal_data_erased.send(sender=TravelFile, travel_file=travel_file)
            erased.append(pk)
    return erased


# --- helpers ------------------------------------------------------------------------------------


def _funded(travel_file: TravelFile) -> None:
    if not travel_file.funded:
        raise ValidationError(_("This participant travels at their own cost: IOM records no ticket or DSA."))


def _not_settled(travel_file: TravelFile) -> None:
    if travel_file.settled_on:
        raise ValidationError(_("This travel file is settled; it no longer changes."))


def _save(travel_file: TravelFile, *, by: User | None, before: dict, personal: list[str] = ()) -> None:
    travel_file.status = progress.status_of(travel_file)
    travel_file.save()
    _audit(by=by, travel_file=travel_file, before=before, personal=personal)


def _mail_traveller(travel_file: TravelFile, event: str) -> None:
    """The traveller in their language; when they have no address, whoever registered them."""
    registration = travel_file.registration
    person = registration.person
    email = person.email or (person.user.email if person.user_id else "")
    language = person.user.preferred_language if person.user_id else registration.registered_by.preferred_language
    if not email:
        email = registration.registered_by.email
        language = registration.registered_by.preferred_language
    if not email:
        return
    send_mail_on_commit(
        template=f"travel/email/{event}",
        context={"travel_file": travel_file, "registration": registration, "workshop": registration.workshop},
        to=[email],
        language=language,
    )


# --- Audit ----------------------------------------------------------------------------------------

_NOT_AUDITED = {"id", "created_at", "updated_at", "dsa_lines", "status", *PERSONAL_FIELDS}


def _text(value) -> str:
    if value is None or value == "":
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _snapshot(obj: models.Model | None) -> dict[str, str]:
    """Field by field as a person reads it; traveller details are left out (see TravelAuditEntry)."""
    if obj is None:
        return {}
    values = {}
    for field in obj._meta.concrete_fields:
        if field.name in _NOT_AUDITED:
            continue
        if field.is_relation:
            related = getattr(obj, field.name)
            values[field.name] = "" if related is None else str(related)
        elif field.choices:
            values[field.name] = str(getattr(obj, f"get_{field.name}_display")()) if getattr(obj, field.name) else ""
        else:
            values[field.name] = _text(getattr(obj, field.name))
    return values


def _audit(*, by: User | None, travel_file: TravelFile, before: dict, personal: list[str] = ()) -> None:
    if personal:  # traveller details: which ones changed, never their values
        before, after = {name: "" for name in personal}, {name: str(_("changed")) for name in personal}
        action = A.CHANGED
    else:
        after = _snapshot(travel_file)
        if before and before == after:
            return
        action = A.CHANGED if before else A.CREATED
    _audit_raw(
        by=by,
        kind=K.TRAVEL_FILE,
        action=action,
        object_id=travel_file.pk,
        travel_file=travel_file,
        summary=str(travel_file),
        before=before,
        after=after,
    )


def _audit_raw(
    *,
    by: User | None,
    kind: str,
    action: str,
    object_id: int,
    summary: str,
    before: dict,
    after: dict,
    travel_file: TravelFile | None = None,
    reason: str = "",
) -> TravelAuditEntry:
    return TravelAuditEntry.objects.create(
        by=by,
        kind=kind,
        action=action,
        object_id=object_id,
        travel_file=travel_file,
        summary=summary[:300],
        before=before,
        after=after,
        reason=reason,
    )
