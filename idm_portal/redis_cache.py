"""Django's Redis cache, with one client object per connection pool instead of one per call, that
answers like an empty cache while Redis does not answer.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache operation; its
constructor fills a table of some 170 response callbacks, which cost more CPU than the round trip to
Redis itself (about half a millisecond a call, measured with bench/profile_pages.py). A ``redis.Redis``
is safe to share between threads (every command takes a connection from the pool), and the pool
itself replaces its connections after a fork, so one client per pool is kept for the process.

Redis stopped or out of reach (refused, timed out) is not a server error: every read is a miss and every
write is dropped (``incr`` finds no counter: ValueError, as for a missing key; ``clear`` flushes
nothing: False), so each page is built from the database, as with no cache at all (the versions of
kept fragments read as new ones, ``directory.versions``, so nothing kept is served). So too while
Redis answers but refuses (``REFUSING``: full, a read-only replica, its primary down, its disk
failing), where a value to last that could not be written is deleted if Redis still deletes (full:
every process then reads that version as new), else written once it can be. Any other error Redis
answers (a wrong command) is a bug and raised. A value written to
last (``timeout=None``: a version renewed by a change) that could not be written is written once Redis
answers again, so a change made during the outage still renews what was kept before it.

Redis that does not answer in time (packets dropped: a host gone, a firewall) costs a command its
timeouts (``socket_connect_timeout``, ``socket_timeout``: settings.REDIS_SOCKET_*); after a timeout
no command is sent for ``PAUSE_AFTER_TIMEOUT`` seconds, so a request pays that wait once, not once per
cache call, and most requests of an outage none. A refusal (Redis stopped) costs nothing and pauses
nothing.

Two of Django's per-call costs are cut, with the same answers: a key is checked for what memcached
would refuse with a compiled pattern (Django's is a lazy object: each search a Python call and a
caught AttributeError), and a value read is unpickled at once when it is a pickle (Django tries
``int()`` on it first, a ValueError for every value but a counter).

``read_many`` and ``set_and_delete`` are the round trips of a signed-in request's kept session
(idm_portal/identity.py): several keys read, or written and deleted, at once; while Redis does not
answer they say so (None, False), and the session is read by its query.
"""

import logging
import pickle
import re
import time

from django.core.cache.backends.base import MEMCACHE_MAX_KEY_LENGTH
from django.core.cache.backends.redis import RedisCache, RedisCacheClient, RedisSerializer
from redis.exceptions import ClusterDownError, OutOfMemoryError, ReadOnlyError, ResponseError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
# Redis answers, but cannot serve now: full (maxmemory, noeviction), a replica (after a failover), its
# primary gone (MASTERDOWN); MISCONF (its disk failing, writes stopped) has no class of its own.
REFUSING = (OutOfMemoryError, ReadOnlyError, ClusterDownError)
MOST_PENDING = 10_000  # versions waiting to be written: a bound on memory
PAUSE_AFTER_TIMEOUT = 2.0  # seconds without a command after one timed out
_MISSING = object()


# What django.core.cache.backends.base.memcache_key_warnings looks for, compiled.
MEMCACHED_ERROR_CHARS = re.compile(r"[\x00-\x20\x7f]")
PICKLED = pickle.PROTO[:1]  # the first byte of every pickle of protocol 2 and later


