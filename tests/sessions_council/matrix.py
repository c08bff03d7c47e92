"""Permission-matrix rows for Council sessions, speakers and presentations.

The records are made on first use and kept in ``world.extra``: a session with one panel, where the
delegate of the world (who has a person in the directory) is a panellist whose unpublished
presentation is in, and a second speaker with a photo.
"""

from django.urls import reverse

from ..matrix import LOGIN, Entry, Redirect, everyone, roles, signed_in, staff_page

STAFF_POST_INVALID = staff_page(secretariat=200)  # an empty form comes back with its errors


def _council(world) -> dict:
    if "council" in world.extra:
        return world.extra["council"]
    from directory.models import Person
    from sessions_council import services
    from tests.factories import PersonFactory

    from .factories import CouncilSessionFactory, PanelFactory, ParticipationFactory, pdf_upload, png_upload

    session = CouncilSessionFactory(number=98, title="Ninety-eighth Session")
    panel = PanelFactory(session=session, title="Human rights and migration")
    own = ParticipationFactory(panel=panel, person=Person.objects.get(user=world.users["delegate"]), order=0)
    presentation = services.upload_presentation(
        participation=own, upload=pdf_upload(), by=world.users["secretariat"], is_published=False
    )
    photographed = PersonFactory(given_name="Kyung-wha", family_name="Kang")
    ParticipationFactory(panel=panel, person=photographed, order=1)
    services.update_speaker(person=photographed, biography="Deputy High Commissioner", photo=png_upload())
    world.extra["council"] = {
        "session": session,
        "panel": panel,
        "own": own,
        "presentation": presentation,
        "speaker": photographed,
    }
    return world.extra["council"]


def _number(world):
    return {"number": _council(world)["session"].number}


def _session(world):
    return {"pk": _council(world)["session"].pk}


def _panel(world):
    return {"pk": _council(world)["panel"].pk}


def _own(world):
    return {"pk": _council(world)["own"].pk}


def _presentation(world):
    return {"pk": _council(world)["presentation"].pk}


def _speaker(world):
    return {"pk": _council(world)["speaker"].pk}


class _AtPanel(Redirect):
    """The staff session page, scrolled to the panel (the anchor depends on the world)."""

    def location(self, world) -> str:
        return reverse(self.to, kwargs=_session(world)) + f"#panel-{_council(world)['panel'].pk}"


AT_PANEL = _AtPanel("sessions_council:staff_session")

# Only the speaker (the delegate) and the secretariat see an unpublished presentation; for anyone
# else it does not exist.
SPEAKER_AND_SECRETARIAT = roles(
    anonymous=404, delegate=200, other_delegate=404, focal_point=404, donor_contact=404, secretariat=200
)
# A speaker's own upload page: anyone else's answer is 404, whatever their role.
OWN_ONLY = roles(anonymous=LOGIN, delegate=200, other_delegate=404, focal_point=404, donor_contact=404, secretariat=404)

MATRIX = {
    # Public pages
    "sessions_council:session_list": Entry(get=everyone(200)),
    "sessions_council:session_detail": Entry(get=everyone(200), kwargs=_number),
    "sessions_council:presentation_download": Entry(
        get=SPEAKER_AND_SECRETARIAT, kwargs=_presentation, note="unpublished: public ones answer 200 to everyone"
    ),
    "sessions_council:speaker_list": Entry(get=everyone(200)),
    "sessions_council:speaker_detail": Entry(get=everyone(200), kwargs=_speaker),
    "sessions_council:speaker_photo": Entry(get=everyone(200), kwargs=_speaker),
    # A speaker's own presentations
    "sessions_council:my_presentations": Entry(get=signed_in(200)),
    "sessions_council:my_presentation_upload": Entry(
        get=OWN_ONLY, kwargs=_own, post=OWN_ONLY, note="an empty POST comes back with its errors"
    ),
    # Secretariat
    "sessions_council:staff_session_list": Entry(get=staff_page()),
    "sessions_council:session_create": Entry(get=staff_page(), post=STAFF_POST_INVALID),
    "sessions_council:presentations_missing": Entry(get=staff_page()),
    "sessions_council:staff_session": Entry(get=staff_page(), kwargs=_session),
    "sessions_council:session_edit": Entry(get=staff_page(), kwargs=_session, post=STAFF_POST_INVALID),
    "sessions_council:panel_create": Entry(get=staff_page(), kwargs=_session, post=STAFF_POST_INVALID),
    "sessions_council:panel_edit": Entry(get=staff_page(), kwargs=_panel, post=STAFF_POST_INVALID),
    "sessions_council:participation_create": Entry(get=staff_page(), kwargs=_panel, post=STAFF_POST_INVALID),
    "sessions_council:participation_edit": Entry(get=staff_page(), kwargs=_own, post=STAFF_POST_INVALID),
    # POST only.
    "sessions_council:participation_move": Entry(
        get=staff_page(secretariat=405),
        kwargs=_own,
        post=staff_page(secretariat=AT_PANEL),
        post_data=lambda world: {"direction": "down"},
    ),
    "sessions_council:participation_delete": Entry(
        get=staff_page(secretariat=405), kwargs=_own, post=staff_page(secretariat=AT_PANEL)
    ),
    "sessions_council:presentation_upload": Entry(get=staff_page(), kwargs=_own, post=STAFF_POST_INVALID),
    "sessions_council:speaker_edit": Entry(
        get=staff_page(),
        kwargs=_speaker,
        post=staff_page(secretariat=Redirect("sessions_council:speaker_edit", kwargs=_speaker)),
        post_data=lambda world: {"biography": "Deputy High Commissioner for Human Rights"},
    ),
}
