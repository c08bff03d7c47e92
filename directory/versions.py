"""Versions kept in the shared cache (``CACHE_URL``, shared by every process): a figure computed from
records is kept under a key holding their version, and the version is renewed once a change of those
records commits, so an invalidation reaches every process and a kept figure is never stale."""

import uuid

from django.core.cache import cache
from django.db import transaction


def named_version(key: str) -> str:
    """The version kept under ``key`` in the shared cache, made at its first use; while the cache does
    not answer (idm_portal/redis_cache.py), a new one at each call: no value kept under it, so nothing
    kept is served."""
    current = cache.get(key)
    if current is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        current = cache.get(key)
    return current if current is not None else uuid.uuid4().hex


def new_version_on_commit(key: str) -> None:
    """Give ``key`` a new version once the current transaction commits."""
    transaction.on_commit(lambda: cache.set(key, uuid.uuid4().hex, timeout=None))


def named_versions(*keys: str) -> list[str]:
    """The versions kept under ``keys``, read in one round trip to the shared cache (each made at its
    first use, as ``named_version``)."""
    found = cache.get_many(keys)
    return [found.get(key) or named_version(key) for key in keys]
