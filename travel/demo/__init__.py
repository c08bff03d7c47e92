"""Travel demo data: the DSA rates of Geneva, and for the 2010 workshops a complete travel file for
each funded participant (invented passport details, itinerary, ticket, DSA) with an approved letter;
in the workshop open now, one letter waiting for the secretariat. The data is in ``travel_2010.json``.

Every traveller is invented and labelled as such: passport names end in "(DEMO)", passport numbers
start with "DEMO-". Idempotent: rates by station and date, files by registration, letters once.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from directory.codes import new_code
from directory.models import User
from workshops.models import Registration

from .. import progress
from ..models import DsaRate, InvitationLetter, LetterSeries, TravelFile
from ..services import costs
from ..services.allowances import compute_dsa

DATA = Path(__file__).with_name("travel_2010.json")
LANGUAGES = ("en", "fr", "es")
OPEN_WORKSHOP = "demo-registration-walk-through"


def _data() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def _day(value: str) -> date:
    return date.fromisoformat(value)


def _funded(slug: str):
    return (
        Registration.objects.filter(workshop__slug=slug, funding=Registration.Funding.APPROVED)
        .select_related("person__user", "member_state", "workshop", "registered_by")
        .order_by("pk")
    )


def _details(travel_file: TravelFile, registration: Registration, traveller: dict, number: int) -> None:
    person = registration.person
    country = registration.member_state.country.code
    travel_file.passport_name = "%s, %s (DEMO)" % (person.family_name.upper(), person.given_name)
    travel_file.nationality = country
    travel_file.date_of_birth = _day(traveller["date_of_birth"])
    travel_file.passport_number = "DEMO-%s-%04d" % (country, number)
    travel_file.passport_expiry = _day(traveller["passport_expiry"])
    travel_file.departure_city = (registration.travel_from or registration.member_state.name).split(",")[0]
    travel_file.departure_country = country


def _journey(travel_file: TravelFile, registration: Registration, plan: dict, route: dict, number: int) -> None:
    airport = route["airport"]
    travel_file.outbound_date, travel_file.return_date = _day(plan["outbound_date"]), _day(plan["return_date"])
    travel_file.arrival_date, travel_file.departure_date = _day(plan["arrival_date"]), _day(plan["departure_date"])
    travel_file.outbound_route, travel_file.return_route = "%s–GVA" % airport, "GVA–%s" % airport
    travel_file.outbound_carrier = travel_file.return_carrier = route["carrier"]
    travel_file.outbound_flights, travel_file.return_flights = "DM %d" % (100 + number), "DM %d" % (200 + number)
    travel_file.duty_station = "Geneva"
    travel_file.travel_days = 1
    travel_file.purchase = TravelFile.Purchase.SECRETARIAT
    travel_file.booking_reference = "DEMO%03d" % number
    fare = Decimal(route["fare"])
    travel_file.fare, travel_file.fare_currency, travel_file.fare_usd_rate, travel_file.fare_usd = (
        fare,
        "USD",
        Decimal(1),
        fare,
    )
    travel_file.ticket_class = TravelFile.TicketClass.ECONOMY
    travel_file.ticket_issued_on = _day(plan["ticket_issued_on"])
    came = registration.status == Registration.Status.ATTENDED
    travel_file.attendance = TravelFile.Attendance.ATTENDED if came else TravelFile.Attendance.ABSENT
    if came:
        computation = compute_dsa(travel_file)
        travel_file.dsa_lines = [line.as_json() for line in computation.lines]
        travel_file.dsa_nights, travel_file.dsa_usd = computation.nights, computation.total
        travel_file.dsa_payment, travel_file.dsa_paid_on = TravelFile.DsaPayment.ADVANCE, _day(plan["dsa_paid_on"])
        travel_file.travelled_on = _day(plan["travelled_on"])


def _reference(year: int) -> str:
    series, _created = LetterSeries.objects.select_for_update().get_or_create(year=year)
    number = series.next_number
    series.next_number += 1
    series.save(update_fields=["next_number"])
    return "IDM/%d/L/%d" % (year, number)


def _letter(travel_file: TravelFile, registration: Registration, *, language: str, issued_on: date | None) -> int:
    if travel_file.letters.exists():
        return 1  # loaded before: counted the same way every time
    letter = InvitationLetter(
        travel_file=travel_file,
        language=language,
        requested_by=registration.registered_by,
        note="Demo letter: for the visa application at the Swiss consulate.",
    )
    if issued_on is not None:
        letter.status = InvitationLetter.Status.APPROVED
        letter.reference = _reference(registration.workshop.start_date.year)
        letter.verification_code = new_code()
        letter.issued_on = issued_on
        letter.decided_at = timezone.make_aware(datetime.combine(issued_on, time(10)))
    letter.save()
    return 1


def _post_costs(travel_file: TravelFile, by: User | None) -> int:
    """The ticket and the DSA as expenditures against the demo contributions (funding chooses the
    source); a cost no demo source can hold stays unposted and is not counted."""
    posted = 0
    posts = [lambda: costs.post_ticket(travel_file=travel_file, by=by, spent_on=travel_file.ticket_issued_on, field="")]
    if travel_file.dsa_paid_on:
        posts.append(lambda: costs.post_dsa(travel_file=travel_file, by=by))
    for post in posts:
        try:
            with transaction.atomic():
                post()
            posted += 1
        except ValidationError:
            pass
    return posted


@transaction.atomic
def load() -> dict[str, int]:
    data = _data()
    rates = 0
    for row in data["dsa_rates"]:
        DsaRate.objects.update_or_create(
            duty_station=row["duty_station"],
            applies_from=_day(row["applies_from"]),
            defaults={"rate_usd": Decimal(row["rate_usd"]), "note": row["note"]},
        )
        rates += 1
    files = letters = number = expenditures = 0
    secretariat = User.objects.filter(email="secretariat@idm.example").first()
    travellers = data["travellers"]
    for slug, plan in data["workshops"].items():
        for registration in _funded(slug):
            number += 1
            travel_file, _created = TravelFile.objects.get_or_create(registration=registration)
            _details(travel_file, registration, travellers[number % len(travellers)], number)
            route = data["routes"].get(registration.member_state.country.code, data["routes"]["KE"])
            _journey(travel_file, registration, plan, route, number)
            travel_file.status = progress.status_of(travel_file)
            travel_file.save()
            files += 1
            expenditures += _post_costs(travel_file, secretariat)
            language = LANGUAGES[number % len(LANGUAGES)]
            letters += _letter(travel_file, registration, language=language, issued_on=_day(plan["letter_issued_on"]))
    # The first funded participant of the workshop open now (by arrival, whatever they have changed since).
    for registration in _funded(OPEN_WORKSHOP)[:1]:
        number += 1
        travel_file, _created = TravelFile.objects.get_or_create(registration=registration)
        _details(travel_file, registration, travellers[number % len(travellers)], number)
        end = registration.workshop.end_date
        travel_file.passport_expiry = end.replace(year=end.year + 5)
        travel_file.status = progress.status_of(travel_file)
        travel_file.save()
        files += 1
        letters += _letter(travel_file, registration, language="fr", issued_on=None)
    return {
        "DSA rates": rates,
        "travel files": files,
        "invitation letters": letters,
        "travel expenditures": expenditures,
    }
