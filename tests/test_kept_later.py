"""A session's row read by its query is kept in Redis with the request's next write of versions, in
the same round trip (a registration's renewals after its commit), or when the request finishes; a
drop of the session before then leaves no row behind (idm_portal/redis_cache.py ``set_later``)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from idm_portal import sessions
from tests import factories
from tests.workshops.factories import WorkshopFactory, person_of
from workshops.models import Registration

pytestmark = pytest.mark.skipif("not __import__('idm_portal.identity').identity.enabled()")


class _CacheRoundTrips:
    """Every round trip to the cache's Redis (not the broker's): a command by its name and first key,
    a pipeline as ("PIPELINE", its commands)."""

    def __init__(self, monkeypatch):
        import redis

        self.sent: list[tuple] = []
        self.transactions: list[bool] = []  # of each pipeline: sent inside MULTI ... EXEC
        pool = cache._cache.get_client(write=True).connection_pool
        command, pipeline = redis.Redis.execute_command, redis.client.Pipeline.execute

        def counted_command(client, *args, **options):
            if client.connection_pool is pool and not isinstance(client, redis.client.Pipeline):
                self.sent.append(tuple(args[:2]))
            return command(client, *args, **options)

        def counted_pipeline(client, *args, **options):
            if client.connection_pool is pool:
                self.sent.append(("PIPELINE", tuple((c[0][0], c[0][1]) for c in client.command_stack)))
                self.transactions.append(client.transaction)
            return pipeline(client, *args, **options)

        monkeypatch.setattr(redis.Redis, "execute_command", counted_command)
        monkeypatch.setattr(redis.client.Pipeline, "execute", counted_pipeline)


def _cold(client) -> str:
    """The session's row no longer kept (its versions still there, as after a sign-in): its key."""
    key = cache.make_and_validate_key("idm:session:%s:row" % client.cookies["sessionid"].value)
    cache._cache.get_client(write=True).delete(key)
    sessions._decoded.clear()
    return key


def _signed_in_cold(client, monkeypatch):
    """A delegate signed in on ``client``, their session's row no longer kept, the round trips counted
    from now on: the delegate, the row's key and the round trips."""
    delegate = factories.make_delegate(email="d@state.example")
    client.force_login(delegate)
    client.get(reverse("directory:profile"))
    row_key = _cold(client)
    return delegate, row_key, _CacheRoundTrips(monkeypatch)


def _session_reads(captured) -> int:
    return sum('FROM "idm_portal_session"' in q["sql"] for q in captured.captured_queries)


@pytest.mark.django_db(transaction=True)  # committed: the renewals after the commit are written
def test_a_cold_registration_keeps_its_session_row_with_the_renewals_in_one_round_trip(client, monkeypatch):
    workshop = WorkshopFactory(capacity=5)
    delegate, row_key, trips = _signed_in_cold(client, monkeypatch)

    response = client.post(reverse("workshops:register", args=[workshop.slug]), {"participant": "self"})

    names = [trip[0] for trip in trips.sent]
    assert (response.status_code, response["Location"], names) == (302, "/my/registrations/", ["MGET", "PIPELINE"])
    assert [command for command in trips.sent[1][1] if command[0] == "SET"] == [("SET", row_key)]
    assert trips.transactions == [False]  # one MSET of the versions to last: no MULTI ... EXEC around it
    assert Registration.objects.get(workshop=workshop).person == person_of(delegate)
    with CaptureQueriesContext(connection) as captured:
        warm = client.get(reverse("directory:profile"))
    assert (warm.status_code, warm.wsgi_request.user.pk, _session_reads(captured)) == (200, delegate.pk, 0)


@pytest.mark.django_db
def test_a_cold_page_keeps_its_session_row_when_it_finishes(client, monkeypatch):
    delegate, row_key, trips = _signed_in_cold(client, monkeypatch)

    cold = client.get(reverse("directory:profile"))
    with CaptureQueriesContext(connection) as captured:
        warm = client.get(reverse("directory:profile"))

    assert (cold.status_code, trips.sent[0][0], trips.sent[1:]) == (200, "MGET", [("SET", row_key), ("MGET", row_key)])
    assert (warm.wsgi_request.user.pk, _session_reads(captured)) == (delegate.pk, 0)


@pytest.mark.django_db
def test_a_session_dropped_by_its_request_leaves_no_row_behind(client, monkeypatch):
    delegate, row_key, trips = _signed_in_cold(client, monkeypatch)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert [trip for trip in trips.sent if trip == ("SET", row_key)] == []  # before: written, then dropped
    assert cache._cache.get_client().exists(row_key) == 0


@pytest.mark.django_db
def test_outside_a_request_the_row_is_kept_at_once(client):
    delegate = factories.make_delegate(email="d@state.example")
    client.force_login(delegate)
    row_key = _cold(client)

    data = sessions.SessionStore(client.cookies["sessionid"].value).load()

    assert (int(data["_auth_user_id"]), cache._cache.get_client().exists(row_key)) == (delegate.pk, 1)


@pytest.mark.django_db
def test_versions_to_last_are_written_without_a_transaction_others_with_their_expiry_in_one(monkeypatch):
    trips = _CacheRoundTrips(monkeypatch)

    cache.set_many({"test:later:a": "1", "test:later:b": "2"}, timeout=None)
    cache.set_many({"test:later:c": "3", "test:later:d": "4"}, timeout=60)

    redis = cache._cache.get_client()
    keys = [cache.make_and_validate_key("test:later:%s" % name) for name in "abcd"]
    assert (trips.transactions, [trip[0] for trip in trips.sent]) == ([False, True], ["PIPELINE", "PIPELINE"])
    assert cache.get_many(["test:later:%s" % name for name in "abcd"]) == {
        "test:later:a": "1",
        "test:later:b": "2",
        "test:later:c": "3",
        "test:later:d": "4",
    }
    assert [redis.ttl(key) for key in keys[:2]] == [-1, -1]
    assert all(55 <= redis.ttl(key) <= 60 for key in keys[2:])
    redis.delete(*keys)
