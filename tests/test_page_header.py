"""The page header (templates/base.html {% kept_header %}, idm_portal/templatetags/portal_nav.py) is kept
per process for what it shows (language, name, roles) and carries each request's own CSRF token and
address: the same HTML as rendered each time, never another user's, a change shown at the next page."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import TemplateSyntaxError, engines
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from directory.services import update_profile, withdraw_affiliation
from idm_portal.templatetags import portal_nav
from tests import factories

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


def _header(response) -> str:
    html = response.content.decode()
    return html[html.index("<body>") : html.index('<main id="main"')]


@pytest.fixture(autouse=True)
def _nothing_kept():
    portal_nav._menus.clear()
    template = engines["django"].engine.get_template("base.html")
    for node in template.nodelist.get_nodes_by_type(portal_nav.KeptHeaderNode):
        node.kept.clear()


def test_each_user_sees_their_own_name_and_menu_and_the_pages_own_token(client, delegate):
    secretariat = factories.make_secretariat(email="s@iom.example", first_name="Ana", last_name="Staff")
    headers = {}
    for user, url in ((delegate, reverse("home")), (secretariat, reverse("home")), (delegate, "/workshops/?a=<b>")):
        client.force_login(user)
        response = client.get(url)
        header = _header(response)
        tokens = set(TOKEN.findall(response.content.decode()))
        headers[(user.email, url)] = header
        assert (len(tokens), len(TOKEN.findall(header))) == (1, 2)  # the page's one token, in both forms
        assert 'name="next" value="%s"' % escape(response.wsgi_request.get_full_path()) in header
    assert "Ana Staff" in headers[("s@iom.example", reverse("home"))]
    assert "Ana Staff" not in headers[(delegate.email, reverse("home"))]
    assert "Manage workshops" in headers[("s@iom.example", reverse("home"))]
    assert "Manage workshops" not in headers[(delegate.email, "/workshops/?a=<b>")]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_kept_header_is_the_header_rendered_each_time(client, delegate, language):
    source = (Path(settings.BASE_DIR) / "templates" / "base.html").read_text()
    engine = engines["django"]
    kept = engine.from_string(source)
    # As before it was kept: rendered at each page, the address written from the request.
    plain = engine.from_string(
        source.replace("{% kept_header %}", "")
        .replace("{% endkept_header %}", "")
        .replace("{{ this_address }}", "{{ request.get_full_path }}")
    )
    staff = factories.make_secretariat(email="s@iom.example")
    donor = factories.make_donor_contact(email="c@donor.example")
    pages = []
    for user in (delegate, staff, donor, None):
        client.logout()
        if user is not None:
            client.force_login(user)
        pages.append(client.get(reverse("directory:profile") if user else "/accounts/login/?next=/a%22b/").wsgi_request)

    with translation.override(language):
        # Twice each: the first rendering keeps the header, the second is the kept one.
        written = [TOKEN.sub("", kept.render({}, request)) for request in pages + pages]
        expected = [TOKEN.sub("", plain.render({}, request)) for request in pages + pages]

    assert written == expected
    assert [len(TOKEN.findall(kept.render({}, request))) for request in pages] == [2, 2, 2, 1]


def test_a_new_name_a_withdrawn_affiliation_and_a_language_show_at_the_next_page(client, delegate):
    client.force_login(delegate)
    before = _header(client.get(reverse("home")))

    update_profile(user=delegate, first_name="Renamed", last_name="Delegate", preferred_language="en")
    renamed = _header(client.get(reverse("home")))
    withdraw_affiliation(affiliation=delegate.affiliations.get(), by=delegate)
    withdrawn = _header(client.get(reverse("home")))
    client.cookies["django_language"] = "fr"
    french = _header(client.get(reverse("home")))

    assert ("Renamed Delegate" in before, "Renamed Delegate" in renamed) == (False, True)
    assert ("My registrations" in renamed, "My registrations" in withdrawn) == (True, False)
    assert ('lang="fr" class="link-button" aria-current="true"' in french, "Se déconnecter" in french) == (True, True)


def test_signing_out_shows_the_sign_in_links(client, delegate):
    client.force_login(delegate)
    client.get(reverse("home"))
    client.post(reverse("account_logout"))

    header = _header(client.get(reverse("account_login")))

    assert (delegate.email in header, reverse("account_signup") in header) == (False, True)


def test_a_block_inside_a_kept_header_is_refused():
    with pytest.raises(TemplateSyntaxError):
        engines["django"].from_string(
            "{% load portal_nav %}{% kept_header %}{% block a %}{% endblock %}{% endkept_header %}"
        )
