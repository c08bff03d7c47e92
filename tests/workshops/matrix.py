"""Permission-matrix rows for the workshops: public pages, delegate pages, secretariat pages.

The records the URLs point at are made once per world by ``records(world)``: an open workshop in
which the delegate (of the focal point's state) holds a confirmed seat with funded participation
approved, a pending registration of another delegate, an agenda item with a speaker and a
participants-only document.
"""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from ..matrix import LOGIN, Entry, Redirect, everyone, roles, signed_in, staff_page


def records(world) -> dict:
    if "workshops" in world.extra:
        return world.extra["workshops"]
    from directory.models import Person
    from workshops.models import AgendaItem, AgendaSpeaker, DialogueYear, Registration, Workshop, WorkshopDocument

    from .. import factories

    year = DialogueYear.objects.create(year=2010, theme="Migration and social change", is_current=True)
    start = timezone.localdate() + timedelta(days=30)
    workshop = Workshop.objects.create(
        year=year,
        title="Migration and Transnationalism: Opportunities and Challenges",
        slug="migration-and-transnationalism",
        start_date=start,
        end_date=start + timedelta(days=1),
        capacity=30,
        funded_seats=5,
        registration_opens=timezone.now() - timedelta(days=1),
        registration_closes=timezone.now() + timedelta(days=10),
        status=Workshop.Status.SUBJECT_TO_FUNDING,
    )
    delegate = world.users["delegate"]
    mine = Registration.objects.create(
        workshop=workshop,
        person=Person.objects.get(user=delegate),
        member_state=world.state,
        registered_by=delegate,
        status=Registration.Status.CONFIRMED,
        funding=Registration.Funding.APPROVED,
        travel_from="Nairobi, Kenya",
    )
    applicant = factories.make_delegate(email="third@state.example", state=world.other_state)
    pending = Registration.objects.create(
        workshop=workshop,
        person=Person.objects.get(user=applicant),
        member_state=world.other_state,
        registered_by=applicant,
        status=Registration.Status.PENDING,
        funding=Registration.Funding.REQUESTED,
        travel_from="Quito, Ecuador",
    )
    now = timezone.now()
    item = AgendaItem.objects.create(workshop=workshop, title="Opening", starts_at=now, ends_at=now)
    speaker = AgendaSpeaker.objects.create(agenda_item=item, person=world.person, role=AgendaSpeaker.Role.CHAIR)
    document = WorkshopDocument.objects.create(
        workshop=workshop,
        kind=WorkshopDocument.Kind.BACKGROUND_PAPER,
        title="Background paper",
        is_public=False,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="document.pdf"),
        content_type="application/pdf",
        size=15,
        original_name="background.pdf",
    )
    world.extra["workshops"] = {
        "year": year,
        "workshop": workshop,
        "mine": mine,
        "pending": pending,
        "item": item,
        "speaker": speaker,
        "document": document,
    }
    return world.extra["workshops"]


def _slug(world):
    return {"slug": records(world)["workshop"].slug}


def _year(world):
    return {"pk": records(world)["year"].pk}


def _mine(world):
    return {"pk": records(world)["mine"].pk}


