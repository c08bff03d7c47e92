"""Cached fragments of the public workshop pages.

Every fragment's key holds a version number that changes, after commit, whenever a record the public
pages show is saved or deleted (workshops, years, registrations for the seats left, agenda items,
speakers, documents, people and users for the speakers' names: see ``signals.py``). A fragment also
expires at the next moment its text would change by itself: a registration window opening or closing,
or midnight, when an upcoming workshop becomes past. The cache is the one shared by every process
(``CACHE_URL``), so an invalidation reaches all of them.
"""

import hashlib
import operator
import re
from collections.abc import Callable, Iterable
from datetime import datetime, time, timedelta
from typing import Any, NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from directory.prepared import columns, instance
from directory.versions import named_version, new_version_on_commit, renew, snapshot_version

from .models import Workshop

VERSION_KEY = "workshops:public:version"
LONGEST = 3600  # seconds; a bound on memory, not needed for correctness
# Each process also keeps the fragments it served last, by what their key is made of (name, parts,
# language, version: no digest to compute): a new version is a new key, so this copy is never stale,
# and a page costs one read of the shared cache (the version).
_local: dict[tuple, tuple[Any, datetime]] = {}
LOCAL_FRAGMENTS = 200
# And the users' own values it read last (``own``): one per user and page, so more of them.
_own_local: dict[tuple, Any] = {}
LOCAL_OWN = 2000
_NOT_KEPT = object()


def version() -> str:
    return named_version(VERSION_KEY)


def invalidate() -> None:
    """Give the public fragments a new version once the current transaction commits."""
    new_version_on_commit(VERSION_KEY)


# The secretariat's queue counts each workshop's registrations by state: its answer is kept until a
# registration of that workshop is saved or deleted (``signals.py``), per workshop.
QUEUE_VERSION_KEY = "workshops:queue:%d:version"


def queue_version(workshop_id: int) -> str:
    return named_version(QUEUE_VERSION_KEY % workshop_id)


def invalidate_queue(workshop_id: int) -> None:
    """Give the workshop's queue counts a new version once the current transaction commits."""
    new_version_on_commit(QUEUE_VERSION_KEY % workshop_id)


# The workshop a registration is posted for, as this process's last decision on it left it: its row as
# read under the lock, with the seats the decision left taken. A registration posted for it after that
# reads this instead of the database (the forecast its e-mail is rendered for: under the lock the row
# is read again and judges, workshops/services/registration.py), while no workshop has been saved or
# deleted since: ROWS_VERSION_KEY, renewed before and after every such change (``signals.py``), read
# with the session (``directory.versions``), so that knowing it costs no round trip. The seats another
# process decided since are not counted here: near the last seat the forecast may be wrong, and the
# e-mail is rendered again under the lock, as for any change of the row.
ROWS_VERSION_KEY = "workshops:rows:version"
_decided: dict[str, tuple[str, dict]] = {}
DECIDED_KEPT = 200


def renew_rows() -> None:
    """Give the workshops' rows a new version now, before a workshop is saved or deleted (and again on
    commit, ``invalidate_rows``): no decision kept before is read after that."""
    renew(ROWS_VERSION_KEY)


def invalidate_rows() -> None:
    """Give the workshops' rows a new version once the current transaction commits: a decision kept
    while the change was not committed yet is not read after it."""
    new_version_on_commit(ROWS_VERSION_KEY)


def keep_decided(workshop: Workshop) -> None:
    """Keep ``workshop``, as locked by a decision that committed, with its ``seats_taken``, under the
    rows' version read with the session, before its row was (nothing kept when none was read)."""
    current = rows_version()
    if current is None:
        return
    row = {name: getattr(workshop, name) for name in columns(Workshop)}
    if workshop.slug not in _decided and len(_decided) >= DECIDED_KEPT:
        _decided.clear()
    _decided[workshop.slug] = (current, {**row, "seats_taken": workshop.seats_taken})


def decided(slug: str) -> Workshop | None:
    """The workshop of ``slug`` as the last decision kept for it left it (a new instance, its
    ``seats_taken`` with it), or None: none kept, or kept under another version than the request's."""
    current = rows_version()
    kept = _decided.get(slug)
    if current is None or kept is None or kept[0] != current:
        return None
    return instance(Workshop, kept[1], using=Workshop.objects.db)


def rows_version() -> str | None:
    """The rows' version read with this request's session (None: not read with it: nothing is kept)."""
    return snapshot_version(ROWS_VERSION_KEY)


