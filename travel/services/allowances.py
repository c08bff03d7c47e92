"""The daily subsistence allowance: the rate table, the computation of a file's DSA from it (the rule
is ``travel.dsa``), and its payment."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from directory.models import User
from funding.currencies import USD, has_valid_minor_units

from .. import dsa
from ..models import DsaRate, TravelFile
from . import costs
from .common import (
    A,
    K,
    audit,
    ensure_funded,
    ensure_not_settled,
    lock_travel_file,
    mail_traveller,
    save_file,
    snapshot,
)


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
    ensure_funded(travel_file)
    ensure_not_settled(travel_file)
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
    before = snapshot(travel_file)
    travel_file.dsa_lines = [line.as_json() for line in computation.lines]
    travel_file.dsa_nights = computation.nights
    travel_file.dsa_usd = computation.total
    travel_file.dsa_payment = payment
    travel_file.dsa_paid_on = paid_on
    costs.post_dsa(travel_file=travel_file, by=by)
    save_file(travel_file, by=by, before=before)
    mail_traveller(travel_file, "dsa_paid")
    return travel_file


# --- The DSA rate table -------------------------------------------------------------------------


@transaction.atomic
def save_dsa_rate(*, rate: DsaRate, by: User) -> DsaRate:
    """Add or correct a rate. A rate already used by a paid DSA stays as it was paid: the paid
    computation is kept on each travel file."""
    before = snapshot(DsaRate.objects.get(pk=rate.pk)) if rate.pk else {}
    rate.duty_station = rate.duty_station.strip()
    if rate.rate_usd is None or rate.rate_usd <= 0:
        raise ValidationError({"rate_usd": _("The rate must be above zero.")})
    if not has_valid_minor_units(rate.rate_usd, USD):
        raise ValidationError({"rate_usd": _("US dollar amounts have at most 2 decimals.")})
    clash = DsaRate.objects.filter(duty_station__iexact=rate.duty_station, applies_from=rate.applies_from)
    if clash.exclude(pk=rate.pk).exists():
        raise ValidationError({"applies_from": _("This duty station already has a rate from that date.")})
    rate.save()
    audit(
        by=by,
        kind=K.DSA_RATE,
        action=A.CHANGED if before else A.CREATED,
        object_id=rate.pk,
        summary=str(rate),
        before=before,
        after=snapshot(rate),
    )
    return rate


@transaction.atomic
def delete_dsa_rate(*, rate: DsaRate, by: User) -> None:
    audit(
        by=by, kind=K.DSA_RATE, action=A.DELETED, object_id=rate.pk, summary=str(rate), before=snapshot(rate), after={}
    )
    rate.delete()
