"""A signed-in request's session, user and roles kept in Redis: a warm request runs no SQL for them.

Only when the cache is Redis (``idm_portal.redis_cache.PortalRedisCache``); with any other cache (the
embedded default: SQLite and the database cache) nothing here runs and every request reads its
session by the query of idm_portal/sessions.py.

What is kept: the row that query reads (the session's key, data, expiry and user id, the user's columns
and their roles, ``directory.roles.with_roles``) WITHOUT the user's password hash — no personal secret
sits in the cache; the user's session auth hash, which the session's data holds anyway, is kept
instead and the user is made with the password deferred (idm_portal/sessions.py) —, under
``idm:session:<key>:row``, tagged with two versions (``directory/versions.py``) and the row's shape
(its names and a mark of the SECRET_KEY, so a row kept by another version of the code or under
another secret is never read):

- the session's own version, ``idm:session:<key>:version``, renewed by every save or delete of the
  session's row (Django's save, delete, flush, ``cycle_key``, ``set_expiry`` all end in one), which also
  drops the kept row;
- the identity version, ``idm:identity:version``, renewed by every save or delete of a model the row
  reads (``directory.roles.models_read``: the user — a save of ``last_login`` alone excepted —, the
  groups and their membership, allauth's MFA authenticators, affiliations, member states, and each
  contribution's models: the user's person, funding's donor contacts and donors).

Each renewal happens before the change and again once the change commits. While Redis does not answer,
a renewed version is written as soon as it answers again, before this process reads anything from it
(idm_portal/redis_cache.py), and a session's drop that could not be written renews the identity version
instead (every kept row retired); another process may serve a row kept before the outage until then, so
the window is the outage plus the first command of this process after it. The renewal after the commit
matters: a request that read the version renewed before the change and then the rows as they were
before the commit kept them under a version nobody reads any more. Bulk changes — ``QuerySet.update``,
``bulk_create``, raw SQL — send no signals: whoever changes these models or the sessions' table in bulk
must call ``renew_identity()`` (it retires every kept row). ``QuerySet.delete`` sends the signals, row
by row. A database restored or loaded again under a running cache must be followed by
``renew_identity()`` (or an emptied cache): rows kept from the database before would otherwise still
answer for its sessions.

A signed-in request reads, in ONE MGET: its kept row, its session's version, the identity version and
the versions of the named keys pages read (``versions.PREFETCHED``; kept as the request's snapshot;
one missing is made, for the requests after).
A hit (both versions the current ones, the same shape and key, the expiry in the future) runs no SQL.
A miss makes the versions that are missing, then runs the query, then keeps its row under the
versions read before it, written with the request's next write of versions or when it finishes
(``set_later``, idm_portal/redis_cache.py: the tags decide what is served, not the time of the write;
a drop of the session before then takes the row away). A value that does not unpickle is a miss; an
error of Redis falls back to the query (and the named versions to their own reads), and keeps nothing.
"""

import logging
import uuid
from datetime import datetime

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from directory import roles, versions

from .redis_cache import PortalRedisCache

logger = logging.getLogger(__name__)

IDENTITY_VERSION_KEY = "idm:identity:version"
_ROW_KEY = "idm:session:%s:row"
_SESSION_VERSION_KEY = "idm:session:%s:version"
_ONLY_LOGIN = frozenset({"last_login"})


def _redis() -> PortalRedisCache | None:
    backend = caches[DEFAULT_CACHE_ALIAS]
    return backend if isinstance(backend, PortalRedisCache) else None


def enabled() -> bool:
    """Whether sessions are kept in the cache (it is Redis)."""
    return _redis() is not None


def _redis_error() -> type[Exception]:
    import redis

    return redis.exceptions.RedisError


class Kept:
    """What the MGET read for one session: its row (None: a miss) and the versions found."""

    __slots__ = ("backend", "identity_version", "row", "session_key", "session_version")

    def __init__(self, backend, session_key, row, session_version, identity_version):
        self.backend, self.session_key, self.row = backend, session_key, row
        self.session_version, self.identity_version = session_version, identity_version

    def before_query(self) -> bool:
        """Make the versions found missing, before the query reads any row (False: Redis failed)."""
        try:
            if self.session_version is None:
                self.session_version = _made(self.backend, _SESSION_VERSION_KEY % self.session_key, _age())
            if self.identity_version is None:
                self.identity_version = _made(self.backend, IDENTITY_VERSION_KEY, None)
        except _redis_error():
            logger.warning("Redis failed: the session is read by its query and not kept", exc_info=True)
            return False
        return self.session_version is not None and self.identity_version is not None

    def keep(self, row: dict, shape: tuple) -> None:
        """Keep the query's ``row`` under the versions read before it, until the session expires."""
        seconds = min(_age(), int((row["expire_date"] - timezone.now()).total_seconds()))
        if seconds <= 0:
            return
        try:  # with the request's next write of versions (a change's, after its commit), or at its end
            self.backend.set_later(
                _ROW_KEY % self.session_key, (self.session_version, self.identity_version, shape, row), seconds
            )
        except _redis_error():
            logger.warning("Redis failed: the session's row is not kept", exc_info=True)


