"""Versions kept in the shared cache (``CACHE_URL``, shared by every process): a figure computed from
records is kept under a key holding their version, and the version is renewed once a change of those
records commits, so an invalidation reaches every process and a kept figure is never stale.

A signed-in request on Redis reads the versions of the keys registered with ``prefetch()`` (the ones
most pages read) in the same round trip as its session (idm_portal/identity.py), before anything else
of the request is read: ``named_version()`` and ``named_versions()`` answer from that snapshot first.
The snapshot belongs to the request: a context variable made anew when a request starts and dropped
when it finishes (nothing is kept outside a request), never seen by another request or thread. A
version renewed during the request leaves the snapshot, so the request reads the new one from the
cache as before. A version read at the start of the request is read before any record the request
reads, which is all a kept figure needs.
"""

import uuid
from contextvars import ContextVar

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction

# The named keys read with a signed-in request's session (registered by the apps that own them).
PREFETCHED: list[str] = []
_snapshot: ContextVar[dict | None] = ContextVar("idm_named_versions", default=None)


def prefetch(*keys: str) -> None:
    """Read ``keys`` with every signed-in request's session (one round trip for them all)."""
    PREFETCHED.extend(key for key in keys if key not in PREFETCHED)


def keep_snapshot(found: dict[str, str]) -> None:
    """The versions read for this request (only those found): ``named_version`` answers from them.
    Outside a request (a task, a command, a test calling a session directly) nothing is kept."""
    if _snapshot.get() is not None:
        _snapshot.set(dict(found))


def _request_started(**_kwargs) -> None:
    _snapshot.set({})  # in a request: nothing read yet


def drop_snapshot(**_kwargs) -> None:
    if _snapshot.get() is not None:
        _snapshot.set(None)


request_started.connect(_request_started, dispatch_uid="directory.versions.started")
request_finished.connect(drop_snapshot, dispatch_uid="directory.versions.finished")


def _forget(key: str) -> None:
    snapshot = _snapshot.get()
    if snapshot is not None:
        snapshot.pop(key, None)


def named_version(key: str) -> str:
    """The version kept under ``key`` in the shared cache, made at its first use; while the cache does
    not answer (idm_portal/redis_cache.py), a new one at each call: no value kept under it, so nothing
    kept is served."""
    snapshot = _snapshot.get()
    if snapshot is not None and key in snapshot:
        return snapshot[key]
    current = cache.get(key)
    if current is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        current = cache.get(key)
    return current if current is not None else uuid.uuid4().hex


def make(keys: list[str]) -> None:
    """Give each of ``keys`` that has no version in the shared cache one (as ``named_version`` does at
    its first use), reading nothing back."""
    for key in keys:
        cache.add(key, uuid.uuid4().hex, timeout=None)


def _set_new(key: str) -> None:
    _forget(key)
    cache.set(key, uuid.uuid4().hex, timeout=None)


class _Batch:
    __slots__ = ("keys", "done")

    def __init__(self):
        self.keys, self.done = [], False


class _Renewal:
    """The ``on_commit`` callback of one key renewed: keys renewed one after the other share a batch,
    which the first of their callbacks to run writes in one round trip (the others then have nothing
    to do)."""

    def __init__(self, key: str, batch: _Batch):
        self.batch = batch
        batch.keys.append(key)

    def __call__(self) -> None:
        batch = self.batch
        if batch.done:
            return
        batch.done = True
        if len(batch.keys) == 1:
            _set_new(batch.keys[0])
            return
        for key in batch.keys:
            _forget(key)
        cache.set_many({key: uuid.uuid4().hex for key in batch.keys}, timeout=None)


def new_version_on_commit(key: str, *, using: str | None = None) -> None:
    """Give ``key`` a new version once the current transaction commits. A key renewed right after
    another (a registration saved renews the public fragments' and its workshop's queue's) joins the
    other's batch, so one round trip writes both: only while that one's callback is the last one, at
    the same savepoint (both rolled back or neither) and not run yet (a test's captured callbacks)."""
    connection = transaction.get_connection(using)
    batch = None
    if connection.in_atomic_block and connection.run_on_commit:
        savepoints, last, _robust = connection.run_on_commit[-1]
        if isinstance(last, _Renewal) and not last.batch.done and savepoints == set(connection.savepoint_ids):
            batch = last.batch
    transaction.on_commit(_Renewal(key, batch or _Batch()), using=using)


def renew(key: str) -> None:
    """Give ``key`` a new version now: the rest of this transaction (and a test's) reads the new one.
    Before a change, paired with ``new_version_on_commit`` after it: a reader that read the version
    renewed now and then records older than the commit keeps what it read under a version nobody
    reads any more."""
    _set_new(key)


def snapshot_version(key: str) -> str | None:
    """The version of ``key`` read with this request's session, if it was (None otherwise: no kept
    session, a key not prefetched, outside a request, or renewed since)."""
    snapshot = _snapshot.get()
    return None if snapshot is None else snapshot.get(key)


def named_versions(*keys: str) -> list[str]:
    """The versions kept under ``keys``, read in one round trip to the shared cache (each made at its
    first use, as ``named_version``)."""
    snapshot = _snapshot.get()
    if snapshot is not None:
        missing = [key for key in keys if key not in snapshot]
        if not missing:
            return [snapshot[key] for key in keys]
        found = {**snapshot, **cache.get_many(missing)}
    else:
        found = cache.get_many(keys)
    return [found.get(key) or named_version(key) for key in keys]
