"""Permission-matrix rows for travel: the traveller's pages and the secretariat's travel desk.

The records: the workshops matrix's open workshop, in which the delegate (of the focal point's state)
has funded participation approved; their travel file, with a receipt; a DSA rate for Geneva. The
travel file, its receipt and its upload answer 404 to anyone but the traveller, their focal point
and the secretariat, signed in or not.
"""

from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile

from ..matrix import Entry, Redirect, roles, signed_in, staff_page
from ..workshops.matrix import records as workshop_records


def records(world) -> dict:
    if "travel" in world.extra:
        return world.extra["travel"]
    from travel.models import DsaRate, TravelAttachment
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
    world.extra["travel"] = {"file": travel_file, "attachment": attachment, "rate": rate}
    return world.extra["travel"]


def _file(world):
    return {"pk": records(world)["file"].pk}


def _attachment(world):
    return {"pk": records(world)["attachment"].pk}


def _rate(world):
    return {"pk": records(world)["rate"].pk}


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
}
