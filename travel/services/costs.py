"""What a travel file costs, posted to funding as expenditures on the workshop's "funded participation"
line: the ticket (when the secretariat books it, or when the traveller's fare is reimbursed) and the
DSA (when it is paid). Funding's ``record_expenditure`` chooses the source by its rule (earmarked for
the line, for the workshop, then allocated programme money) and refuses what no source holds, under
the source's row lock; each cost is posted once per travel file (``source_ref``), so a retry changes
nothing. Called inside the travel service's transaction: a refusal stops the travel change too.

The expenditure names the travel file's number, never the traveller: donors read expenditures. It is
linked to the registration, so a donor sees how many participants (by region and gender) it paid for.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError

from directory.models import User
from funding.models import CostLine, Expenditure
from funding.services import record_expenditure

from ..models import TravelFile


def ticket_ref(travel_file: TravelFile) -> str:
    return "travel:ticket:%d" % travel_file.pk


def dsa_ref(travel_file: TravelFile) -> str:
    return "travel:dsa:%d" % travel_file.pk


def _post(*, field: str, **charge) -> Expenditure:
    """Funding's refusal on the travel form's fields: the date and the amount it names are ours."""
    try:
        return record_expenditure(cost_line=CostLine.PARTICIPATION, **charge)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        renamed = {"spent_on": field, "amount": "fare" if field != "paid_on" else "payment"}
        raise ValidationError({renamed.get(name, name): errors for name, errors in error.error_dict.items()}) from error


def post_ticket(*, travel_file: TravelFile, by: User, spent_on: datetime.date, field: str) -> Expenditure:
    return _post(
        field=field,
        by=by,
        workshop=travel_file.registration.workshop,
        spent_on=spent_on,
        amount=travel_file.fare,
        currency=travel_file.fare_currency,
        usd_rate=travel_file.fare_usd_rate,
        description="Air ticket of a funded participant (travel file %d)" % travel_file.pk,
        reference=travel_file.booking_reference,
        source_ref=ticket_ref(travel_file),
        registration=travel_file.registration,
    )


def post_dsa(*, travel_file: TravelFile, by: User) -> Expenditure:
    return _post(
        field="paid_on",
        by=by,
        workshop=travel_file.registration.workshop,
        spent_on=travel_file.dsa_paid_on,
        amount=travel_file.dsa_usd,
        currency="USD",
        usd_rate=None,
        description="Daily subsistence allowance, %d nights (travel file %d)"
        % (travel_file.dsa_nights, travel_file.pk),
        reference="",
        source_ref=dsa_ref(travel_file),
        registration=travel_file.registration,
    )
