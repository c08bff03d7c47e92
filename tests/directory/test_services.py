import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from directory import services
from directory.models import Affiliation, MemberState, Organisation, Person, User
from directory.services import (
    decide_affiliation,
    request_affiliation,
    set_focal_point,
    update_profile,
    withdraw_affiliation,
)
from tests import factories

ALREADY_OPEN = "You already have an affiliation that is pending or approved."
NEED_REASON = "Give the reason for refusing, so the applicant knows what to do."


@pytest.fixture
def pending(applicant, kenya, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return request_affiliation(user=applicant, member_state=kenya, position="Director of Immigration")


def _fresh(user: User) -> User:
    """The user as the next request sees it (no cached roles)."""
    return User.objects.get(pk=user.pk)


# --- request_affiliation --------------------------------------------------------------------


def test_request_affiliation_is_pending_and_mails_the_applicant(
    applicant, kenya, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        affiliation = request_affiliation(user=applicant, member_state=kenya, position="Director of Immigration")

    affiliation.refresh_from_db()
    assert (affiliation.user, affiliation.member_state, affiliation.position) == (
        applicant,
        kenya,
        "Director of Immigration",
    )
    assert (affiliation.status, affiliation.is_focal_point, affiliation.decided_by, affiliation.decided_at) == (
        Affiliation.Status.PENDING,
        False,
        None,
        None,
    )
    assert [(mail.subject, mail.to) for mail in mailoutbox] == [
        ("[IDM] Your affiliation to Kenya was received", ["amina@state.example"])
    ]
    assert mailoutbox[0].body.startswith("Dear Amina Odhiambo,\n\nThe IDM secretariat has received your request")


def test_a_pending_affiliation_gives_no_delegate_rights(pending, applicant):
    user = _fresh(applicant)

    assert user.has_perm("directory.act_as_delegate") is False
    assert user.has_perm("directory.request_affiliation") is False


def test_a_second_open_affiliation_is_refused_and_changes_nothing(
    pending, applicant, mailoutbox, django_capture_on_commit_callbacks
):
    other = factories.MemberStateFactory(country="EC", name="Ecuador")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as error:
        request_affiliation(user=applicant, member_state=other)

    assert error.value.messages == [ALREADY_OPEN]
    assert list(Affiliation.objects.values_list("member_state__name", "status")) == [("Kenya", "pending")]
    assert mailoutbox == []


def test_the_secretariat_cannot_hold_an_affiliation(secretariat, kenya):
    with pytest.raises(ValidationError) as error:
        request_affiliation(user=secretariat, member_state=kenya)

    assert error.value.messages == ["Secretariat accounts do not hold affiliations to member states."]
    assert Affiliation.objects.count() == 0


def test_a_refused_applicant_may_ask_again(pending, secretariat, applicant, kenya):
    decide_affiliation(affiliation=pending, by=secretariat, approve=False, reason="Unknown to the mission.")

    again = request_affiliation(user=_fresh(applicant), member_state=kenya)

    assert list(Affiliation.objects.order_by("pk").values_list("pk", "status")) == [
        (pending.pk, "refused"),
        (again.pk, "pending"),
    ]


# --- decide_affiliation ---------------------------------------------------------------------


def test_approving_creates_the_person_with_the_member_state(
    pending, secretariat, applicant, kenya, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        decide_affiliation(affiliation=pending, by=secretariat, approve=True)

    pending.refresh_from_db()
    assert (pending.status, pending.is_focal_point, pending.decided_by, pending.reason) == (
        Affiliation.Status.APPROVED,
        False,
        secretariat,
        "",
    )
    assert pending.decided_at is not None
    person = Person.objects.get()
    assert (person.user, person.given_name, person.family_name, person.email, person.position, person.member_state) == (
        applicant,
        "Amina",
        "Odhiambo",
        "amina@state.example",
        "Director of Immigration",
        kenya,
    )
    assert [(mail.subject, mail.to) for mail in mailoutbox] == [
        ("[IDM] Your affiliation to Kenya was approved", ["amina@state.example"])
    ]
    assert "The IDM secretariat has confirmed you as a delegate of Kenya." in mailoutbox[0].body
    assert "focal point" not in mailoutbox[0].body
    assert _fresh(applicant).has_perm("directory.act_as_delegate") is True
    assert _fresh(applicant).has_perm("directory.act_as_focal_point") is False


def test_approving_links_the_person_already_linked_to_the_user(pending, secretariat, applicant, kenya):
    person = factories.PersonFactory(user=applicant, given_name="A.", family_name="Odhiambo", position="Minister")
    pending.position = ""
    pending.save()

    decide_affiliation(affiliation=pending, by=secretariat, approve=True)

    person.refresh_from_db()
    assert Person.objects.count() == 1
    assert (person.given_name, person.family_name, person.position, person.member_state) == (
        "Amina",
        "Odhiambo",
        "Minister",
        kenya,
    )


def test_approving_as_focal_point(pending, secretariat, applicant, mailoutbox, django_capture_on_commit_callbacks):
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        decide_affiliation(affiliation=pending, by=secretariat, approve=True, focal_point=True)

    pending.refresh_from_db()
    assert (pending.status, pending.is_focal_point) == (Affiliation.Status.APPROVED, True)
    assert "You are also the focal point of your member state" in mailoutbox[0].body
    assert _fresh(applicant).has_perm("directory.act_as_focal_point") is True


def test_refusing_keeps_the_reason_and_mails_it(
    pending, secretariat, applicant, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        decide_affiliation(
            affiliation=pending, by=secretariat, approve=False, reason="  Not known to the permanent mission.  "
        )

    pending.refresh_from_db()
    assert (pending.status, pending.is_focal_point, pending.decided_by, pending.reason) == (
        Affiliation.Status.REFUSED,
        False,
        secretariat,
        "Not known to the permanent mission.",
    )
    assert Person.objects.count() == 0
    assert [(mail.subject, mail.to) for mail in mailoutbox] == [
        ("[IDM] Your affiliation to Kenya was not approved", ["amina@state.example"])
    ]
    assert "Reason: Not known to the permanent mission." in mailoutbox[0].body
    assert _fresh(applicant).has_perm("directory.act_as_delegate") is False


@pytest.mark.parametrize("reason", ["", "   "])
def test_refusing_without_a_reason_changes_nothing(
    pending, secretariat, reason, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as error:
        decide_affiliation(affiliation=pending, by=secretariat, approve=False, reason=reason)

    pending.refresh_from_db()
    assert error.value.message_dict == {"reason": [NEED_REASON]}
    assert (pending.status, pending.decided_by, pending.decided_at, pending.reason) == (
        Affiliation.Status.PENDING,
        None,
        None,
        "",
    )
    assert mailoutbox == []


def test_an_affiliation_is_decided_once(pending, secretariat):
    decide_affiliation(affiliation=pending, by=secretariat, approve=True)

    with pytest.raises(ValidationError) as error:
        decide_affiliation(affiliation=pending, by=secretariat, approve=False, reason="Changed our mind.")

    pending.refresh_from_db()
    assert error.value.messages == ["This affiliation has already been decided."]
    assert (pending.status, pending.reason) == (Affiliation.Status.APPROVED, "")


# --- set_focal_point ------------------------------------------------------------------------


def test_set_focal_point_on_and_off(delegate, secretariat):
    affiliation = Affiliation.objects.get(user=delegate)

    set_focal_point(affiliation=affiliation, by=secretariat, is_focal_point=True)
    affiliation.refresh_from_db()
    made = (affiliation.is_focal_point, _fresh(delegate).has_perm("directory.act_as_focal_point"))
    set_focal_point(affiliation=affiliation, by=secretariat, is_focal_point=False)
    affiliation.refresh_from_db()
    unmade = (affiliation.is_focal_point, _fresh(delegate).has_perm("directory.act_as_focal_point"))

    assert made == (True, True)
    assert unmade == (False, False)


def test_only_an_approved_affiliation_can_be_focal_point(pending, secretariat):
    with pytest.raises(ValidationError) as error:
        set_focal_point(affiliation=pending, by=secretariat, is_focal_point=True)

    pending.refresh_from_db()
    assert error.value.messages == ["Only an approved affiliation can be a focal point."]
    assert (pending.status, pending.is_focal_point) == (Affiliation.Status.PENDING, False)


# --- withdraw_affiliation -------------------------------------------------------------------


def test_withdrawing_a_pending_affiliation(pending, applicant, kenya):
    withdraw_affiliation(affiliation=pending, by=applicant)

    pending.refresh_from_db()
    assert pending.status == Affiliation.Status.WITHDRAWN
    assert _fresh(applicant).has_perm("directory.request_affiliation") is True


def test_withdrawing_an_approved_focal_point_drops_the_rights(focal_point):
    affiliation = Affiliation.objects.get(user=focal_point)

    withdraw_affiliation(affiliation=affiliation, by=focal_point)

    affiliation.refresh_from_db()
    assert (affiliation.status, affiliation.is_focal_point) == (Affiliation.Status.WITHDRAWN, False)
    assert _fresh(focal_point).has_perm("directory.act_as_delegate") is False
    assert _fresh(focal_point).has_perm("directory.act_as_focal_point") is False


def test_only_the_applicant_withdraws(delegate, other_delegate):
    affiliation = Affiliation.objects.get(user=delegate)

    with pytest.raises(ValidationError) as error:
        withdraw_affiliation(affiliation=affiliation, by=other_delegate)

    affiliation.refresh_from_db()
    assert error.value.messages == ["This affiliation cannot be withdrawn."]
    assert affiliation.status == Affiliation.Status.APPROVED


def test_a_withdrawn_affiliation_cannot_be_withdrawn_again(pending, applicant):
    withdraw_affiliation(affiliation=pending, by=applicant)

    with pytest.raises(ValidationError) as error:
        withdraw_affiliation(affiliation=pending, by=applicant)

    assert error.value.messages == ["This affiliation cannot be withdrawn."]


# --- update_profile -------------------------------------------------------------------------


def test_update_profile_renames_the_linked_person(delegate):
    update_profile(user=delegate, first_name="Ana", last_name="Silva", preferred_language="fr")

    delegate.refresh_from_db()
    assert (delegate.first_name, delegate.last_name, delegate.preferred_language) == ("Ana", "Silva", "fr")
    assert list(Person.objects.filter(user=delegate).values_list("given_name", "family_name")) == [("Ana", "Silva")]


def test_approving_links_the_directory_entry_with_the_same_email(secretariat):
    state = factories.MemberStateFactory(country="GH")
    existing = factories.PersonFactory(given_name="Ama", family_name="Mensah", email="AMA@gov.example")
    user = factories.UserFactory(email="ama@gov.example", first_name="Ama", last_name="Mensah")
    affiliation = request_affiliation(user=user, member_state=state, position="Director")

    decide_affiliation(affiliation=affiliation, by=secretariat, approve=True)

    existing.refresh_from_db()
    assert existing.user == user
    assert existing.member_state == state
    assert Person.objects.filter(family_name="Mensah").count() == 1


# --- Sign-up and the secretariat's entries, through the services -----------------------------------


def test_sign_up_names_the_account_and_asks_for_the_member_state_in_one_step(db):
    state = factories.MemberStateFactory(name="Kenya")
    user = factories.UserFactory(first_name="", last_name="")

    services.sign_up(
        user=user,
        first_name="Amina",
        last_name="Odhiambo",
        preferred_language="fr",
        member_state=state,
        position="Counsellor",
    )

    user.refresh_from_db()
    affiliation = Affiliation.objects.get(user=user)
    assert (user.first_name, user.last_name, user.preferred_language) == ("Amina", "Odhiambo", "fr")
    assert (affiliation.member_state, affiliation.position, affiliation.status) == (
        state,
        "Counsellor",
        Affiliation.Status.PENDING,
    )


def test_sign_up_without_a_member_state_asks_for_nothing(db):
    user = factories.UserFactory()

    services.sign_up(user=user, first_name="Ana", last_name="Silva", preferred_language="es")

    assert (User.objects.get(pk=user.pk).first_name, Affiliation.objects.filter(user=user).count()) == ("Ana", 0)


def test_the_staff_pages_save_states_and_organisations_through_the_services(client, secretariat):
    client.force_login(secretariat)
    state = client.post(
        reverse("directory:state_create"),
        {"name": "Kenya", "country": "KE", "status": MemberState.Status.MEMBER, "region": MemberState.Region.AFRICA},
    )
    organisation = client.post(
        reverse("directory:organisation_create"), {"name": "Regional Consultative Process", "kind": "rcp"}
    )

    assert (state.status_code, state["Location"]) == (302, reverse("directory:state_list"))
    assert list(MemberState.objects.values_list("name", "country")) == [("Kenya", "KE")]
    assert (organisation.status_code, organisation["Location"]) == (302, reverse("directory:organisation_list"))
    assert list(Organisation.objects.values_list("name", "kind")) == [("Regional Consultative Process", "rcp")]
