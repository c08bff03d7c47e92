"""The secretariat's directory pages: deciding affiliations, making focal points, creating and editing
member states, organisations and people."""

import pytest
from django.urls import reverse

from directory.forms import UNKNOWN_STATE
from directory.models import Affiliation, MemberState, Organisation, Person
from tests import factories
from tests.pages import messages

NEED_REASON = "Give the reason for refusing, so the applicant knows what to do."


# --- The secretariat decides ----------------------------------------------------------------


def test_approving_from_the_queue(staff_client, secretariat, pending, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("directory:affiliation_decide", kwargs={"pk": pending.pk}),
            {"decision": "approve", "focal_point": "on"},
        )

    pending.refresh_from_db()
    assert (response.status_code, response.headers["Location"]) == (302, reverse("directory:affiliation_queue"))
    assert messages(response) == ["The affiliation of Amina Odhiambo was approved."]
    assert (pending.status, pending.is_focal_point, pending.decided_by) == ("approved", True, secretariat)
    assert list(Person.objects.values_list("given_name", "family_name", "member_state__name", "position")) == [
        ("Amina", "Odhiambo", "Kenya", "Director")
    ]
    assert [(mail.subject, mail.to) for mail in mailoutbox] == [
        ("[IDM] Your affiliation to Kenya was approved", ["amina@state.example"])
    ]


def test_refusing_from_the_queue(staff_client, pending, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("directory:affiliation_decide", kwargs={"pk": pending.pk}),
            {"decision": "refuse", "reason": "Not known to the mission."},
        )

    pending.refresh_from_db()
    assert (response.status_code, response.headers["Location"]) == (302, reverse("directory:affiliation_queue"))
    assert messages(response) == ["The affiliation of Amina Odhiambo was refused."]
    assert (pending.status, pending.reason) == ("refused", "Not known to the mission.")
    assert [mail.subject for mail in mailoutbox] == ["[IDM] Your affiliation to Kenya was not approved"]


def test_refusing_without_a_reason_is_refused_and_changes_nothing(
    staff_client, pending, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("directory:affiliation_decide", kwargs={"pk": pending.pk}), {"decision": "refuse", "reason": " "}
        )

    pending.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": [NEED_REASON]}
    assert NEED_REASON in response.content.decode()
    assert (pending.status, pending.decided_by, pending.reason) == ("pending", None, "")
    assert mailoutbox == []


def test_a_decision_without_a_choice_is_refused(staff_client, pending):
    response = staff_client.post(reverse("directory:affiliation_decide", kwargs={"pk": pending.pk}), {})

    pending.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors == {"decision": ["This field is required."]}
    assert pending.status == "pending"


def test_a_decided_affiliation_cannot_be_decided_again(staff_client, delegate):
    affiliation = Affiliation.objects.get(user=delegate)

    response = staff_client.post(
        reverse("directory:affiliation_decide", kwargs={"pk": affiliation.pk}),
        {"decision": "refuse", "reason": "Changed our mind."},
    )

    affiliation.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors == {"__all__": ["This affiliation has already been decided."]}
    assert (affiliation.status, affiliation.reason) == ("approved", "")


def test_deciding_an_unknown_affiliation_is_404(staff_client, pending):
    response = staff_client.post(
        reverse("directory:affiliation_decide", kwargs={"pk": pending.pk + 1000}), {"decision": "approve"}
    )

    assert response.status_code == 404


def test_making_a_focal_point(staff_client, delegate):
    affiliation = Affiliation.objects.get(user=delegate)

    response = staff_client.post(
        reverse("directory:affiliation_focal_point", kwargs={"pk": affiliation.pk}), {"is_focal_point": "on"}
    )

    affiliation.refresh_from_db()
    assert (response.status_code, response.headers["Location"]) == (
        302,
        reverse("directory:affiliation_decide", kwargs={"pk": affiliation.pk}),
    )
    assert messages(response) == ["The focal point was updated."]
    assert affiliation.is_focal_point is True


def test_a_pending_affiliation_cannot_be_made_focal_point(staff_client, pending):
    response = staff_client.post(
        reverse("directory:affiliation_focal_point", kwargs={"pk": pending.pk}), {"is_focal_point": "on"}
    )

    pending.refresh_from_db()
    assert (response.status_code, response["Location"]) == (
        302,
        reverse("directory:affiliation_decide", kwargs={"pk": pending.pk}),
    )
    assert messages(response) == ["Only an approved affiliation can be a focal point."]
    assert pending.is_focal_point is False


# --- Staff pages: create and edit -----------------------------------------------------------


def test_creating_a_member_state(staff_client):
    response = staff_client.post(
        reverse("directory:state_create"),
        {"name": "Morocco", "country": "MA", "status": "member", "region": "africa", "eligible_for_funding": "on"},
    )

    assert (response.status_code, response.headers["Location"]) == (302, reverse("directory:state_list"))
    assert messages(response) == ["Morocco was saved."]
    assert list(MemberState.objects.values_list("name", "country", "status", "region", "eligible_for_funding")) == [
        ("Morocco", "MA", "member", "africa", True)
    ]


def test_a_member_state_twice_is_refused_and_changes_nothing(staff_client, kenya):
    response = staff_client.post(
        reverse("directory:state_create"), {"name": "Kenya", "country": "KE", "status": "member", "region": "africa"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "country": ["Member state with this Country (ISO 3166) already exists."],
        "name": ["Member state with this Name already exists."],
    }
    assert MemberState.objects.count() == 1


def test_a_person_of_an_unknown_state_is_refused_and_changes_nothing(staff_client, kenya):
    response = staff_client.post(
        reverse("directory:person_create"),
        {"given_name": "William Lacy", "family_name": "Swing", "member_state": kenya.pk + 1000},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"member_state": [str(UNKNOWN_STATE)]}
    assert Person.objects.count() == 0


def test_editing_an_organisation(staff_client):
    organisation = factories.OrganisationFactory(name="Global Migration Group", kind=Organisation.Kind.NGO)

    response = staff_client.post(
        reverse("directory:organisation_edit", kwargs={"pk": organisation.pk}),
        {"name": "Global Migration Group", "acronym": "GMG", "kind": "global_forum", "website": "www.gmg.example"},
    )

    organisation.refresh_from_db()
    assert (response.status_code, response.headers["Location"]) == (302, reverse("directory:organisation_list"))
    assert (organisation.acronym, organisation.kind, organisation.website) == (
        "GMG",
        "global_forum",
        "https://www.gmg.example",
    )


@pytest.mark.parametrize("name", ["directory:state_edit", "directory:organisation_edit", "directory:person_edit"])
def test_editing_an_unknown_record_is_404(staff_client, name):
    assert staff_client.get(reverse(name, kwargs={"pk": 999999})).status_code == 404
