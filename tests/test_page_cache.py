"""Pages kept whole for anonymous visitors (workshops/cache.py): the public home page and the
consultation results come from the cache without a query, show a change at once, and carry each
visitor's own CSRF token and address; the Redis cache keeps one client per process."""

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache as django_cache
from django.template import TemplateSyntaxError, engines
from django.test import Client, RequestFactory
from django.urls import reverse

from consultations.models import Consultation
from funding.models import DonorContact
from idm_portal.redis_cache import PortalRedisCache
from tests import factories
from tests.consultations.factories import ConsultationFactory, themes
from tests.pages import heading
from tests.workshops.factories import DialogueYearFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _memory_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"}}
    django_cache.clear()


def _token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]*)"', html).group(1)


def _next(html: str) -> str:
    return re.search(r'<input type="hidden" name="next" value="([^"]*)"', html).group(1)


def test_the_public_home_page_comes_from_the_cache_and_shows_a_new_survey_at_once(
    client, committed, django_assert_num_queries
):
    DialogueYearFactory(year=2010, theme="Migration and social change", is_current=True)
    client.get("/")

    with django_assert_num_queries(0):
        cached = client.get("/").content.decode()
    committed(ConsultationFactory, title="Overarching theme of the IDM in 2011")
    after = client.get("/").content.decode()

    assert '<p class="home-theme">Migration and social change</p>' in cached
    assert "IDM in 2011" not in cached
    assert "Overarching theme of the IDM in 2011</a>" in after


def test_a_cached_page_carries_each_visitors_own_token_and_address(client):
    first = client.get("/?from=newsletter").content.decode()
    client.cookies.clear()
    second = client.get("/").content.decode()

    assert (_next(first), _next(second)) == ("/?from=newsletter", "/")
    assert _token(first) != _token(second)
    assert "address-of-the-request" not in second
    assert "csrf-token-of-the-request" not in second


def test_a_signed_in_users_home_page_is_never_the_shared_one(client, delegate):
    client.get("/")
    client.force_login(delegate)

    html = client.get("/").content.decode()

    assert delegate.email in html or delegate.get_full_name() in html
    assert 'href="/accounts/signup/"' not in html


def test_the_results_come_from_the_cache_and_show_a_renamed_theme_at_once(client, committed, django_assert_num_queries):
    consultation = ConsultationFactory(status=Consultation.Status.CLOSED)
    (theme,) = themes(consultation, "Migration and health")
    url = reverse("consultations:results", kwargs={"pk": consultation.pk})
    client.get(url)

    with django_assert_num_queries(0):
        cached = client.get(url).content.decode()
    theme.title = "Migration, health and climate"
    committed(theme.save)
    after = client.get(url).content.decode()

    assert "Migration and health" in cached
    assert "Migration, health and climate" in after


def test_the_results_of_an_open_survey_are_not_cached_into_existence(client, committed):
    consultation = ConsultationFactory(status=Consultation.Status.OPEN)
    url = reverse("consultations:results", kwargs={"pk": consultation.pk})

    before = client.get(url).status_code
    consultation.status = Consultation.Status.CLOSED
    committed(consultation.save)

    after = client.get(url)
    assert (before, after.status_code, heading(after)) == (404, 200, consultation.title)


def test_the_redis_cache_keeps_one_client_per_process():
    backend = PortalRedisCache("redis://127.0.0.1:1/0", {})  # no connection is made to build a client

    assert backend._cache.get_client("a") is backend._cache.get_client("b", write=True)


def test_the_menu_kept_for_one_kind_of_user_is_never_another_users(client, delegate, other_delegate):
    donor_one = factories.make_donor_contact(email="one@donor.example")
    donor_two = factories.make_donor_contact(email="two@donor.example")
    menus = {}
    for user in (delegate, other_delegate, donor_one, donor_two, None):
        client.logout()
        if user is not None:
            client.force_login(user)
        html = client.get(reverse("directory:profile") if user else "/workshops/").content.decode()
        start = html.index('class="main-nav"')
        menus[user.email if user else "anonymous"] = html[start : html.index("</nav>", start)]

    statements = {email: re.findall(r'href="(/documents/donor-statement/\d+/)"', menu) for email, menu in menus.items()}
    assert (statements["one@donor.example"], statements["two@donor.example"], statements[delegate.email]) == (
        [reverse("documents:list", args=["donor-statement", DonorContact.objects.get(user=donor_one).donor_id])],
        [reverse("documents:list", args=["donor-statement", DonorContact.objects.get(user=donor_two).donor_id])],
        [],
    )
    assert menus[delegate.email] == menus[other_delegate.email]
    assert ("My registrations" in menus[delegate.email], "My registrations" in menus["one@donor.example"]) == (
        True,
        False,
    )
    assert ("My profile" in menus["anonymous"], "Our contributions" in menus[delegate.email]) == (False, False)