def next_change(moments: Iterable[datetime | None], *, now: datetime | None = None) -> datetime:
    """The first moment after ``now`` at which time alone changes the page: one of ``moments``
    (registration windows) or the next midnight."""
    now = now or timezone.now()
    midnight = timezone.make_aware(datetime.combine(timezone.localdate(now) + timedelta(days=1), time.min))
    return min([midnight, *(moment for moment in moments if moment is not None and moment > now)])


class Fragment(NamedTuple):
    html: str
    valid_until: datetime


class Cached(NamedTuple):
    value: Any
    valid_until: datetime


def cached(
    name: str, parts: tuple, build: Callable[[], tuple[Any, datetime]], *, read_version: str | None = None
) -> Cached:
    """The cached value (anything that pickles) of ``name`` for ``parts``, or ``build()``'s, stored until
    it would change.

    The version must be read before anything ``build`` uses is read from the database (pass it as
    ``read_version`` when the caller reads records first): a change committed after that read bumps
    the version, so a value built from older records is never served after the change. The value is
    shared by every request of the process that asks for the same key: callers only read it.
    """
    language = translation.get_language()
    read_version = read_version or version()
    local_key = (name, parts, language, read_version)
    stored = _local.get(local_key)
    if stored is None or stored[1] <= timezone.now():
        key = fragment_key(name, parts, language=language, read_version=read_version)
        stored = stored_fragment(key)
        if stored is None:
            stored = build()
            timeout = min(LONGEST, int((stored[1] - timezone.now()).total_seconds()))
            if timeout > 0:
                cache.set(key, stored, timeout=timeout)
        _keep_local(local_key, stored)
    return Cached(*stored)


def fragment(
    name: str, parts: tuple, build: Callable[[], tuple[str, datetime]], *, read_version: str | None = None
) -> Fragment:
    """The cached HTML of ``name`` for ``parts``, or ``build()``'s (see ``cached``)."""

    def build_text() -> tuple[str, datetime]:
        html, valid_until = build()
        # Kept marked safe, so that each request gets this process's one copy, not a new string to
        # mark (which with_request_values would cut again).
        return mark_safe(str(html)), valid_until  # noqa: S308 - our own template's output, escaped when rendered

    html, valid_until = cached(name, parts, build_text, read_version=read_version)
    return Fragment(mark_safe(html), valid_until)  # noqa: S308 - our own template's output, escaped when rendered


def own(name: str, parts: tuple, read: Callable[[str], Any]) -> tuple[str, Any]:
    """The public version and what ``read(version)`` gives for ``parts`` (one user's own records: the
    parts name the user), in one round trip to the shared cache at most.

    The value is kept under a key without the version, beside the version it was read at: a value kept
    for another version is read again. This process also keeps the values it read last by name, parts
    and version (a new version is a new key, so that copy is never stale): a request whose version
    came with its session (``directory.versions``) and finds its value there reads nothing more.
    ``read`` runs after the version was read (see ``cached``), and its value must pickle; it is the
    same in every language. Callers only read the value: it is shared by the process."""
    current = snapshot_version(VERSION_KEY)
    if current is not None:
        value = _own_local.get((name, parts, current), _NOT_KEPT)
        if value is not _NOT_KEPT:
            return current, value
    key = "workshops:own:%s:%s" % (name, hashlib.sha1(repr(parts).encode()).hexdigest())  # noqa: S324 - a key
    if current is None:
        found = cache.get_many([VERSION_KEY, key])
        current = found.get(VERSION_KEY) or version()
        kept = found.get(key)
    else:
        kept = cache.get(key)
    if kept is not None and kept[0] == current:
        value = kept[1]
    else:
        value = read(current)
        cache.set(key, (current, value), timeout=LONGEST)
    if len(_own_local) >= LOCAL_OWN:
        _own_local.clear()
    _own_local[name, parts, current] = value
    return current, value


def fragment_key(name: str, parts: tuple, *, language: str, read_version: str) -> str:
    digest = hashlib.sha1(repr((parts, language)).encode()).hexdigest()  # noqa: S324 - a key
    return "workshops:public:%s:%s:%s" % (name, read_version, digest)


def stored_fragment(key: str) -> tuple[str, datetime] | None:
    """What ``fragment`` stored under ``key`` in the shared cache, unless past its moment (the shared
    cache's clock and ours may differ a little)."""
    stored = cache.get(key)
    if stored is not None and stored[1] <= timezone.now():
        return None
    return stored


