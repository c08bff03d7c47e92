"""Branded, translated error pages; lists that never 404 on a page number; the favicon."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.test import Client
from django.urls import path

from idm_portal.urls import urlpatterns as portal_urlpatterns
from tests import factories
from tests.workshops.factories import WorkshopFactory

pytestmark = pytest.mark.django_db


@login_not_required
def _boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("test-boom/", _boom), *portal_urlpatterns]


def in_french(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    return client


def test_a_missing_page_is_the_portals_404_in_the_readers_language(client):
    english = client.get("/no-such-page/")
    french = in_french(Client()).get("/no-such-page/")

    assert english.status_code == 404
    assert '<h1 id="error-title">Page not found</h1>' in english.content.decode()
    assert 'class="brand"' in english.content.decode()
    assert (french.status_code, '<h1 id="error-title">Page introuvable</h1>' in french.content.decode()) == (404, True)


def test_a_refused_page_is_the_portals_403(client):
    client.force_login(factories.make_delegate(email="delegate@state.example"))

    response = client.get("/staff/directory/states/")

    assert response.status_code == 403
    assert '<h1 id="error-title">You may not open this page</h1>' in response.content.decode()


def test_a_server_error_is_the_portals_500_in_the_readers_language(settings):
    settings.ROOT_URLCONF = __name__
    english = Client(raise_request_exception=False).get("/test-boom/")
    spanish = Client(raise_request_exception=False)
    spanish.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    spanish = spanish.get("/test-boom/")

    assert english.status_code == 500
    assert '<h1 id="error-title">Something went wrong</h1>' in english.content.decode()
    assert (spanish.status_code, '<h1 id="error-title">Algo salió mal</h1>' in spanish.content.decode()) == (500, True)


def test_a_csrf_failure_is_the_portals_page(client):
    strict = Client(enforce_csrf_checks=True)

    response = strict.post("/i18n/setlang/", {"language": "fr"})

    assert response.status_code == 403
    assert '<h1 id="error-title">The form has expired</h1>' in response.content.decode()


@pytest.mark.parametrize("page", ["999", "abc", "-1", "last"])
def test_a_page_number_out_of_range_shows_a_page_not_a_404(client, page):
    factories.MemberStateFactory(country="KE", name="Kenya")
    client.force_login(factories.make_secretariat(email="staff@iom.example"))

    response = client.get("/staff/directory/states/?page=" + page)

    assert response.status_code == 200
    assert "Kenya" in response.content.decode()


def test_a_mistyped_year_shows_the_current_years_workshops(client):
    WorkshopFactory(title="Societies and Identities")

    response = client.get("/workshops/?year=abc")

    assert response.status_code == 200
    assert "Societies and Identities" in response.content.decode()


def test_every_page_names_the_favicon_and_the_root_address_leads_to_it(client):
    page = client.get("/").content.decode()
    root = client.get("/favicon.ico")

    static = Path(settings.BASE_DIR) / "static" / "images"
    assert '<link rel="icon" href="/static/images/favicon.svg" type="image/svg+xml">' in page
    assert (root.status_code, root["Location"]) == (302, "/static/images/favicon.ico")
    assert (static / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (static / "favicon.svg").read_text().startswith("<svg")
