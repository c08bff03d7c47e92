"""``/health/`` for load balancers: the process answers, and so does its database.

The answer is ``{"status": "ok"}`` (200) once the database has answered a ``SELECT 1``, or
``{"status": "unavailable", "database": "no answer"}`` (503) when it did not (the error is logged).
A process asks its database at most once in ``IDM_HEALTH_DATABASE_SECONDS`` (1 s): an answer within
that time stands for the next checks, a failure for none (the next check asks again). Asked at every
check, the round trip cost a check more than everything else it does: measured under gunicorn on this
kind of machine, /health/ answered at 0.69-0.73x a bare Django view's rate with a ``SELECT 1`` each
time, 1.18x without. A database that stops answering is so reported at most a second late, far less
than the interval of any load balancer's checks; 0 asks at every check.

A load balancer asks several times a second, without cookies. Through the whole stack its question
paid for the session, locale, CSRF, authentication, messages, allauth and security middleware and the
URL resolver: more than the check itself. ``HealthCheckMiddleware``, first in ``MIDDLEWARE``, answers a
GET or HEAD of ``/health/`` that carries no cookie itself, with what the stack would have given it:
the security headers (nosniff, referrer and opener policies, HSTS over HTTPS, X-Frame-Options, the
Content-Security-Policy; directory/middleware.py works them out once per process), the language
``LocaleMiddleware`` would choose from Accept-Language with its Content-Language and Vary headers,
and the Content-Length. Anything else goes down the stack to the view as before: a request with a
cookie (a browser's: the session and CSRF middleware have their say), another method, a request
due a redirect to HTTPS or from a host not allowed.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import DisallowedHost, MiddlewareNotUsed
from django.db import Error, connection
from django.http import HttpRequest, JsonResponse
from django.middleware.security import SecurityMiddleware
from django.urls import get_script_prefix, reverse
from django.utils import translation

from directory.middleware import stack_headers

logger = logging.getLogger(__name__)


# When (time.monotonic()) this process's database last answered a health check's SELECT 1; None: never,
# or it did not answer the last one.
_answered_at: float | None = None


def database_answers() -> bool:
    """Whether the database answers: it answered within IDM_HEALTH_DATABASE_SECONDS, or answers now."""
    global _answered_at
    now = time.monotonic()
    if _answered_at is not None and now - _answered_at < settings.IDM_HEALTH_DATABASE_SECONDS:
        return True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Error:
        _answered_at = None
        logger.warning("Health check: the database does not answer.", exc_info=True)
        return False
    _answered_at = now
    return True


def answer() -> JsonResponse:
    if database_answers():
        return JsonResponse({"status": "ok"})
    return JsonResponse({"status": "unavailable", "database": "no answer"}, status=503)


@login_not_required
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: the process answers and its database does too."""
    return answer()


class HealthCheckMiddleware:
    def __init__(self, get_response):
        if (
            is_language_prefix_patterns_used(settings.ROOT_URLCONF)[0]
            or settings.PREPEND_WWW
            or settings.DISALLOWED_USER_AGENTS
        ):
            raise MiddlewareNotUsed  # the stack's redirects and refusals decide
        headers = {secure: stack_headers(secure=secure) for secure in (False, True)}
        if None in headers.values():
            raise MiddlewareNotUsed  # a policy that varies is django-csp's own business
        self.get_response = get_response
        self.headers = headers
        self.security = SecurityMiddleware(get_response)
        # The address as PATH_INFO has it (without the script prefix a deployment may add).
        self.path = reverse("health")[len(get_script_prefix()) - 1 :]

    def __call__(self, request):
        if (
            request.path_info != self.path
            or request.method not in ("GET", "HEAD")
            or request.META.get("HTTP_COOKIE")
            or self.security.process_request(request) is not None
        ):
            return self.get_response(request)
        try:
            request.get_host()
        except DisallowedHost:
            return self.get_response(request)
        response = answer()
        for name, value in self.headers[request.is_secure()]:
            response.headers[name] = value
        response.headers["Content-Language"] = translation.get_language_from_request(request)
        # As the stack says: the language, and the session it reads to know whether someone signed in.
        response.headers["Vary"] = "Accept-Language, Cookie"
        response.headers["Content-Length"] = str(len(response.content))
        return response
