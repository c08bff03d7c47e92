"""The travel desk for the travel agency, as CSV and XLSX: the same columns and rows in both.

Itineraries and tickets only. The traveller's details (passport name and number, nationality, date of
birth, passport expiry, city and country of departure) are personal data and are in no export: the
agency receives them from the secretariat for one booking, never as a list.
"""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from workshops import exports as workshop_exports

from . import progress
from .models import TravelFile

XLSX = workshop_exports.XLSX_CONTENT_TYPE


def header() -> list[str]:
    return [
        _("Participant"),
        _("Member state"),
        _("Status"),
        _("Outbound flight date"),
        _("Outbound route"),
        _("Outbound carrier"),
        _("Outbound flight numbers"),
        _("Return flight date"),
        _("Return route"),
        _("Return carrier"),
        _("Return flight numbers"),
        _("Arrival in the duty station"),
        _("Departure from the duty station"),
        _("Ticket"),
        _("Booking reference"),
        _("Class"),
        _("Still missing"),
    ]


def _date(value) -> str:
    return value.isoformat() if value else ""


def rows(files: Iterable[TravelFile]) -> Iterable[list[str]]:
    for travel_file in files:
        registration = travel_file.registration
        yield [
            registration.person.full_name,
            str(registration.member_state),
            travel_file.get_status_display(),
            _date(travel_file.outbound_date),
            travel_file.outbound_route,
            travel_file.outbound_carrier,
            travel_file.outbound_flights,
            _date(travel_file.return_date),
            travel_file.return_route,
            travel_file.return_carrier,
            travel_file.return_flights,
            _date(travel_file.arrival_date),
            _date(travel_file.departure_date),
            travel_file.get_purchase_display() if travel_file.purchase else "",
            travel_file.booking_reference,
            travel_file.get_ticket_class_display() if travel_file.ticket_class else "",
            "; ".join(progress.missing(travel_file)),
        ]


def to_csv(files: Iterable[TravelFile]) -> str:
    return workshop_exports.csv_text(header(), rows(files))


def to_xlsx(files: Iterable[TravelFile], *, title: str) -> bytes:
    return workshop_exports.xlsx_bytes(header(), rows(files), title=title)