def test_a_session_is_read_as_djangos_database_store_reads_it(client, delegate):
    from datetime import timedelta

    from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
    from django.utils import timezone

    from idm_portal.models import PortalSession as Session
    from idm_portal.sessions import SessionStore

    class DjangoStore(DatabaseStore):  # Django's own reads and writes, of the portal's table
        key_salt = DatabaseStore().key_salt  # signed as Django's store signs (the salt names the class)

        @classmethod
        def get_model_class(cls):
            return Session

    live = DjangoStore()
    live.update({"colour": "blue", "n": 3})
    live.create()
    expired = DjangoStore()
    expired["colour"] = "red"
    expired.create()
    Session.objects.filter(pk=expired.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))

    read = SessionStore(live.session_key)
    gone = SessionStore(expired.session_key)

    assert (read["colour"], read["n"], read.session_key) == ("blue", 3, live.session_key)
    assert (gone.get("colour"), gone.session_key, SessionStore("no-such-key").load()) == (None, None, {})
    assert read._get_session_from_db().expire_date == Session.objects.get(pk=live.session_key).expire_date
    client.force_login(delegate)
    profile = client.get(reverse("directory:profile"))  # the session read back: signed in, not sent to log in
    assert (profile.status_code, profile.context["user"], heading(profile)) == (200, delegate, "My profile")


# --- Served by idm_portal/page_cache.py before any other middleware --------------------------------


def _public_pages() -> list[str]:
    year = DialogueYearFactory(year=2010, theme="Migration and social change", is_current=True)
    consultation = ConsultationFactory(status=Consultation.Status.CLOSED, adopted_year=year)
    themes(consultation, "Migration and health")
    return [
        reverse("home"),
        reverse("workshops:list"),
        reverse("sessions_council:speaker_list"),
        reverse("sessions_council:session_list"),
        reverse("consultations:results", kwargs={"pk": consultation.pk}),
    ]


