"""Permission-matrix rows for travel: the traveller's pages and the secretariat's travel desk.

The records: the workshops matrix's open workshop, in which the delegate (of the focal point's state)
has funded participation approved; their travel file, with a receipt; a DSA rate for Geneva. The
travel file, its receipt and its upload answer 404 to anyone but the traveller, their focal point
and the secretariat, signed in or not.
"""

from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile

from ..matrix import Entry, Redirect, everyone, roles, signed_in, staff_page
from ..workshops.matrix import records as workshop_records


def records(world) -> dict:
    if "travel" in world.extra:
        return world.extra["travel"]
    from travel.models import DsaRate, InvitationLetter, TravelAttachment
    from travel.services import open_travel_file

    mine = workshop_records(world)["mine"]
    travel_file = open_travel_file(registration=mine, by=world.users["secretariat"])
    attachment = TravelAttachment.objects.create(
        travel_file=travel_file,
        kind=TravelAttachment.Kind.RECEIPT,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="receipt.pdf"),
        content_type="application/pdf",
        size=15,
        original_name="receipt.pdf",
    )
    rate = DsaRate.objects.create(duty_station="Geneva", rate_usd=Decimal("411.00"), applies_from=date(2010, 1, 1))
    # Written directly: a file has one open letter at a time; the matrix needs one waiting and one valid.
    requested = InvitationLetter.objects.create(travel_file=travel_file, requested_by=world.users["delegate"])
    approved = InvitationLetter.objects.create(
        travel_file=travel_file,
        requested_by=world.users["delegate"],
        status=InvitationLetter.Status.APPROVED,
        reference="IDM/2010/L/900",
        verification_code="matrix-letter-code-0000000000000",
        issued_on=date(2010, 2, 1),
    )
    world.extra["travel"] = {
        "file": travel_file,
        "attachment": attachment,
        "rate": rate,
        "requested": requested,
        "approved": approved,
    }
    return world.extra["travel"]


def _file(world):
    return {"pk": records(world)["file"].pk}


def _attachment(world):
    return {"pk": records(world)["attachment"].pk}


def _rate(world):
    return {"pk": records(world)["rate"].pk}


def _requested(world):
    return {"pk": records(world)["requested"].pk}


def _approved(world):
    return {"pk": records(world)["approved"].pk}


def _code(world):
    return {"code": records(world)["approved"].verification_code}


def _reason(world):
    return {"refuse-reason": "Not needed.", "revoke-reason": "Issued in error."}


def _slug(world):
    records(world)
    return {"slug": workshop_records(world)["workshop"].slug}


def _action(world):
    return {**_file(world), "action": "attendance"}


FILE = Redirect("travel:file", kwargs=_file)
# The traveller, their state's focal point and the secretariat; 404 for everyone else, anonymous too.
TRAVELLERS = roles(anonymous=404, delegate=200, other_delegate=404, focal_point=200, donor_contact=404, secretariat=200)
POST_ONLY_STAFF = staff_page(secretariat=405)

MATRIX = {
    "travel:my_travel": Entry(get=signed_in(200)),
    "travel:file": Entry(
        get=TRAVELLERS,
        kwargs=_file,
        post=TRAVELLERS,  # an empty form comes back with its errors
    ),
    "travel:attachment": Entry(get=TRAVELLERS, kwargs=_attachment),
    "travel:attachment_upload": Entry(
        get=roles(anonymous=404, delegate=405, other_delegate=404, focal_point=405, donor_contact=404, secretariat=405),
        kwargs=_file,
        post=roles(
            anonymous=404, delegate=FILE, other_delegate=404, focal_point=FILE, donor_contact=404, secretariat=FILE
        ),
    ),
    "travel:desk_index": Entry(get=staff_page()),
    "travel:desk": Entry(get=staff_page(), kwargs=_slug, query="?status=details_requested"),
    "travel:desk_export": Entry(get=staff_page(), kwargs=lambda world: {**_slug(world), "format": "csv"}),
    "travel:staff_file": Entry(get=staff_page(), kwargs=_file),
    "travel:staff_action": Entry(
        get=POST_ONLY_STAFF,
        kwargs=_action,
        post=staff_page(secretariat=200),  # the workshop has not started: the refusal comes back on the page
        post_data=lambda world: {"attendance": "attended"},
    ),
    "travel:dsa_rates": Entry(get=staff_page(), post=staff_page(secretariat=200)),
    "travel:dsa_rate_edit": Entry(get=staff_page(), kwargs=_rate, post=staff_page(secretariat=200)),
    "travel:dsa_rate_delete": Entry(
        get=POST_ONLY_STAFF, kwargs=_rate, post=staff_page(secretariat=Redirect("travel:dsa_rates"))
    ),
    "travel:audit": Entry(get=staff_page()),
    "travel:letter_request": Entry(
        get=TRAVELLERS,
        kwargs=_file,
        post=TRAVELLERS,  # the traveller's details are not complete: the refusal comes back on the form
        post_data=lambda world: {"language": "fr"},
    ),
    "travel:verify_letter": Entry(get=everyone(200), kwargs=_code),
    "travel:letter_queue": Entry(get=staff_page(), query="?status=&q=Kenya"),
    "travel:staff_letter": Entry(get=staff_page(), kwargs=_requested),
    # The traveller's details are not complete: the approval is refused on the letter's page.
    "travel:letter_approve": Entry(get=POST_ONLY_STAFF, kwargs=_requested, post=staff_page(secretariat=200)),
    "travel:letter_refuse": Entry(
        get=POST_ONLY_STAFF,
        kwargs=_requested,
        post=staff_page(secretariat=Redirect("travel:staff_letter", kwargs=_requested)),
        post_data=_reason,
    ),
    "travel:letter_revoke": Entry(
        get=POST_ONLY_STAFF,
        kwargs=_approved,
        post=staff_page(secretariat=Redirect("travel:staff_letter", kwargs=_approved)),
        post_data=_reason,
    ),
}
