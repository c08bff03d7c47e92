"""Cached fragments of the public workshop pages.

Every fragment's key holds a version number that changes, after commit, whenever a record the public
pages show is saved or deleted (workshops, years, registrations for the seats left, agenda items,
speakers, documents, people and users for the speakers' names: see ``signals.py``). A fragment also
expires at the next moment its text would change by itself: a registration window opening or closing,
or midnight, when an upcoming workshop becomes past. The cache is the one shared by every process
(``CACHE_URL``), so an invalidation reaches all of them.
"""

import hashlib
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, time, timedelta
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

VERSION_KEY = "workshops:public:version"
LONGEST = 3600  # seconds; a bound on memory, not needed for correctness


def version() -> str:
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        current = cache.get(VERSION_KEY)
    return current


def invalidate() -> None:
    """Give the public fragments a new version once the current transaction commits."""
    transaction.on_commit(lambda: cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None))


def next_change(moments: Iterable[datetime | None], *, now: datetime | None = None) -> datetime:
    """The first moment after ``now`` at which time alone changes the page: one of ``moments``
    (registration windows) or the next midnight."""
    now = now or timezone.now()
    midnight = timezone.make_aware(datetime.combine(timezone.localdate(now) + timedelta(days=1), time.min))
    return min([midnight, *(moment for moment in moments if moment is not None and moment > now)])


class Fragment(NamedTuple):
    html: str
    valid_until: datetime


def fragment(
    name: str, parts: tuple, build: Callable[[], tuple[str, datetime]], *, read_version: str | None = None
) -> Fragment:
    """The cached HTML of ``name`` for ``parts``, or ``build()``'s, stored until it would change.

    The version must be read before anything ``build`` uses is read from the database (pass it as
    ``read_version`` when the caller reads records first): a change committed after that read bumps
    the version, so a fragment built from older records is never served after the change.
    """
    digest = hashlib.sha1(repr((parts, translation.get_language())).encode()).hexdigest()  # noqa: S324 - a key
    key = "workshops:public:%s:%s:%s" % (name, read_version or version(), digest)
    stored = cache.get(key)
    if stored is None:
        html, valid_until = build()
        timeout = min(LONGEST, int((valid_until - timezone.now()).total_seconds()))
        if timeout > 0:
            cache.set(key, (str(html), valid_until), timeout=timeout)
    else:
        html, valid_until = stored
    return Fragment(mark_safe(html), valid_until)  # noqa: S308 - our own template's output, escaped when rendered


def shareable(request) -> bool:
    """Whether the request may get a page built for any anonymous visitor: not signed in, and no
    message waiting to be shown (messages live in a cookie, or in the session when they overflow)."""
    if request.user.is_authenticated or "messages" in request.COOKIES:
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES or not request.session.get("_messages")
