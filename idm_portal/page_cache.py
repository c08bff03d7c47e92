"""Anonymous visitors' pages served from the page cache before any other middleware.

The public pages (home, workshops, speakers, Council sessions, consultation results) are kept whole for
anonymous visitors by ``workshops.cache.AnonymousPageCacheMixin``. Reached through the whole stack, a
stored page still paid for the session, locale, CSRF, authentication, messages and security middleware
and the URL resolver: about twice what the page itself costs. This middleware, first in ``MIDDLEWARE``,
answers a GET for a stored page itself, with what the stack would have given it:

- only a visitor without a session cookie and without a messages cookie (a signed-in user always has a
  session; a message waiting to be shown must be shown), only for a view that is public
  (``login_not_required``) and keeps its page, only when no redirect (HTTPS) or refusal (host, control
  characters) is due: anything else goes down the stack as before;
- the page of the visitor's language, chosen as ``LocaleMiddleware`` chooses it (language cookie, then
  Accept-Language), with its Content-Language and Vary headers;
- the visitor's own CSRF token in the forms and their own address in the language switcher, the CSRF
  cookie set or renewed by Django's own ``CsrfViewMiddleware``;
- the security headers (nosniff, referrer and opener policies, HSTS over HTTPS, X-Frame-Options, the
  Content-Security-Policy), computed once per process by the same middleware classes the stack uses.

A hit costs one read of the shared cache (the version of the public pages) and no query: the page
itself is kept by the process, encoded, under its versioned key. A miss goes down the stack, where the
view builds and stores the page under the same key.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import DisallowedHost, MiddlewareNotUsed
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.html import escape

from directory.hardening import CONTROL, clean_querydict
from directory.middleware import stack_headers
from workshops import cache

from .csrf import get_token

KEPT_ROUTES = 2000  # addresses whose view this process remembers


class _Route(NamedTuple):
    view_class: type
    args: tuple
    kwargs: dict
    initkwargs: dict


TOKEN, ADDRESS = 0, 1  # where the visitor's CSRF token and address go in a kept page


class _Page(NamedTuple):
    pieces: tuple[bytes | int, ...]  # encoded text, and TOKEN or ADDRESS between the pieces
    valid_until: datetime

    def join(self, *, token: bytes, address: bytes) -> bytes:
        return b"".join(token if piece is TOKEN else address if piece is ADDRESS else piece for piece in self.pieces)


def _cut(html: str) -> tuple[bytes | int, ...]:
    """The stored page as the view serves it (workshops/cache.py): every CSRF placeholder is the token,
    the first address placeholder the address."""
    before, found, after = html.partition(cache.NEXT_PLACEHOLDER)
    pieces = _with_tokens(before)
    if found:
        pieces += [ADDRESS, *_with_tokens(after)]
    return tuple(pieces)


def _with_tokens(text: str) -> list[bytes | int]:
    pieces: list[bytes | int] = []
    for index, part in enumerate(text.split(cache.CSRF_PLACEHOLDER)):
        pieces.extend((TOKEN, part.encode()) if index else (part.encode(),))
    return pieces


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        if is_language_prefix_patterns_used(settings.ROOT_URLCONF)[0] or settings.PREPEND_WWW:
            raise MiddlewareNotUsed  # the language or the host would come from the address: the stack decides
        headers = {secure: stack_headers(secure=secure) for secure in (False, True)}
        if None in headers.values():
            raise MiddlewareNotUsed  # a policy that varies is django-csp's own business
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)
        self.headers = headers
        self.redirect = settings.SECURE_SSL_REDIRECT
        self.skip_cookies = (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name)
        self.routes: dict[str, _Route | None] = {}
        self.pages: dict[str, _Page] = {}

    def __call__(self, request):
        response = self.cached(request) if request.method == "GET" else None
        return response if response is not None else self.get_response(request)

    def route(self, path: str) -> _Route | None:
        if path in self.routes:
            return self.routes[path]
        try:
            match = resolve(path)
        except Resolver404:
            match = None
        view_class = getattr(match.func, "view_class", None) if match else None
        route = None
        if (
            view_class is not None
            and issubclass(view_class, cache.AnonymousPageCacheMixin)
            and getattr(match.func, "login_required", True) is False
        ):
            route = _Route(view_class, match.args, match.kwargs, match.func.view_initkwargs)
        if len(self.routes) >= KEPT_ROUTES:
            self.routes.clear()
        self.routes[path] = route
        return route

    def cached(self, request) -> HttpResponse | None:
        cookies = request.COOKIES
        if any(name in cookies for name in self.skip_cookies) or CONTROL.search(request.path):
            return None
        route = self.route(request.path_info)
        if route is None:
            return None
        secure = request.is_secure()
        if self.redirect and not secure:
            return None
        try:
            request.get_host()
        except DisallowedHost:
            return None
        request.GET = clean_querydict(request.GET)
        language = translation.get_language_from_request(request)
        key = route.view_class.page_key(
            request,
            route.args,
            route.kwargs,
            initkwargs=route.initkwargs,
            language=language,
            read_version=cache.version(),
        )
        page = self.page(key)
        if page is None:
            return None
        self.csrf.process_request(request)
        body = page.join(token=get_token(request).encode(), address=escape(request.get_full_path()).encode())
        response = HttpResponse(body)
        for name, value in self.headers[secure]:
            response.headers[name] = value
        response.headers["Content-Language"] = language
        self.csrf.process_response(request, response)
        response.headers["Vary"] = "Cookie, Accept-Language"
        response.headers["Content-Length"] = str(len(body))
        return response

    def page(self, key: str) -> _Page | None:
        page = self.pages.get(key)
        if page is not None and page.valid_until > timezone.now():
            return page
        stored = cache.stored_fragment(key)
        if stored is None or stored[1] <= timezone.now():
            return None
        if len(self.pages) >= cache.LOCAL_FRAGMENTS:
            self.pages.clear()
        page = self.pages[key] = _Page(_cut(stored[0]), stored[1])
        return page
