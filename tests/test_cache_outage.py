"""The shared cache (Redis) stopped or out of reach: every page still answers, from the database.

The cache is at a closed port (nothing listens: refused at once), or it is a real Redis cut off for a
while and back with what it held (a network partition: the versions it holds were not renewed by the
changes made meanwhile). Asserted with exact values: each signed-in role's pages answer 200 and show
that user's own records; a change made during the outage shows at the next request, and still after
Redis answers again; the anonymous page cache never serves a signed-in user's page.
"""

import json
import time

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache import cache as django_cache
from django.test import Client
from django.urls import reverse

from directory.versions import named_version
from tests import factories
from tests.test_kept_isolation import two_delegates_on_one_workshop
from workshops import cache as workshops_cache

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:1/0"  # port 1: nothing listens, the connection is refused at once


def _redis_cache(settings, location: str, options: dict | None = None) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "idm_portal.redis_cache.PortalRedisCache",
            "LOCATION": location,
            "OPTIONS": options or {},
        }
    }


def _signed_in(user) -> Client:
    client = Client(raise_request_exception=True)
    client.force_login(user)
    return client


def _world():
    workshop, first, second, _awas, _rosas = two_delegates_on_one_workshop()
    focal = factories.make_delegate(
        email="focal@state.example",
        first_name="Omar",
        last_name="Sall",
        state=first.affiliations.get().member_state,
        focal_point=True,
    )
    donor = factories.make_donor_contact(email="donor@donor.example", first_name="Dana", last_name="Donor")
    staff = factories.make_secretariat(email="staff@iom.example", first_name="Sam", last_name="Staff")
    return workshop, first, second, focal, donor, staff


def test_every_role_is_served_from_the_database_while_the_cache_refuses(settings, committed):
    _redis_cache(settings, CLOSED_PORT)
    workshop, first, second, focal, donor, staff = _world()
    page = workshop.get_absolute_url()
    pages = {
        first: ["/", page, reverse("workshops:my_registrations")],
        second: ["/", page, reverse("workshops:my_registrations")],
        focal: ["/", reverse("workshops:my_delegation")],
        donor: ["/", reverse("funding:donor_portal")],
        staff: [
            "/",
            reverse("workshops:staff_queue", kwargs={"slug": workshop.slug}),
            reverse("directory:person_list"),
            reverse("funding:audit"),
            reverse("funding:year", kwargs={"year": workshop.year.year}),
        ],
    }
    answers = {}
    for user, addresses in pages.items():
        client = _signed_in(user)
        for address in addresses:
            response = client.get(address)
            answers[(user.email, address)] = response.status_code
    mine = _signed_in(first).get(page).content.decode()
    theirs = _signed_in(second).get(page).content.decode()
    anonymous = Client().get(page)

    assert set(answers.values()) == {200}, answers
    assert ("Awa Diop" in mine, "badge-confirmed" in mine, "Rosa Quispe" in mine) == (True, True, False)
    assert ("Rosa Quispe" in theirs, "You are number 1 on the waiting list." in theirs, "Awa Diop" in theirs) == (
        True,
        True,
        False,
    )
    assert anonymous.status_code == 200
    assert ("Sign in to register" in anonymous.content.decode(), "Awa Diop" in anonymous.content.decode()) == (
        True,
        False,
    )


def test_a_change_made_while_the_cache_refuses_shows_at_the_next_request(settings, committed):
    _redis_cache(settings, CLOSED_PORT)
    workshop, first, *_ = _world()
    client = _signed_in(first)
    client.get(workshop.get_absolute_url())

    workshop.title = "Migration and social change, renamed"
    committed(workshop.save)
    html = client.get(workshop.get_absolute_url()).content.decode()

    assert "Migration and social change, renamed" in html
    assert named_version(workshops_cache.VERSION_KEY) != named_version(workshops_cache.VERSION_KEY)


def test_signing_in_works_while_the_cache_refuses(settings):
    _redis_cache(settings, CLOSED_PORT)
    delegate = factories.make_delegate(email="awa@state.example", first_name="Awa", last_name="Diop")
    client = Client(raise_request_exception=True)

    response = client.post(reverse("account_login"), {"login": delegate.email, "password": factories.PASSWORD})
    home = client.get("/").content.decode()

    assert (response.status_code, response["Location"]) == (302, "/")
    assert "Awa Diop" in home


@pytest.fixture
def real_redis(settings):
    """The configured Redis cache (CACHE_URL), cut off at will: its client sent to a closed port, then
    given back, Redis holding what it held (a partition, not a restart)."""
    if django_settings.CACHES["default"]["BACKEND"] != "idm_portal.redis_cache.PortalRedisCache":
        pytest.skip("CACHE_URL is not a Redis cache")
    location = django_settings.CACHES["default"]["LOCATION"]
    _redis_cache(settings, location)
    django_cache.clear()
    client = django_cache._cache
    working = client.get_client
    dead = redis.Redis.from_url(CLOSED_PORT)

    class Switch:
        def cut(self):
            client.get_client = lambda key=None, *, write=False: dead

        def mend(self):
            client.get_client = working

    yield Switch()
    client.get_client = working
    django_cache.clear()


