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
kept fragments read as new ones, ``directory.versions``, so nothing kept is served). A value written to
last (``timeout=None``: a version renewed by a change) that could not be written is written once Redis
answers again, so a change made during the outage still renews what was kept before it.

Redis that answers but refuses (``REFUSING``: full, a read-only replica, its primary down, its disk
failing) is served around the same way, except that a value to last it refused is deleted instead
while it still deletes (full: every process then reads that version as new), else written once it
can be. Any other error Redis answers (a wrong command) is a bug and raised.

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

``set_later`` is how a request keeps a session's row it had to read by its query: the row is written in
the round trip of the request's next write of versions (a change's renewals after its commit: a
registration's), or when the request finishes, never later; a drop of the row (``set_and_delete``) or
``clear()`` before then takes it away with the rest. Outside a request it is written at once. A row
that could not be written is only not kept (logged), and the renewals written with it are judged as
they were alone.
"""

import logging
import pickle
import re
import time
from contextvars import ContextVar

from django.core.cache.backends.base import MEMCACHE_MAX_KEY_LENGTH
from django.core.cache.backends.redis import RedisCache, RedisCacheClient, RedisSerializer
from django.core.signals import request_finished, request_started
from redis.exceptions import ClusterDownError, OutOfMemoryError, ReadOnlyError, RedisError, ResponseError
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
# The writes a request left for later (set_later): (client, key, pickled value, seconds). None: no request.
_later: ContextVar[list | None] = ContextVar("idm_cache_writes_later", default=None)


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
        command = self._set_lasting if timeout is None else super().set
        self._run(command, None, key, value, timeout, lasting={key: value} if timeout is None else None)

    def _set_lasting(self, key, value, timeout):
        later = self._take_later()
        if not later:
            return super().set(key, value, timeout)
        pipeline = self.get_client(key, write=True).pipeline(transaction=False)
        pipeline.set(key, self._serializer.dumps(value))
        return self._execute_with(pipeline, later)

    def touch(self, key, timeout):
        return self._run(super().touch, False, key, timeout)

    def delete(self, key):
        return self._run(super().delete, False, key)

    def get_many(self, keys):
        return self._run(super().get_many, {}, keys)

    def has_key(self, key):
        return self._run(super().has_key, False, key)

    def set_many(self, data, timeout):
        self._run(self._set_many, None, data, timeout, lasting=dict(data) if timeout is None else None)

    def _set_many(self, data, timeout):
        later = self._take_later()
        if timeout is not None and not later:
            return super().set_many(data, timeout)
        # Django's set_many, and the writes left for later. Its MULTI ... EXEC makes the MSET and the
        # EXPIREs after it one change; values to last are one MSET, atomic alone: no transaction.
        pipeline = self.get_client(None, write=True).pipeline(transaction=timeout is not None)
        pipeline.mset({key: self._serializer.dumps(value) for key, value in data.items()})
        if timeout is not None:
            for key in data:
                pipeline.expire(key, timeout)
        return self._execute_with(pipeline, later)

    def set_later(self, key, value, timeout: int) -> None:
        """Set ``key`` for ``timeout`` seconds (> 0) with this request's next write of versions, or
        when the request finishes; at once outside a request."""
        later = _later.get()
        if later is None:
            self.set(key, value, timeout)
        else:
            later.append((self, key, self._serializer.dumps(value), timeout))

    def _take_later(self, keys=None) -> list:
        """The writes left for later by this request on this cache (those of ``keys`` only), taken."""
        later = _later.get()
        if not later:
            return []
        taken, left = [], []
        for entry in later:
            (taken if entry[0] is self and (keys is None or entry[1] in keys) else left).append(entry)
        later[:] = left
        return taken

    def _execute_with(self, pipeline, later: list) -> None:
        """The pipeline's commands and then the writes left for later, in one round trip: an error of
        the pipeline's own commands is raised as it would be alone, one of the writes left only logged."""
        for _client, key, value, timeout in later:
            pipeline.set(key, value, ex=timeout)
        answers = pipeline.execute(raise_on_error=False)
        own, left = answers[: len(answers) - len(later)], answers[len(answers) - len(later) :]
        if any(isinstance(answer, RedisError) for answer in left):
            logger.warning("Redis failed: a session's row is not kept (%s)", left)
        for answer in own:
            if isinstance(answer, RedisError):
                raise answer

    def write_later(self, later: list) -> None:
        """Send the writes a request left for later, when it finishes (an error of Redis only logged)."""
        try:
            self._run(self._write, None, later)
        except RedisError:
            logger.warning("Redis failed: a session's row is not kept", exc_info=True)

    def _write(self, later: list) -> None:
        client = self.get_client(None, write=True)
        if len(later) == 1:
            ((_client, key, value, timeout),) = later
            client.set(key, value, ex=timeout)
        else:
            self._execute_with(client.pipeline(transaction=False), later)

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
        self._take_later()  # nothing this request left for later outlives the flush
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
        self._take_later(set(delete))  # a row dropped is not written afterwards
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

    def set_later(self, key: str, value, timeout: int) -> None:
        """Set ``key`` for ``timeout`` seconds (> 0) with this request's next write of versions, or when
        it finishes (at once outside a request; see the module's docstring)."""
        self._cache.set_later(self.make_and_validate_key(key), value, self.get_backend_timeout(timeout))


def _request_started(**_kwargs) -> None:
    _later.set([])  # in a request: nothing left for later yet


def _request_finished(**_kwargs) -> None:
    later = _later.get()
    if later is None:
        return
    _later.set(None)
    for client in dict.fromkeys(entry[0] for entry in later):
        client.write_later([entry for entry in later if entry[0] is client])


request_started.connect(_request_started, dispatch_uid="idm_portal.redis_cache.started")
request_finished.connect(_request_finished, dispatch_uid="idm_portal.redis_cache.finished")