def _keep_local(key: tuple, stored: tuple) -> None:
    if key not in _local and len(_local) >= LOCAL_FRAGMENTS:
        _local.clear()
    _local[key] = stored


def shareable(request) -> bool:
    """Whether the request may get a page built for any anonymous visitor: not signed in, and no
    message waiting to be shown (messages live in a cookie, or in the session when they overflow)."""
    if request.user.is_authenticated or "messages" in request.COOKIES:
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES or not request.session.get("_messages")


# The one per-visitor value in a page built for every anonymous visitor: the CSRF token of its forms
# (the language switcher in the header). The cached page keeps a placeholder; each response gets the
# visitor's own token, so the form posts like on any other page.
CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
# Each placeholder is set off by the control character \x1f, which no record holds (directory/hardening.py
# keeps control characters out of every input), so no text typed into the portal can be taken for one.
CSRF_PLACEHOLDER = "\x1fcsrf-token-of-the-request\x1f"
# The switcher also sends the visitor back to the address they came from, query string included: the
# cached page keeps a placeholder there too, so one visitor's address is never served to another.
NEXT_INPUT = re.compile(
    r'(<form class="language-switcher"[^>]*>[^<]*(?:<(?!/form)[^<]*)*?<input type="hidden" name="next" value=")[^"]*(")'
)
NEXT_PLACEHOLDER = "\x1faddress-of-the-request\x1f"
# Where a workshop page's registration card links to the change of the visitor's own registration,
# filled in per visitor (workshops/views_public.py): set off the same way, so a description or any
# other text that reads "address-of-the-change" is shown as written.
CHANGE_PLACEHOLDER = "\x1faddress-of-the-change\x1f"


def with_request_values(html: str, *, token: str, address: str) -> SafeString:
    """A fragment kept with the placeholders, for this request: its CSRF token (the page's own, the one
    the template's ``{% csrf_token %}`` writes) and its address (``get_full_path``), escaped. The
    fragment is cut at its placeholders once per process (``_cut``), so a request joins its pieces and
    values in one pass instead of searching the whole text for each placeholder."""
    address = escape(address)
    text = "".join([token if piece is _TOKEN else address if piece is _ADDRESS else piece for piece in _cut(html)])
    return mark_safe(text)  # noqa: S308 - our fragment, escaped values


# A kept fragment's pieces: its texts between the placeholders, and these two markers where they were.
_TOKEN, _ADDRESS = object(), object()
# The fragments cut so, by their text: the same kept text (one object in this process's copy, whose
# hash Python keeps with it) is cut once.
_cuts: dict[str, tuple] = {}


def _cut(html: str) -> tuple:
    cut = _cuts.get(html)
    if cut is None:
        pieces = []
        for index, part in enumerate(html.split(CSRF_PLACEHOLDER)):
            if index:
                pieces.append(_TOKEN)
            for number, text in enumerate(part.split(NEXT_PLACEHOLDER)):
                pieces.extend((_ADDRESS, text) if number else (text,))
        if len(_cuts) >= LOCAL_FRAGMENTS:
            _cuts.clear()
        cut = _cuts[html] = tuple(pieces)
    return cut


# A kept fragment can also reach the response as bytes, encoded once per process: a page's template
# writes BODY_MARKER where the fragment goes (``{% for_this_request %}`` does, for a KeptBodyResponse)
# and the response puts the fragment's bytes there. Through the template, a fragment of 60 KB was
# copied at each level of the page (each NodeList joins its text and marks it safe again, some nine
# times) and encoded at each request, which cost more than all the rest of the page.
BODY_MARKER = "\x1fkept-body-of-the-page\x1f"
KEPT_BODIES = "kept_bodies"  # the context's list of the pieces for each BODY_MARKER, in order
_encoded: dict[tuple[str, tuple[str, ...]], tuple] = {}


def request_pieces(html: str, values: dict[str, str]) -> list[bytes]:
    """A kept fragment as pieces of UTF-8 bytes, each placeholder that is a key of ``values`` replaced by
    its value (HTML, escaped by the caller). The fragment is cut at its placeholders and its texts
    encoded once per process (by its text, one object in this process's copy: see ``_cut``), with
    where each piece comes from: a request only puts its values' bytes after the texts and takes the
    pieces in order in one C call (``operator.itemgetter``), whatever the hundreds of placeholders
    of a long list."""
    key = (html, tuple(values))
    cut = _encoded.get(key)
    if cut is None:
        cut = _encoded_cut(html, key[1])
        if len(_encoded) >= LOCAL_FRAGMENTS:
            _encoded.clear()
        _encoded[key] = cut
    texts, pick = cut
    if pick is None:
        return list(texts)
    return list(pick(texts + tuple([value.encode() for value in values.values()])))


