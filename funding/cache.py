"""A donor's figures on the donor portal, kept until a record they are computed from changes.

The figures (each year's money, the workshops the money funds, what it bought) cost a dozen grouped
queries and change only with the records they sum, so they are kept per donor and language under two
versions, both read before any record: funding's own, which changes after commit whenever a
contribution, payment, allocation, expenditure, budget line, donor or member state is saved or deleted
(``signals.py``), and the public workshop pages' (``workshops.cache``), which changes with the
workshops, years, registrations and people the figures show and count (titles, dates, statuses, funded
participants by region and gender). The cache is the one shared by every process (``CACHE_URL``), so an
invalidation reaches all of them.
"""

from datetime import timedelta

from django.utils import timezone

from directory.versions import named_versions
from workshops import cache as workshops_cache

VERSION_KEY = "funding:figures:version"


def version() -> str:
    """Both versions, read in one round trip to the shared cache."""
    return "%s.%s" % tuple(named_versions(VERSION_KEY, workshops_cache.VERSION_KEY))


def invalidate() -> None:
    """Give the donors' figures a new version once the current transaction commits."""
    workshops_cache.new_version_on_commit(VERSION_KEY)


def cached(name: str, parts: tuple, build, *, read_version: str | None = None):
    """``build()``'s value for ``parts`` (anything that pickles), kept until a record changes: see the
    module. The versions are read before ``build`` reads anything (pass them as ``read_version`` when
    read earlier in the request), so a value built from older records is never served after a change.
    Callers only read the value: it is shared by the process."""
    read_version = read_version or version()
    return workshops_cache.cached("funding:" + name, parts, _kept(build), read_version=read_version).value


def fragment(name: str, parts: tuple, build, *, read_version: str | None = None) -> str:
    """``build()``'s HTML for ``parts``, kept as ``cached`` keeps a value."""
    read_version = read_version or version()
    return workshops_cache.fragment("funding:" + name, parts, _kept(build), read_version=read_version).html


def _kept(build):
    def build_until():
        return build(), timezone.now() + timedelta(seconds=workshops_cache.LONGEST)

    return build_until
