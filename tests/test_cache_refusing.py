"""The shared cache (Redis) answering but refusing: full (maxmemory with noeviction: no write taken,
deletes and reads still served) or a read-only replica (after a failover: no write, no delete). Every
page still answers, a change made meanwhile shows at once, and in every process: the version it
renews, not written, is deleted when Redis still deletes (a missing version reads as a new one).
A command Redis finds wrong is still raised: a bug, not an outage."""

import pytest
import redis
from django.core.cache import cache as django_cache
from django.test import Client
from django.urls import reverse

from tests.brokers import REDIS, RedisServer, closed_port
from tests.test_cache_outage import _redis_cache, _signed_in, _world
from workshops import cache as workshops_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def refusing(settings, tmp_path):
    """A redis-server of the test's own as the cache, made full or a replica at will."""
    if REDIS is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer(tmp_path)
    server.start()
    _redis_cache(settings, server.url)
    raw = redis.Redis(port=server.port)

    class Refusing:
        version_key = django_cache.make_key(workshops_cache.VERSION_KEY)
        stored = raw

        def full(self):
            raw.config_set("maxmemory", 1)

        def replica(self):
            raw.replicaof("127.0.0.1", closed_port())

        def mend(self):
            raw.config_set("maxmemory", 0)
            raw.replicaof("NO", "ONE")

    yield Refusing()
    raw.close()
    server.stop()


@pytest.mark.parametrize("refusal", ["full", "replica"])
def test_pages_answer_and_a_change_shows_while_redis_refuses_writes(refusing, committed, refusal):
    workshop, first, second, focal, donor, staff = _world()
    signed_in, anonymous = _signed_in(first), Client(raise_request_exception=True)
    address = workshop.get_absolute_url()
    signed_in.get(address)
    anonymous.get(address)  # the public page kept whole, in Redis and in this process
    kept_version = refusing.stored.get(refusing.version_key)

    getattr(refusing, refusal)()
    with pytest.raises(redis.ResponseError):
        refusing.stored.set("probe", 1)  # refused indeed
    workshop.title = "Renamed while Redis refused"
    committed(workshop.save)
    statuses = [
        _signed_in(user).get(page).status_code
        for user, page in [
            (first, address),
            (second, reverse("workshops:my_registrations")),
            (focal, reverse("workshops:my_delegation")),
            (donor, reverse("funding:donor_portal")),
            (staff, reverse("directory:person_list")),
        ]
    ]
    during = (
        "Renamed while Redis refused" in signed_in.get(address).content.decode(),
        "Renamed while Redis refused" in anonymous.get(address).content.decode(),
    )
    version_during = refusing.stored.get(refusing.version_key)
    refusing.mend()
    after = "Renamed while Redis refused" in anonymous.get(address).content.decode()

    assert (kept_version is not None, statuses, during, after) == (True, [200] * 5, (True, True), True)
    # Full, the version is deleted (every process reads it as new); a replica keeps the old one
    # (nothing can change it there) and this process writes the new one once Redis takes writes.
    assert (version_during is None, version_during == kept_version) == (
        {"full": (True, False), "replica": (False, True)}[refusal]
    )
    assert refusing.stored.get(refusing.version_key) not in (None, kept_version)


def test_a_command_redis_finds_wrong_is_raised(refusing):
    django_cache.set("text", "not a number")

    with pytest.raises(redis.ResponseError) as raised:
        django_cache.incr("text")

    assert raised.value.args == ("value is not an integer or out of range",)
