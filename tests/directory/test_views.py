"""The applicant's pages: signing up, asking for an affiliation from the profile, withdrawing it."""

from django.urls import reverse

from directory.forms import UNKNOWN_STATE
from directory.models import Affiliation, User
from tests import factories
from tests.pages import messages

ALREADY_OPEN = "You already have an affiliation that is pending or approved."
EMAIL_TAKEN = "A user is already registered with this email address."


def _signup_data(**overrides) -> dict:
    return {
        "email": "amina@state.example",
        "password1": "a long pass phrase 2010",
        "password2": "a long pass phrase 2010",
        "first_name": "Amina",
        "last_name": "Odhiambo",
        "member_state": "",
        "position": "",
        **overrides,
    }


# --- Sign-up --------------------------------------------------------------------------------


def test_signup_with_a_member_state_asks_for_the_affiliation(
    client, kenya, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"), _signup_data(member_state=kenya.pk, position="Director of Immigration")
        )

    user = User.objects.get(email="amina@state.example")
    assert (response.status_code, response.headers["Location"]) == (302, reverse("account_email_verification_sent"))
    assert (user.first_name, user.last_name, user.preferred_language) == ("Amina", "Odhiambo", "en")
    assert list(user.emailaddress_set.values_list("email", "verified", "primary")) == [
        ("amina@state.example", False, True)
    ]
    assert list(user.affiliations.values_list("member_state__name", "position", "status")) == [
        ("Kenya", "Director of Immigration", "pending")
    ]
    assert sorted(mail.subject for mail in mailoutbox) == [
        "[IDM] Please Confirm Your Email Address",
        "[IDM] Your affiliation to Kenya was received",
    ]


def test_signup_with_a_taken_email_is_refused_and_changes_nothing(client, applicant, mailoutbox):
    response = client.post(reverse("account_signup"), _signup_data(email="Amina@State.example", last_name="Other"))

    assert response.status_code == 200
    assert response.context["form"].errors == {"email": [EMAIL_TAKEN]}
    assert EMAIL_TAKEN in response.content.decode()
    assert list(User.objects.values_list("email", "last_name")) == [("amina@state.example", "Odhiambo")]
    assert mailoutbox == []


def test_signup_with_an_unknown_state_is_refused_and_changes_nothing(client, kenya, mailoutbox):
    response = client.post(reverse("account_signup"), _signup_data(member_state=kenya.pk + 1000))

    assert response.status_code == 200
    assert response.context["form"].errors == {"member_state": [str(UNKNOWN_STATE)]}
    assert User.objects.count() == 0
    assert Affiliation.objects.count() == 0
    assert mailoutbox == []


# --- Asking for an affiliation --------------------------------------------------------------


def test_affiliation_request_from_the_profile(client, applicant, kenya, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(applicant)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("directory:affiliation_request"), {"member_state": kenya.pk, "position": "Adviser"}
        )

    assert (response.status_code, response.headers["Location"]) == (302, reverse("directory:profile"))
    assert messages(response) == ["Your request was sent. The secretariat will confirm your affiliation by e-mail."]
    assert list(Affiliation.objects.values_list("user__email", "member_state__name", "position", "status")) == [
        ("amina@state.example", "Kenya", "Adviser", "pending")
    ]
    assert [mail.subject for mail in mailoutbox] == ["[IDM] Your affiliation to Kenya was received"]


def test_affiliation_to_an_unknown_state_is_refused_and_changes_nothing(client, applicant, kenya, mailoutbox):
    client.force_login(applicant)

    response = client.post(reverse("directory:affiliation_request"), {"member_state": kenya.pk + 1000})

    assert response.status_code == 200
    assert response.context["form"].errors == {"member_state": [str(UNKNOWN_STATE)]}
    assert str(UNKNOWN_STATE) in response.content.decode()
    assert Affiliation.objects.count() == 0
    assert mailoutbox == []


def test_a_second_pending_affiliation_is_refused_and_changes_nothing(client, pending, applicant, mailoutbox):
    ecuador = factories.MemberStateFactory(country="EC", name="Ecuador")
    client.force_login(applicant)

    response = client.post(reverse("directory:affiliation_request"), {"member_state": ecuador.pk})

    assert response.status_code == 200
    assert response.context["form"].errors == {"__all__": [ALREADY_OPEN]}
    assert ALREADY_OPEN in response.content.decode()
    assert list(Affiliation.objects.values_list("pk", "member_state__name", "status")) == [
        (pending.pk, "Kenya", "pending")
    ]
    assert mailoutbox == []


def test_the_profile_shows_the_affiliation_and_no_request_form_while_one_is_open(client, pending, applicant):
    client.force_login(applicant)

    response = client.get(reverse("directory:profile"))

    assert [(a.member_state.name, a.status) for a in response.context["affiliations"]] == [("Kenya", "pending")]
    assert response.context["affiliation_form"] is None


def test_the_profile_offers_the_request_form_without_an_open_affiliation(client, applicant):
    client.force_login(applicant)

    response = client.get(reverse("directory:profile"))

    assert list(response.context["affiliations"]) == []
    assert sorted(response.context["affiliation_form"].fields) == ["member_state", "position"]


def test_a_profile_without_a_name_is_refused_and_changes_nothing(client, applicant):
    client.force_login(applicant)

    response = client.post(
        reverse("directory:profile"), {"first_name": "", "last_name": "Odhiambo", "preferred_language": "en"}
    )

    applicant.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors == {"first_name": ["This field is required."]}
    assert applicant.first_name == "Amina"


def test_withdrawing_from_the_profile(client, pending, applicant):
    client.force_login(applicant)

    response = client.post(reverse("directory:affiliation_withdraw", kwargs={"pk": pending.pk}))

    pending.refresh_from_db()
    assert (response.status_code, response.headers["Location"]) == (302, reverse("directory:profile"))
    assert messages(response) == ["Your affiliation was withdrawn."]
    assert pending.status == Affiliation.Status.WITHDRAWN


def test_withdrawing_twice_says_why(client, pending, applicant):
    client.force_login(applicant)
    client.post(reverse("directory:affiliation_withdraw", kwargs={"pk": pending.pk}), follow=True)

    response = client.post(reverse("directory:affiliation_withdraw", kwargs={"pk": pending.pk}), follow=True)

    assert response.redirect_chain == [(reverse("directory:profile"), 302)]
    assert [str(m) for m in response.context["messages"]] == ["This affiliation cannot be withdrawn."]
