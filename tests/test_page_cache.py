"""Pages kept whole for anonymous visitors (workshops/cache.py): the public home page and the
consultation results come from the cache without a query, show a change at once, and carry each
visitor's own CSRF token and address; the Redis cache keeps one client per process."""

import re

import pytest
from django.core.cache import cache as django_cache
from django.urls import reverse

from consultations.models import Consultation
from funding.models import DonorContact
from idm_portal.redis_cache import PortalRedisCache
from tests import factories
from tests.consultations.factories import ConsultationFactory, themes
from tests.workshops.factories import DialogueYearFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _memory_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"}}
    django_cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


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

    assert ('<p class="home-theme">Migration and social change</p>' in cached, "IDM in 2011" in cached) == (True, False)
    assert "Overarching theme of the IDM in 2011</a>" in after


def test_a_cached_page_carries_each_visitors_own_token_and_address(client):
    first = client.get("/?from=newsletter").content.decode()
    client.cookies.clear()
    second = client.get("/").content.decode()

    assert (_next(first), _next(second)) == ("/?from=newsletter", "/")
    assert _token(first) != _token(second)
    assert "address-of-the-request" not in second and "csrf-token-of-the-request" not in second


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

    assert ("Migration and health" in cached, "Migration, health and climate" in after) == (True, True)


def test_the_results_of_an_open_survey_are_not_cached_into_existence(client, committed):
    consultation = ConsultationFactory(status=Consultation.Status.OPEN)
    url = reverse("consultations:results", kwargs={"pk": consultation.pk})

    before = client.get(url).status_code
    consultation.status = Consultation.Status.CLOSED
    committed(consultation.save)

    assert (before, client.get(url).status_code) == (404, 200)


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

    from django.contrib.sessions.backends.db import SessionStore as DjangoStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from idm_portal.sessions import SessionStore

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
    assert client.get(reverse("directory:profile")).status_code == 200
