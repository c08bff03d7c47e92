"""Travel records for the tests: a funded registration with its travel file, complete details, rates."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from directory.models import MemberState
from travel import services
from travel.models import DsaRate, TravelFile
from workshops import services as workshop_services
from workshops.models import Registration, Workshop

from .. import factories
from ..funding import factories as funding_factories
from ..workshops.factories import WorkshopFactory, person_of

DETAILS = {
    "passport_name": "AMANI WANJIRU DEMO",
    "nationality": "KE",
    "date_of_birth": date(1975, 5, 17),
    "passport_number": "DEMO-K1234567",
    "passport_expiry": date(2035, 1, 31),
    "departure_city": "Nairobi",
    "departure_country": "KE",
}


def funded_workshop(*, money: str | None = "300000", **fields) -> Workshop:
    """A workshop with funded seats and, unless ``money=None``, a committed contribution earmarked for
    it: tickets and DSA are posted to funding as expenditures and need a source that holds them."""
    seats = fields.pop("funded_seats", 40)
    workshop = WorkshopFactory(funded_seats=seats, **fields)
    if money is not None:
        # Funding writes the funded seats from the budget and the money: 40 seats of 4,000, covered.
        funding_factories.budget(workshop, seats=seats)
        funding_factories.contribution(workshop=workshop, amount=money)
        workshop.refresh_from_db()
    return workshop


def approved_file(workshop: Workshop, *, user=None, state: MemberState | None = None, secretariat=None) -> TravelFile:
    """A delegate asks for funded participation and the secretariat approves it: the file opens."""
    user = user or factories.make_delegate(state=state)
    secretariat = secretariat or factories.make_secretariat()
    person = person_of(user)
    registration = Registration.objects.create(
        workshop=workshop,
        person=person,
        member_state=person.member_state,
        registered_by=user,
        status=Registration.Status.CONFIRMED,
        funding=Registration.Funding.REQUESTED,
        travel_from="Nairobi, Kenya",
    )
    workshop_services.decide_funding(registration=registration, by=secretariat, approve=True)
    return TravelFile.objects.get(registration=registration)


def complete(travel_file: TravelFile, by) -> TravelFile:
    return services.save_traveller_details(travel_file=travel_file, by=by, **DETAILS)


def geneva_rates(by) -> None:
    for applies_from, rate in ((date(2000, 1, 1), Decimal("411.00")),):
        services.save_dsa_rate(rate=DsaRate(duty_station="Geneva", rate_usd=rate, applies_from=applies_from), by=by)


def past_workshop(days_ago: int = 10, **fields) -> Workshop:
    start = timezone.localdate() - timedelta(days=days_ago)
    return funded_workshop(
        start_date=start,
        end_date=start + timedelta(days=1),
        registration_opens=timezone.now() - timedelta(days=60),
        registration_closes=timezone.now() - timedelta(days=30),
        **fields,
    )
