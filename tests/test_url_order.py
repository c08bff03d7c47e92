"""The portal's top-level URL entries are ordered for speed (idm_portal/urls.py): that is only safe while
no address is matched by two of them, which this checks for an example address of every pattern."""

import re

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

EXAMPLES = {"int": "7", "slug": "a-slug", "str": "abc", "path": "a/b"}


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def _example(route: str) -> str:
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: EXAMPLES[m.group(1) or "str"], route)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "x", path).replace("^", "").replace("$", "").replace("\\", "")
    return "/" + path


def _matches(entry, path: str) -> bool:
    try:
        if isinstance(entry, URLPattern):
            return entry.resolve(path.lstrip("/")) is not None
        entry.resolve(path.lstrip("/"))
    except Resolver404:
        return False
    return True


def test_no_address_is_matched_by_two_top_level_entries():
    entries = get_resolver().url_patterns
    examples = sorted({_example(route) for route in _routes(entries)})

    shared = {path: n for path in examples if (n := sum(_matches(entry, path) for entry in entries)) > 1}

    assert (len(examples) > 300, shared) == (True, {})


def test_an_include_tried_only_under_its_prefixes_reaches_each_of_its_patterns():
    # funding's patterns are tried only for addresses under funding.urls.PREFIXES (idm_portal/urls.py): a
    # pattern outside them would never be reached. Each example address resolves to its own pattern.
    (entry,) = [entry for entry in get_resolver().url_patterns if getattr(entry, "app_name", None) == "funding"]
    routes = {str(pattern.pattern): pattern.name for pattern in entry.url_patterns}

    reached = {route: resolve(_example(route)).url_name for route in routes}

    assert (str(entry.pattern), entry.pattern.prefixes) == ("", ("donor/", "staff/funding/"))
    assert (len(routes), reached) == (36, routes)