def read(session_key: str, shape: tuple) -> Kept | None:
    """The session's kept row and versions, and the request's snapshot of the prefetched named
    versions, in one round trip (None: the cache is not Redis, or Redis failed)."""
    backend = _redis()
    if backend is None:
        return None
    prefetched = versions.PREFETCHED
    try:
        values = backend.read_many(
            [_ROW_KEY % session_key, _SESSION_VERSION_KEY % session_key, IDENTITY_VERSION_KEY, *prefetched]
        )
    except _redis_error():
        logger.warning("Redis failed: the session is read by its query", exc_info=True)
        return None
    if values is None:  # Redis does not answer (idm_portal/redis_cache.py)
        return None
    kept, session_version, identity_version, *named = values
    versions.keep_snapshot({key: value for key, value in zip(prefetched, named, strict=True) if value is not None})
    missing = [key for key, value in zip(prefetched, named, strict=True) if value is None]
    if missing:  # made now (once, not in this request's snapshot), so that the next requests read them
        try:
            versions.make(missing)
        except _redis_error():
            logger.warning("Redis failed: the versions missing are not made", exc_info=True)
    row = kept[3] if _current(kept, session_key, session_version, identity_version, shape) else None
    return Kept(backend, session_key, row, session_version, identity_version)


def _current(kept, session_key, session_version, identity_version, shape) -> bool:
    if not (isinstance(kept, tuple) and len(kept) == 4 and isinstance(kept[3], dict)):
        return False
    tagged_session, tagged_identity, kept_shape, row = kept
    if session_version is None or identity_version is None:
        return False
    expiry = row.get("expire_date")
    return (
        tagged_session == session_version
        and tagged_identity == identity_version
        and kept_shape == shape
        and row.get("session_key") == session_key
        and isinstance(expiry, datetime)
        and expiry > timezone.now()
    )


def _made(backend, key: str, timeout) -> str | None:
    made = uuid.uuid4().hex
    if backend.add(key, made, timeout=timeout):
        return made
    return backend.get(key)


def _age() -> int:
    return settings.SESSION_COOKIE_AGE


# Invalidation: every rule here, connected once (idm_portal/apps.py).


def renew_identity(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Retire every kept session row now and again once the current transaction commits: after any
    change, in bulk or not, of what the rows read (see the module's docstring)."""
    if _redis() is None:
        return
    versions.renew(IDENTITY_VERSION_KEY)
    versions.new_version_on_commit(IDENTITY_VERSION_KEY, using=using)


def _identity_changes(sender, update_fields=None) -> bool:
    if sender not in roles.models_read():
        return False
    return not (update_fields and sender is roles.User and frozenset(update_fields) <= _ONLY_LOGIN)


def _before_identity_change(sender, update_fields=None, **_kwargs) -> None:
    if _redis() is not None and _identity_changes(sender, update_fields):
        versions.renew(IDENTITY_VERSION_KEY)


def _after_identity_change(sender, update_fields=None, using=DEFAULT_DB_ALIAS, **_kwargs) -> None:
    if _redis() is not None and _identity_changes(sender, update_fields):
        versions.new_version_on_commit(IDENTITY_VERSION_KEY, using=using)


def _membership_changes(sender, action, using=DEFAULT_DB_ALIAS, **_kwargs) -> None:
    if sender not in roles.models_read() or _redis() is None:
        return
    if action.startswith("pre_"):
        versions.renew(IDENTITY_VERSION_KEY)
    elif action.startswith("post_"):
        versions.new_version_on_commit(IDENTITY_VERSION_KEY, using=using)


def _drop_session(session_key: str) -> None:
    backend = _redis()
    if backend is None or not session_key:
        return
    dropped = backend.set_and_delete(
        {_SESSION_VERSION_KEY % session_key: uuid.uuid4().hex}, [_ROW_KEY % session_key], _age()
    )
    if not dropped:  # Redis does not answer: every kept row retired once it does (a version to last)
        versions.renew(IDENTITY_VERSION_KEY)


def _before_session_change(sender, instance, **_kwargs) -> None:
    _drop_session(instance.session_key)


def _after_session_change(sender, instance, using=DEFAULT_DB_ALIAS, **_kwargs) -> None:
    key = instance.session_key
    if _redis() is not None:
        transaction.on_commit(lambda: _drop_session(key), using=using)


def connect() -> None:
    from .models import PortalSession

    for signal in (pre_save, pre_delete):
        signal.connect(_before_identity_change, dispatch_uid="idm_portal.identity.before")
        signal.connect(_before_session_change, sender=PortalSession, dispatch_uid="idm_portal.identity.session")
    for signal in (post_save, post_delete):
        signal.connect(_after_identity_change, dispatch_uid="idm_portal.identity.after")
        signal.connect(_after_session_change, sender=PortalSession, dispatch_uid="idm_portal.identity.session")
    m2m_changed.connect(_membership_changes, dispatch_uid="idm_portal.identity.membership")