def _encoded_cut(html: str, placeholders: tuple[str, ...]) -> tuple[tuple[bytes, ...], Callable | None]:
    """The fragment's texts between ``placeholders``, encoded, and an itemgetter taking its pieces in
    order from those texts followed by the placeholders' values (None: no placeholder in it)."""
    split = re.split("(%s)" % "|".join(re.escape(placeholder) for placeholder in placeholders), html)
    texts = tuple(text.encode() for text in split[::2])
    if len(split) == 1:
        return texts, None
    # Texts at even places, placeholders at odd ones.
    order = [
        index // 2 if index % 2 == 0 else len(texts) + placeholders.index(piece) for index, piece in enumerate(split)
    ]
    return texts, operator.itemgetter(*order)


def request_bytes(html: str, values: dict[str, str]) -> bytes:
    """``request_pieces`` joined."""
    return b"".join(request_pieces(html, values))


class KeptBodyResponse(TemplateResponse):
    """A page whose kept fragments are put into its rendered bytes in place of their BODY_MARKER: the
    page's own text is rendered and encoded as any page's, the fragments' pieces joined to it in one go."""

    def __init__(self, *args, **kwargs):
        if len(args) <= 3 and not any(kwargs.get(name) for name in ("content_type", "charset", "headers")):
            # The charset Django would write into the Content-Type and search for there at each of the
            # four times it is asked (a lazy pattern's search each), told once.
            kwargs["charset"] = settings.DEFAULT_CHARSET
        super().__init__(*args, **kwargs)
        self.kept_bodies: list[list[bytes]] = []

    def resolve_context(self, context):
        return {**(super().resolve_context(context) or {}), KEPT_BODIES: self.kept_bodies}

    @property
    def rendered_content(self) -> bytes | str:
        html = super().rendered_content
        texts = html.split(BODY_MARKER)
        if len(texts) == 1:
            return html
        if len(texts) != len(self.kept_bodies) + 1:
            raise ValueError("%d kept-body markers for %d bodies" % (len(texts) - 1, len(self.kept_bodies)))
        utf8 = self.charset.lower() in ("utf-8", "utf8")
        parts = [texts[0].encode(self.charset)]
        for pieces, text in zip(self.kept_bodies, texts[1:], strict=True):
            parts += pieces if utf8 else [b"".join(pieces).decode().encode(self.charset)]
            parts.append(text.encode(self.charset))
        return b"".join(parts)


class AnonymousPageCacheMixin:
    """Anonymous visitors, most of the public, get the whole page from the cache: it is the same for
    all of them. It is built (and valid) like the fragments it holds; a view whose text changes with
    time sets ``self.valid_until`` while it builds (else the page is kept until the next midnight).
    Higher apps use it for their public pages and connect their records to ``invalidate``."""

    page_name = ""

    def page_parts(self) -> tuple:
        raise NotImplementedError

    @classmethod
    def page_key(cls, request, args: tuple, kwargs: dict, *, initkwargs: dict, language: str, read_version: str) -> str:
        """The key ``get`` keeps the page of ``request`` under, found without running the view (the
        portal's page cache middleware serves a stored page before any other middleware)."""
        view = cls(**initkwargs)
        view.setup(request, *args, **kwargs)
        return fragment_key("page:" + view.page_name, view.page_parts(), language=language, read_version=read_version)

    def get(self, request, *args, **kwargs):
        if not shareable(request):
            return super().get(request, *args, **kwargs)

        def build() -> tuple[str, datetime]:
            response = super(AnonymousPageCacheMixin, self).get(request, *args, **kwargs)
            html = CSRF_INPUT.sub(r"\g<1>%s\g<2>" % CSRF_PLACEHOLDER, response.render().content.decode())
            html = NEXT_INPUT.sub(r"\g<1>%s\g<2>" % NEXT_PLACEHOLDER, html, count=1)
            return html, getattr(self, "valid_until", None) or next_change(())

        page = fragment("page:" + self.page_name, self.page_parts(), build).html
        page = page.replace(CSRF_PLACEHOLDER, get_token(request))
        return HttpResponse(page.replace(NEXT_PLACEHOLDER, escape(request.get_full_path()), 1))
