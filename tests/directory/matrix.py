"""Permission-matrix rows for the directory: profile and affiliation pages, staff pages."""

from ..matrix import LOGIN, Entry, Redirect, roles, signed_in, staff_page

PROFILE = Redirect("directory:profile")
QUEUE = Redirect("directory:affiliation_queue")
STAFF_POST_INVALID = staff_page(secretariat=200)  # an empty form comes back with its errors


def _state(world):
    return {"pk": world.state.pk}


def _organisation(world):
    return {"pk": world.organisation.pk}


def _person(world):
    return {"pk": world.person.pk}


def _delegates_affiliation(world):
    return {"pk": world.affiliation.pk}


def _pending(world):
    return {"pk": world.pending.pk}


MATRIX = {
    "directory:profile": Entry(
        get=signed_in(200),
        post=signed_in(PROFILE),
        post_data=lambda world: {"first_name": "Ana", "last_name": "Silva", "preferred_language": "fr"},
    ),
    # Only a user with no pending or approved affiliation (and not the secretariat) may ask.
    "directory:affiliation_request": Entry(
        get=roles(
            anonymous=LOGIN,
            delegate=PROFILE,
            other_delegate=PROFILE,
            focal_point=PROFILE,
            donor_contact=200,
            secretariat=PROFILE,
        ),
        post=roles(
            anonymous=LOGIN,
            delegate=200,
            other_delegate=200,
            focal_point=200,
            donor_contact=PROFILE,
            secretariat=200,
        ),
        post_data=lambda world: {"member_state": world.other_state.pk, "position": "Counsellor"},
        note="a POST that may not be granted comes back with the reason on the form",
    ),
    # POST only; the affiliation is looked up among the user's own, so others get 404.
    "directory:affiliation_withdraw": Entry(
        get=signed_in(405),
        kwargs=_delegates_affiliation,
        post=roles(
            anonymous=LOGIN,
            delegate=PROFILE,
            other_delegate=404,
            focal_point=404,
            donor_contact=404,
            secretariat=404,
        ),
    ),
    "directory:state_list": Entry(get=staff_page()),
    "directory:state_create": Entry(get=staff_page(), post=STAFF_POST_INVALID),
    "directory:state_edit": Entry(get=staff_page(), kwargs=_state, post=STAFF_POST_INVALID),
    "directory:organisation_list": Entry(get=staff_page()),
    "directory:organisation_create": Entry(get=staff_page(), post=STAFF_POST_INVALID),
    "directory:organisation_edit": Entry(get=staff_page(), kwargs=_organisation, post=STAFF_POST_INVALID),
    "directory:person_list": Entry(get=staff_page()),
    "directory:person_create": Entry(get=staff_page(), post=STAFF_POST_INVALID),
    "directory:person_edit": Entry(get=staff_page(), kwargs=_person, post=STAFF_POST_INVALID),
    # The matrix's person has no photo: the secretariat gets 404 (tests/directory/test_person_photo.py serves one).
    "directory:person_photo": Entry(get=staff_page(secretariat=404), kwargs=_person),
    "directory:affiliation_queue": Entry(get=staff_page()),
    "directory:affiliation_decide": Entry(
        get=staff_page(),
        kwargs=_pending,
        post=staff_page(secretariat=QUEUE),
        post_data=lambda world: {"decision": "approve"},
    ),
    # POST only.
    "directory:affiliation_focal_point": Entry(
        get=staff_page(secretariat=405),
        kwargs=_delegates_affiliation,
        post=staff_page(secretariat=Redirect("directory:affiliation_decide", kwargs=_delegates_affiliation)),
        post_data=lambda world: {"is_focal_point": "on"},
    ),
}
