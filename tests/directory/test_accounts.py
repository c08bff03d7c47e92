"""allauth's e-mails name the portal and link to its public address; the reset form tells nothing."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

PUBLIC = "https://idm.example.org"


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.PUBLIC_URL = PUBLIC


def _reset(client, capture, address: str):
    with capture(execute=True):
        return client.post(reverse("account_reset_password"), {"email": address})


def test_password_reset_answers_the_same_for_an_address_with_and_without_an_account(
    client, django_capture_on_commit_callbacks
):
    factories.UserFactory(email="amina@state.example")

    known = _reset(client, django_capture_on_commit_callbacks, "amina@state.example")
    unknown = _reset(client, django_capture_on_commit_callbacks, "nobody@state.example")

    assert (known.status_code, known["Location"]) == (302, reverse("account_reset_password_done"))
    assert (unknown.status_code, unknown["Location"]) == (302, reverse("account_reset_password_done"))
    (reset, no_account) = mail.outbox
    assert (reset.to, no_account.to) == (["amina@state.example"], ["nobody@state.example"])
    assert re.search(PUBLIC + r"/accounts/password/reset/key/\S+/", reset.body)
    assert "127.0.0.1" not in reset.body
    assert "testserver" not in reset.body


def test_a_malformed_address_still_gets_the_forms_error(client):
    response = client.post(reverse("account_reset_password"), {"email": "not an address"})

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["Enter a valid email address."]


def test_sign_up_with_a_taken_address_keeps_its_clear_error(client):
    factories.UserFactory(email="amina@state.example")

    response = client.post(
        reverse("account_signup"),
        {
            "email": "amina@state.example",
            "password1": "a long pass phrase 2010",
            "password2": "a long pass phrase 2010",
            "first_name": "Amina",
            "last_name": "Odhiambo",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["A user is already registered with this email address."]


def test_the_confirmation_mail_names_the_portal_and_links_to_its_public_address(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "email": "amina@state.example",
                "password1": "a long pass phrase 2010",
                "password2": "a long pass phrase 2010",
                "first_name": "Amina",
                "last_name": "Odhiambo",
            },
        )

    (message,) = mail.outbox
    assert message.subject == "[IDM] Please Confirm Your Email Address"
    assert message.body.startswith("Hello from IOM IDM portal!")
    assert "register an account on idm.example.org." in message.body
    assert message.body.endswith("Thank you for using IOM IDM portal!\nidm.example.org")
    assert re.findall(r"https?://[^/\s]+", message.body) == [PUBLIC]