def _without_token(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", content)


def test_a_stored_page_is_served_without_the_session_the_user_or_a_query(client, django_assert_num_queries):
    pages = _public_pages()
    missed = {url: client.get(url) for url in pages}

    for url in pages:
        with django_assert_num_queries(0):
            hit = client.get(url)
        request = hit.wsgi_request
        assert (url, hit.status_code, hasattr(request, "session"), hasattr(request, "user")) == (url, 200, False, False)
        assert _without_token(hit.content) == _without_token(missed[url].content)
    assert [hasattr(response.wsgi_request, "session") for response in missed.values()] == [True] * 5


@pytest.mark.parametrize("secure", [False, True], ids=["http", "https"])
def test_a_stored_page_has_the_headers_and_cookie_of_a_page_built_by_the_stack(client, settings, secure):
    settings.SECURE_HSTS_SECONDS = 3600
    url = reverse("sessions_council:speaker_list") + "?q=&page=1&from=a&to=b"

    missed = client.get(url, secure=secure, HTTP_ACCEPT_LANGUAGE="fr")
    client.cookies.clear()
    hit = client.get(url, secure=secure, HTTP_ACCEPT_LANGUAGE="fr")

    assert (hasattr(missed.wsgi_request, "session"), hasattr(hit.wsgi_request, "session")) == (True, False)
    assert dict(hit.headers) == dict(missed.headers)
    assert ("Strict-Transport-Security" in hit.headers, hit.headers["Content-Language"]) == (secure, "fr")
    cookie = {name: value for name, value in hit.cookies["csrftoken"].items() if name != "expires"}
    assert cookie == {name: value for name, value in missed.cookies["csrftoken"].items() if name != "expires"}
    assert _next(hit.content.decode()) == "/speakers/?q=&amp;page=1&amp;from=a&amp;to=b"


def test_a_stored_page_keeps_the_visitors_csrf_secret_and_its_token_is_accepted(client):
    client.get("/")  # stored
    secret = client.cookies["csrftoken"].value

    hit = client.get("/")
    checking = Client(enforce_csrf_checks=True)
    checking.cookies["csrftoken"] = secret
    switched = checking.post(
        reverse("set_language"), {"language": "fr", "next": "/", "csrfmiddlewaretoken": _token(hit.content.decode())}
    )

    assert (hasattr(hit.wsgi_request, "session"), hit.cookies["csrftoken"].value) == (False, secret)
    assert (switched.status_code, switched["Location"], switched.cookies["django_language"].value) == (302, "/", "fr")


def test_each_language_gets_its_own_stored_page(client):
    DialogueYearFactory(year=2010, theme="Migration and social change", is_current=True)
    for language in ("en", "fr", "es"):
        client.get("/", HTTP_ACCEPT_LANGUAGE=language)  # stored
    client.cookies["django_language"] = "es"
    spanish = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")  # the cookie wins, as in LocaleMiddleware
    del client.cookies["django_language"]

    pages = [spanish, client.get("/", HTTP_ACCEPT_LANGUAGE="fr-CH, en;q=0.5"), client.get("/")]

    assert [hasattr(page.wsgi_request, "session") for page in pages] == [False, False, False]
    assert [page.headers["Content-Language"] for page in pages] == ["es", "fr", "en"]
    assert [re.search(r'<html lang="(\w+)">', page.content.decode()).group(1) for page in pages] == ["es", "fr", "en"]


def test_a_signed_in_user_or_a_waiting_message_never_gets_the_stored_page(client, delegate):
    pages = _public_pages()
    for url in pages:
        client.get(url)  # stored
    client.force_login(delegate)

    for url in pages:
        response = client.get(url)
        assert (url, response.wsgi_request.user, 'href="/accounts/signup/"' in response.content.decode()) == (
            url,
            delegate,
            False,
        )

    client.logout()
    visitor = Client()
    visitor.cookies["messages"] = CookieStorage(RequestFactory().get("/"))._encode(
        [Message(constants.SUCCESS, "You have signed out.")]
    )
    shown = visitor.get("/")
    assert (hasattr(shown.wsgi_request, "session"), "You have signed out." in shown.content.decode()) == (True, True)


def test_a_stored_page_still_refuses_a_foreign_host_and_redirects_to_https(client, settings):
    client.get("/")  # stored
    refused = client.get("/", HTTP_HOST="evil.example")
    settings.SECURE_SSL_REDIRECT = True
    redirected = Client().get("/")

    assert (refused.status_code, redirected.status_code, redirected.headers["Location"]) == (
        400,
        301,
        "https://testserver/",
    )


def test_the_shell_kept_for_each_language_is_that_languages(client, delegate):
    client.force_login(delegate)
    shells = []
    for language in ("en", "fr", "es", "en", "fr"):
        client.cookies["django_language"] = language
        html = client.get(reverse("directory:profile")).content.decode()
        current = re.search(r'value="(\w+)" lang="\w+" class="link-button" aria-current="true"', html).group(1)
        footer = html[html.index('<footer class="site-footer">') :]
        shells.append((current, re.search(r'<a href="(/accounts/signup/|/account/profile/)">', html).group(1)))
        assert footer.count("Organisation internationale pour les migrations") == 1
    client.logout()
    anonymous = client.get(reverse("consultations:list")).content.decode()

    assert shells == [("en", "/account/profile/"), ("fr", "/account/profile/"), ("es", "/account/profile/")] + [
        ("en", "/account/profile/"),
        ("fr", "/account/profile/"),
    ]
    assert ('href="/accounts/signup/"' in anonymous, 'href="/account/profile/"' in anonymous) == (True, False)


def test_the_header_kept_for_signed_in_users_shows_each_their_own_name_and_the_pages_token(client):
    users = [
        factories.UserFactory(first_name="Ana", last_name="Lima"),
        factories.UserFactory(first_name="", last_name=""),
    ]
    headers = []
    for user in users * 2:
        client.force_login(user)
        html = client.get(reverse("directory:profile")).content.decode()
        account = html[html.index('<nav class="account-nav"') : html.index("</nav>")]
        tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
        headers.append((re.search(r'<a href="/account/profile/">([^<]*)</a>', account).group(1), len(tokens)))
        assert re.search(r'action="/accounts/logout/" class="inline-form"><input type="hidden"', account)

    assert headers == [("Ana Lima", 1), (users[1].email, 1)] * 2


def test_a_block_inside_text_kept_per_language_is_refused():
    with pytest.raises(TemplateSyntaxError, match="must not enclose a {% block %}"):
        engines["django"].from_string("{% load portal_shell %}{% fixed %}{% block title %}{% endblock %}{% endfixed %}")