def _note_verbale(world):
    mine = records(world)["mine"]
    if not mine.note_verbale:
        mine.note_verbale.save("note-verbale.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    return {"pk": mine.pk}


def _pending(world):
    return {"pk": records(world)["pending"].pk}


def _item(world):
    return {"pk": records(world)["item"].pk}


def _speaker(world):
    return {"pk": records(world)["speaker"].pk}


def _document(world):
    return {"pk": records(world)["document"].pk}


def _certificate(world):
    from workshops.models import Certificate

    certificate, _created = Certificate.objects.get_or_create(
        registration=records(world)["mine"], defaults={"code": "matrix-certificate-code-00000000"}
    )
    return {"code": certificate.code}


def _message(world):
    from workshops.models import ParticipantMessage

    message, _created = ParticipantMessage.objects.get_or_create(
        workshop=records(world)["workshop"], subject="Room change", defaults={"body": "Room XIX."}
    )
    return {"slug": message.workshop.slug, "pk": message.pk}


def _export(world):
    return {**_slug(world), "format": "csv"}


MY_REGISTRATIONS = Redirect("workshops:my_registrations")
MY_DELEGATION = Redirect("workshops:my_delegation")
QUEUE = Redirect("workshops:staff_queue", kwargs=_slug)
FUNDING = Redirect("workshops:staff_funding", kwargs=_slug)
DOCUMENTS = Redirect("workshops:staff_documents", kwargs=_slug)
STAFF_POST_INVALID = staff_page(secretariat=200)  # an empty form comes back with its errors
POST_ONLY_STAFF = staff_page(secretariat=405)
DELEGATES_ONLY = roles(
    anonymous=LOGIN, delegate=200, other_delegate=200, focal_point=200, donor_contact=403, secretariat=403
)

MATRIX = {
    # Public: everyone, no log-in.
    "workshops:list": Entry(get=everyone(200)),
    "workshops:upcoming_ics": Entry(get=everyone(200)),
    "workshops:detail": Entry(get=everyone(200), kwargs=_slug),
    "workshops:ics": Entry(get=everyone(200), kwargs=_slug),
    "workshops:verify_certificate": Entry(
        get=everyone(200),
        kwargs=_certificate,
        note="an unknown code is 404 (tests/documents/test_attendance_documents.py)",
    ),
    # A participants-only document: the confirmed participant and the secretariat; 404 for all others.
    "workshops:document": Entry(
        get=roles(anonymous=404, delegate=200, other_delegate=404, focal_point=404, donor_contact=404, secretariat=200),
        kwargs=_document,
        note="public documents answer 200 to everyone (tests/workshops/test_documents.py)",
    ),
    # Delegates and focal points.
    "workshops:register": Entry(
        get=DELEGATES_ONLY,
        kwargs=_slug,
        post=roles(
            anonymous=LOGIN,
            delegate=200,  # already registered: the form says so
            other_delegate=MY_REGISTRATIONS,
            focal_point=MY_DELEGATION,
            donor_contact=403,
            secretariat=403,
        ),
        post_data=lambda world: {"participant": "self", "consent_to_publish": "on"},
    ),
    "workshops:my_registrations": Entry(get=signed_in(200)),
    "workshops:my_documents": Entry(get=signed_in(200)),
    "workshops:my_delegation": Entry(
        get=roles(
            anonymous=LOGIN, delegate=403, other_delegate=403, focal_point=200, donor_contact=403, secretariat=403
        )
    ),
    # POST only; looked up among the registrations the user may see, so others get 404.
    "workshops:cancel": Entry(
        get=signed_in(405),
        kwargs=_mine,
        post=roles(
            anonymous=LOGIN,
            delegate=MY_REGISTRATIONS,
            other_delegate=404,
            focal_point=MY_REGISTRATIONS,
            donor_contact=404,
            secretariat=MY_REGISTRATIONS,
        ),
    ),
    # Changed by the participant or their state's focal point (the secretariat decides, it does not change).
    "workshops:change": Entry(
        get=roles(
            anonymous=LOGIN, delegate=200, other_delegate=404, focal_point=200, donor_contact=404, secretariat=404
        ),
        kwargs=_mine,
        post=roles(
            anonymous=LOGIN,
            delegate=MY_REGISTRATIONS,
            other_delegate=404,
            focal_point=MY_DELEGATION,
            donor_contact=404,
            secretariat=404,
        ),
        post_data=lambda world: {"consent_to_publish": "on"},
    ),
    # A state's correspondence: the secretariat and that state's focal point; 404 for all others, even
    # the participant it is about (tests/workshops/test_journey.py).
    "workshops:note_verbale": Entry(
        get=roles(
            anonymous=LOGIN, delegate=404, other_delegate=404, focal_point=200, donor_contact=404, secretariat=200
        ),
        kwargs=_note_verbale,
    ),
    # Secretariat.
    "workshops:staff_workshops": Entry(get=staff_page()),
    "workshops:staff_workshop_create": Entry(get=staff_page(), post=STAFF_POST_INVALID),
    "workshops:staff_workshop_edit": Entry(get=staff_page(), kwargs=_slug, post=STAFF_POST_INVALID),
    "workshops:staff_years": Entry(get=staff_page()),
    "workshops:staff_year_create": Entry(get=staff_page(), post=STAFF_POST_INVALID),
    "workshops:staff_year_edit": Entry(get=staff_page(), kwargs=_year, post=STAFF_POST_INVALID),
    "workshops:staff_agenda": Entry(get=staff_page(), kwargs=_slug),
    "workshops:staff_agenda_item_create": Entry(get=staff_page(), kwargs=_slug, post=STAFF_POST_INVALID),
    "workshops:staff_agenda_item_edit": Entry(get=staff_page(), kwargs=_item, post=STAFF_POST_INVALID),
    "workshops:staff_agenda_item_move": Entry(get=POST_ONLY_STAFF, kwargs=_item),
    "workshops:staff_agenda_item_delete": Entry(get=POST_ONLY_STAFF, kwargs=_item),
    "workshops:staff_agenda_speaker_add": Entry(get=POST_ONLY_STAFF, kwargs=_item),
    "workshops:staff_agenda_speaker_remove": Entry(get=POST_ONLY_STAFF, kwargs=_speaker),
    "workshops:staff_documents": Entry(get=staff_page(), kwargs=_slug, post=STAFF_POST_INVALID),
    "workshops:staff_document_edit": Entry(get=staff_page(), kwargs=_document, post=STAFF_POST_INVALID),
    "workshops:staff_document_delete": Entry(
        get=POST_ONLY_STAFF, kwargs=_document, post=staff_page(secretariat=DOCUMENTS)
    ),
    "workshops:staff_queue": Entry(get=staff_page(), kwargs=_slug, query="?status=pending&funded=any"),
    "workshops:staff_bulk_decide": Entry(
        get=POST_ONLY_STAFF,
        kwargs=_slug,
        post=staff_page(secretariat=200),  # the plan: nothing changes before the confirming POST
        post_data=lambda world: {"action": "confirm", "registrations": [records(world)["pending"].pk]},
    ),
    "workshops:staff_export": Entry(get=staff_page(), kwargs=_export),
    "workshops:staff_registration": Entry(
        get=staff_page(),
        kwargs=_pending,
        post=staff_page(secretariat=QUEUE),
        post_data=lambda world: {"action": "confirm"},
    ),
    "workshops:staff_funding": Entry(get=staff_page(), kwargs=_slug),
    "workshops:staff_capacity": Entry(
        get=POST_ONLY_STAFF,
        kwargs=_slug,
        post=staff_page(secretariat=QUEUE),
        post_data=lambda world: {"capacity": 40},
    ),
    "workshops:staff_funding_decide": Entry(
        get=POST_ONLY_STAFF,
        kwargs=_pending,
        post=staff_page(secretariat=FUNDING),
        post_data=lambda world: {"decision": "refuse", "reason": "All funded seats are taken."},
    ),
    # The day of the workshop.
    "workshops:staff_checkin": Entry(get=staff_page(), kwargs=_slug, query="?q=Ken"),
    "workshops:staff_checkin_scan": Entry(
        get=POST_ONLY_STAFF,
        kwargs=_slug,
        post=staff_page(secretariat=200),  # the answer: here, an unknown badge
        post_data=lambda world: {"token": "x" * 32},
    ),
    "workshops:staff_attendance": Entry(get=staff_page(), kwargs=_slug),
    "workshops:staff_messages": Entry(get=staff_page(), kwargs=_slug),
    "workshops:staff_message_new": Entry(
        get=staff_page(),
        kwargs=_slug,
        post=staff_page(secretariat=200),  # the preview: nothing is sent before the confirming POST
        post_data=lambda world: {"subject": "Room change", "body": "Room XIX.", "action": "preview"},
    ),
    "workshops:staff_message": Entry(get=staff_page(), kwargs=_message),
    "workshops:staff_registration_badge": Entry(
        get=POST_ONLY_STAFF,
        kwargs=_pending,
        post=staff_page(secretariat=Redirect("workshops:staff_registration", kwargs=_pending)),
        post_data=lambda world: {"category": "observer", "badge_name": "Dr. A. Third"},
    ),
}
