"""The portal's Redis cache answers as Django's (idm_portal/redis_cache.py): its key check warns about the
same keys, and its reads give back what was written, counters and pickles alike."""

import pickle
import warnings

import pytest
from django.core.cache import CacheKeyWarning, caches
from django.core.cache.backends.redis import RedisSerializer

from idm_portal.redis_cache import PortalRedisCache, PortalSerializer

pytestmark = pytest.mark.skipif(
    "not isinstance(__import__('django.core.cache').core.cache.caches['default'], "
    "__import__('idm_portal.redis_cache').redis_cache.PortalRedisCache)"
)


def _warned(key: str) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        caches["default"].make_and_validate_key(key)
    return [str(warning.message)[:40] for warning in caught if warning.category is CacheKeyWarning]


def test_a_key_memcached_would_refuse_is_warned_about_as_django_warns():
    keys = ["idm:session:abc:row", "a key", "tab\tkey", "del\x7fkey", "x" * 300, "é" * 10]

    assert [bool(_warned(key)) for key in keys] == [False, True, True, True, True, False]
    assert isinstance(caches["default"], PortalRedisCache)


def test_counters_and_pickles_are_read_back_as_written():
    cache = caches["default"]
    values = {"counter": 41, "negative": -3, "text": "41", "none": [None], "pickle-like": b"\x80\x05", "big": 10**30}
    cache.set_many(values)
    cache.incr("counter")

    assert cache.get_many(list(values)) == {**values, "counter": 42}


def test_the_serializer_reads_what_djangos_reads():
    django = RedisSerializer()
    stored = [
        b"7",
        b"-7",
        *(django.dumps(value) for value in ("7", 7.5, {"a": [1]}, True)),
        *(pickle.dumps("seven", protocol) for protocol in (0, 1, 2)),
    ]

    assert [PortalSerializer().loads(data) for data in stored] == [django.loads(data) for data in stored]


def test_redis_answers_are_parsed_by_hiredis_in_c():
    # redis-py parses with hiredis when it is installed (requirements.txt): every cache read and the
    # session's MGET at each signed-in request, parsed in C rather than by the pure-Python parser.
    from redis._parsers import _HiredisParser

    client = caches["default"]._cache.get_client(write=True)
    connection = client.connection_pool.get_connection()
    try:
        assert isinstance(connection._parser, _HiredisParser)
    finally:
        client.connection_pool.release(connection)