def test_a_change_made_while_redis_was_cut_off_still_shows_once_it_answers_again(real_redis, committed):
    workshop, first, *_ = _world()
    client, anonymous = _signed_in(first), Client()
    address = workshop.get_absolute_url()
    before = client.get(address).content.decode()
    anonymous.get(address)  # kept whole for anonymous visitors, in Redis and in this process

    real_redis.cut()
    workshop.title = "Renamed while Redis was cut off"
    committed(workshop.save)  # its version renewed after commit: not written, Redis does not answer
    during = client.get(address).content.decode()
    anonymous_during = anonymous.get(address).content.decode()
    real_redis.mend()
    after = client.get(address).content.decode()
    anonymous_after = anonymous.get(address).content.decode()

    assert ("Migration and social change" in before, "Renamed while Redis was cut off" in before) == (True, False)
    assert "Renamed while Redis was cut off" in during
    assert "Renamed while Redis was cut off" in anonymous_during
    assert "Renamed while Redis was cut off" in after
    assert "Renamed while Redis was cut off" in anonymous_after
    assert ("Awa Diop" in anonymous_during, "Awa Diop" in anonymous_after) == (False, False)


def test_the_settings_give_redis_timeouts_that_the_environment_can_change():
    from tests.test_settings import _production_env, _run

    show = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.CACHES['default']['OPTIONS'], s.CELERY_BROKER_TRANSPORT_OPTIONS]))"
    )
    redis_env = {
        "DJANGO_DEBUG": "1",
        "CACHE_URL": "redis://127.0.0.1:1/1",
        "CELERY_BROKER_URL": "redis://127.0.0.1:1/0",
    }
    default = _run("-c", show, env=_production_env(**redis_env))
    changed = _run(
        "-c",
        show,
        env=_production_env(
            **redis_env, REDIS_SOCKET_CONNECT_TIMEOUT="0.25", REDIS_SOCKET_TIMEOUT="3", CELERY_BROKER_SOCKET_TIMEOUT="4"
        ),
    )

    assert json.loads(default.stdout) == [
        {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        {"socket_connect_timeout": 0.5, "socket_timeout": 2.0, "max_retries": 0},
    ]
    assert json.loads(changed.stdout) == [
        {"socket_connect_timeout": 0.25, "socket_timeout": 3.0},
        {"socket_connect_timeout": 0.25, "socket_timeout": 4.0, "max_retries": 0},
    ]


def test_a_cache_that_never_answers_costs_a_signed_in_page_one_timeout(settings, blackhole):
    _redis_cache(settings, blackhole, {"socket_connect_timeout": 0.5, "socket_timeout": 1.0})
    workshop, first, *_ = _world()
    client = _signed_in(first)

    started = time.monotonic()
    response = client.get(workshop.get_absolute_url())
    first_seconds = time.monotonic() - started
    started = time.monotonic()
    again = client.get(reverse("workshops:my_registrations"))
    again_seconds = time.monotonic() - started

    assert (response.status_code, "Awa Diop" in response.content.decode(), again.status_code) == (200, True, 200)
    assert (first_seconds < 2, again_seconds < 0.9) == (True, True), (first_seconds, again_seconds)


def test_clear_and_incr_answer_as_an_empty_cache_while_redis_refuses(settings):
    _redis_cache(settings, CLOSED_PORT)

    cleared = django_cache.clear()
    with pytest.raises(ValueError) as incremented:
        django_cache.incr("counter")
    with pytest.raises(ValueError) as decremented:
        django_cache.decr("counter")

    assert (cleared, incremented.value.args, decremented.value.args) == (
        False,
        ("Key ':1:counter' not found.",),
        ("Key ':1:counter' not found.",),
    )


def test_clear_and_incr_while_redis_is_cut_off_leave_what_it_holds(real_redis):
    django_cache.set("counter", 41)
    real_redis.cut()
    cleared = django_cache.clear()
    with pytest.raises(ValueError):
        django_cache.incr("counter")
    real_redis.mend()

    assert (cleared, django_cache.incr("counter"), django_cache.clear(), django_cache.get("counter")) == (
        False,
        42,
        True,
        None,
    )


def test_clear_and_incr_after_a_timeout_wait_no_longer_than_one(settings, blackhole):
    _redis_cache(settings, blackhole, {"socket_connect_timeout": 0.5, "socket_timeout": 1.0})

    started = time.monotonic()
    cleared = django_cache.clear()
    clear_seconds = round(time.monotonic() - started)  # whole seconds: the timeout is 1 s
    started = time.monotonic()
    with pytest.raises(ValueError):
        django_cache.incr("counter")
    incr_seconds = round(time.monotonic() - started)

    assert (cleared, clear_seconds, incr_seconds) == (False, 1, 0)