class PortalSerializer(RedisSerializer):
    """Django's: an int written as its digits (for incr), anything else pickled. A pickle is read as
    one at once: its first byte is never a digit's or a sign's, so ``int()`` would only refuse it."""

    def loads(self, data):
        if data[:1] == PICKLED:
            return pickle.loads(data)  # noqa: S301 - our own cache's values, as Django's serializer
        return super().loads(data)


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("serializer", PortalSerializer)
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._pending: dict = {}  # key -> value to last, not written while Redis did not answer
        self._paused_until = 0.0  # time.monotonic(): no command before, after a timeout

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def _run(self, command, missing, *args, lasting: dict | None = None):
        """``command(*args)``, or ``missing`` if Redis does not answer (or timed out a moment ago); the
        values to last that were not written are written first (before a version is read again)."""
        if self._paused_until and time.monotonic() < self._paused_until:
            return self._missed(missing, lasting)
        try:
            if self._pending:
                super().set_many(self._pending, None)
                self._pending = {}
            return command(*args)
        except UNREACHABLE as error:
            logger.warning("The cache did not answer (%s): served without it.", error)
            if isinstance(error, RedisTimeoutError):
                self._paused_until = time.monotonic() + PAUSE_AFTER_TIMEOUT
            return self._missed(missing, lasting)
        except ResponseError as error:
            if not (isinstance(error, REFUSING) or str(error).startswith("MISCONF")):
                raise  # a command Redis found wrong: a bug
            logger.warning("The cache refused (%s): served without it.", error)
            missed = self._missed(missing, lasting)
            if self._pending:
                self._delete_pending()
            return missed

    def _missed(self, missing, lasting: dict | None):
        if lasting and len(self._pending) < MOST_PENDING:
            self._pending.update(lasting)
        return missing

    def _delete_pending(self) -> None:
        """The values to last not written, deleted instead if Redis still deletes (full): a version
        deleted reads as a new one in every process (directory.versions), as the one not written would
        have. Refused too (a replica), they wait to be written."""
        try:
            self.get_client(None, write=True).delete(*self._pending)
        except UNREACHABLE + (ResponseError,):
            return
        self._pending = {}

    def add(self, key, value, timeout):
        # Added, as to an empty cache: allauth's rate limits take a lock by add() (refused, every sign-in
        # would wait a second and be refused as too many attempts); the value is dropped like any write.
        return self._run(super().add, True, key, value, timeout)

    def get(self, key, default):
        return self._run(super().get, default, key, default)

    def set(self, key, value, timeout):
        self._run(super().set, None, key, value, timeout, lasting={key: value} if timeout is None else None)

    def touch(self, key, timeout):
        return self._run(super().touch, False, key, timeout)

    def delete(self, key):
        return self._run(super().delete, False, key)

    def get_many(self, keys):
        return self._run(super().get_many, {}, keys)

    def has_key(self, key):
        return self._run(super().has_key, False, key)

    def set_many(self, data, timeout):
        self._run(super().set_many, None, data, timeout, lasting=dict(data) if timeout is None else None)

    def delete_many(self, keys):
        self._run(super().delete_many, None, keys)

    def incr(self, key, delta):
        # A counter in an empty cache: not there (ValueError, as Django's incr of a missing key).
        answer = self._run(super().incr, _MISSING, key, delta)
        if answer is _MISSING:
            raise ValueError("Key '%s' not found." % key)
        return answer

    def clear(self):
        """Flush the cache's database; False (nothing flushed) while Redis does not answer."""
        return self._run(super().clear, False)

    def get_values(self, keys):
        """The values of ``keys`` in their order, None for a key missing or holding what does not
        unpickle (a damaged value is a miss, not an error); None while Redis does not answer."""
        return self._run(self._values, None, keys)

    def _values(self, keys):
        serializer = self._serializer
        return [None if value is None else _loaded(serializer, value) for value in self.get_client(None).mget(keys)]

    def set_and_delete(self, data: dict, delete: list, timeout) -> bool:
        """Set ``data`` (for ``timeout`` seconds) and delete ``delete`` in one round trip; False while
        Redis does not answer."""
        return self._run(self._set_and_delete, False, data, delete, timeout)

    def _set_and_delete(self, data, delete, timeout) -> bool:
        pipeline = self.get_client(None, write=True).pipeline()
        for key, value in data.items():
            pipeline.set(key, self._serializer.dumps(value), ex=timeout)
        if delete:
            pipeline.delete(*delete)
        pipeline.execute()
        return True


def _loaded(serializer, value):
    try:
        return serializer.loads(value)
    except Exception:  # noqa: BLE001 - whatever a damaged value raises while unpickling, it is a miss
        return None


class PortalRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient

    def validate_key(self, key):
        """Django's warnings, looked for only if the key has what they are about."""
        if len(key) > MEMCACHE_MAX_KEY_LENGTH or MEMCACHED_ERROR_CHARS.search(key):
            super().validate_key(key)

    def read_many(self, keys: list[str]) -> list | None:
        """The values of ``keys`` in their order in one MGET (see ``get_values``)."""
        return self._cache.get_values([self.make_and_validate_key(key) for key in keys])

    def set_and_delete(self, data: dict, delete: list[str], timeout) -> bool:
        """Set ``data`` and delete ``delete`` in one round trip (False: Redis did not answer)."""
        return self._cache.set_and_delete(
            {self.make_and_validate_key(key): value for key, value in data.items()},
            [self.make_and_validate_key(key) for key in delete],
            self.get_backend_timeout(timeout),
        )
