"""Where a travel file stands and what it still needs, from its own fields: no database.

The status follows the facts (details requested → details complete → ticket issued → travelled →
settled); ``missing`` spells out, in the reader's language, what the next step waits for.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .models import DETAIL_FIELDS, TravelAttachment, TravelFile

S = TravelFile.Status
ITINERARY_FIELDS = ("outbound_date", "return_date", "arrival_date", "departure_date")


def _label(name: str) -> str:
    return str(TravelFile._meta.get_field(name).verbose_name)


def details_complete(travel_file: TravelFile) -> bool:
    if travel_file.is_erased:
        return True  # erased after the workshop: the details were there, they are no longer kept
    return all(getattr(travel_file, name) not in (None, "") for name in DETAIL_FIELDS)


def has_attachment(travel_file: TravelFile, kind: str) -> bool:
    return any(attachment.kind == kind for attachment in travel_file.attachments.all())


def status_of(travel_file: TravelFile) -> str:
    if travel_file.settled_on:
        return S.SETTLED
    if travel_file.travelled_on:
        return S.TRAVELLED
    if travel_file.purchase and travel_file.ticket_issued_on:
        return S.TICKET_ISSUED
    if details_complete(travel_file):
        return S.DETAILS_COMPLETE
    return S.DETAILS_REQUESTED


def missing_details(travel_file: TravelFile) -> list[str]:
    if travel_file.is_erased:
        return []
    return [_label(name) for name in DETAIL_FIELDS if getattr(travel_file, name) in (None, "")]


def missing_to_settle(travel_file: TravelFile) -> list[str]:
    """Everything the file still needs before it can be settled (empty: it can be)."""
    missing = missing_details(travel_file)
    if not travel_file.funded:
        return missing
    missing += [_label(name) for name in ITINERARY_FIELDS if getattr(travel_file, name) is None]
    if not (travel_file.purchase and travel_file.ticket_issued_on):
        missing.append(_("the ticket"))
    if travel_file.purchase == TravelFile.Purchase.TRAVELLER:
        if not has_attachment(travel_file, TravelAttachment.Kind.RECEIPT):
            missing.append(_("the ticket receipt"))
        if travel_file.reimbursed_on is None:
            missing.append(_("the reimbursement of the fare"))
    if not has_attachment(travel_file, TravelAttachment.Kind.BOARDING_PASS):
        missing.append(_("the boarding passes"))
    if travel_file.travelled_on is None:
        missing.append(_("the secretariat's confirmation of the travel"))
    if not travel_file.attendance:
        missing.append(_("the attendance"))
    if travel_file.attendance != TravelFile.Attendance.ABSENT and not travel_file.dsa_paid_on:
        missing.append(_("the payment of the DSA"))
    return missing


def missing(travel_file: TravelFile) -> list[str]:
    """What the next step waits for: the traveller's details first, then everything else."""
    if travel_file.settled_on:
        return []
    details = missing_details(travel_file)
    return details or missing_to_settle(travel_file)
