"""The language a browser reads the portal in: chosen with the switcher on every page and kept in a
cookie, set to the user's preferred language at log-in and when they change it on their profile, and
recorded at sign-up from the language they signed up in."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from directory.models import User
from tests import factories
from tests.workshops.factories import WorkshopFactory

pytestmark = pytest.mark.django_db

COOKIE = "django_language"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_the_switcher_keeps_the_language_in_a_cookie_across_pages(client, workshop):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/workshops/"})

    assert (response.status_code, response.headers["Location"], response.cookies[COOKIE].value) == (
        302,
        "/workshops/",
        "fr",
    )
    assert '<html lang="fr">' in client.get("/workshops/").content.decode()
    assert '<html lang="fr">' in client.get(workshop.get_absolute_url()).content.decode()
    assert '<html lang="fr">' in client.get("/council/").content.decode()


def test_a_language_the_portal_does_not_speak_leaves_it_in_english(client):
    response = client.post("/i18n/setlang/", {"language": "de", "next": "/"})

    assert (response.status_code, response["Location"]) == (302, "/")
    assert '<html lang="en">' in client.get("/").content.decode()


@pytest.mark.parametrize("path", ["/workshops/", "/workshops/a-workshop/"])
def test_the_switcher_posts_from_a_page_every_anonymous_visitor_shares(path):
    """The public workshop pages come whole from the cache for anonymous visitors; each one still gets
    a CSRF token of their own in the switcher's form, so choosing a language works for all of them."""
    WorkshopFactory(slug="a-workshop")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(path)  # builds the cached page

    page = second.get(path).content.decode()  # served from the cache
    response = second.post(
        "/i18n/setlang/", {"language": "es", "next": path, "csrfmiddlewaretoken": TOKEN.search(page)[1]}
    )

    assert (response.status_code, response["Location"], response.cookies[COOKIE].value) == (302, path, "es")
    assert '<html lang="es">' in second.get(path).content.decode()


def test_log_in_speaks_the_users_preferred_language(client):
    user = factories.make_delegate(email="ana@state.example", preferred_language="es")
    client.cookies[COOKIE] = "fr"  # chosen before signing in, on a shared computer

    response = client.post(reverse("account_login"), {"login": user.email, "password": factories.PASSWORD})
    home = client.get(response.headers["Location"]).content.decode()

    assert (response.status_code, response["Location"], response.cookies[COOKIE].value) == (302, "/", "es")
    assert '<html lang="es">' in home
    assert "Le damos la bienvenida" in home


def test_changing_the_preferred_language_on_the_profile_switches_the_portal(client, delegate):
    client.force_login(delegate)

    response = client.post(
        reverse("directory:profile"), {"first_name": "Ana", "last_name": "Silva", "preferred_language": "fr"}
    )
    page = client.get(response.headers["Location"]).content.decode()

    delegate.refresh_from_db()
    assert (delegate.preferred_language, response.cookies[COOKIE].value) == ("fr", "fr")
    assert "Votre profil a été enregistré." in page
    assert '<html lang="fr">' in page


def test_signing_up_in_spanish_records_spanish_and_mails_in_it(client, mailoutbox, django_capture_on_commit_callbacks):
    state = factories.MemberStateFactory(country="KE", name="Kenya")
    client.cookies[COOKIE] = "es"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "email": "amina@state.example",
                "password1": "a long pass phrase 2010",
                "password2": "a long pass phrase 2010",
                "first_name": "Amina",
                "last_name": "Odhiambo",
                "member_state": state.pk,
                "position": "",
            },
        )

    english = "Please Confirm Your Email Address"  # allauth's own subject, translated by allauth's catalogue
    with translation.override("es"):
        confirm = "[IDM] " + translation.gettext(english)
    assert User.objects.get(email="amina@state.example").preferred_language == "es"
    assert confirm != "[IDM] " + english
    assert sorted(message.subject for message in mailoutbox) == sorted(
        [confirm, "[IDM] Se ha recibido su solicitud de afiliación a Kenia"]
    )


@pytest.fixture
def workshop(db):
    return WorkshopFactory()
