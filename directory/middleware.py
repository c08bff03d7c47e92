from csp.constants import HEADER
from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import roles

STAFF_PREFIXES = ("/staff/", "/" + settings.ADMIN_URL.lstrip("/"))


class SecretariatMFAMiddleware:
    """Secretariat staff must set up an authenticator app before any staff page. Elsewhere such an
    account simply has no secretariat power (``roles.is_secretariat`` requires the authenticator)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(STAFF_PREFIXES) and roles.roles_of(request.user).staff_needs_mfa:
            messages.warning(request, _("Secretariat accounts need two-factor authentication. Set it up to continue."))
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def fixed_policy() -> str | None:
    """The Content-Security-Policy header of every response, or None when the settings make it vary
    (no policy, excluded prefixes, a report-only policy)."""
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
    if policy.get("EXCLUDE_URL_PREFIXES") or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None):
        return None
    return build_policy() or None


class _Probe:
    """What the security middleware reads of a request to choose its headers."""

    def __init__(self, *, secure: bool):
        self.secure = secure

    def is_secure(self) -> bool:
        return self.secure


def stack_headers(*, secure: bool) -> tuple[tuple[str, str], ...] | None:
    """The security headers the stack gives every response over HTTP or HTTPS, by the same middleware
    classes, or None when the Content-Security-Policy varies (django-csp's own business then)."""
    policy = fixed_policy()
    if policy is None:
        return None
    response = HttpResponse()
    probe = _Probe(secure=secure)
    SecurityMiddleware(lambda request: response).process_response(probe, response)
    XFrameOptionsMiddleware(lambda request: response).process_response(probe, response)
    return (
        *((name, value) for name, value in response.items() if name != "Content-Type"),
        (HEADER, policy),
    )


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the header built once per process instead of once per response.

    The portal's pages use no nonce and no per-view policy (CSP forbids inline scripts and styles
    here), so the header is the same on every response. A response that carries a per-view policy
    (django-csp's decorators), a request that asked for a nonce, or settings with excluded prefixes or
    a report-only policy get django-csp's own answer.

    With the policy it writes the headers ``XFrameOptionsMiddleware`` and ``SecurityMiddleware`` above it
    would write (X-Frame-Options, nosniff, the referrer and opener policies, HSTS over HTTPS), each
    only where the response has none, worked out once per process by those classes (``stack_headers``):
    they then find them written, instead of each writing its own through the response's header
    mapping. A response exempt from X-Frame-Options is left to them.
    """

    _PER_RESPONSE = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")

    def __init__(self, get_response):
        super().__init__(get_response)
        self.header = fixed_policy() or ""
        self.fast = bool(self.header)
        # Each header with its name in lower case, as a response's headers are kept (HttpResponse.headers).
        self.headers = (
            {
                secure: tuple((name.lower(), name, value) for name, value in stack_headers(secure=secure))
                for secure in (False, True)
            }
            if self.fast
            else None
        )

    def process_response(self, request, response):
        if (
            not self.fast
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in self._PER_RESPONSE)
        ):
            return super().process_response(request, response)
        if response.status_code in (404, 500) and settings.DEBUG:
            return response  # DEBUG's error pages, without a policy (as django-csp's middleware leaves them)
        store = getattr(response.headers, "_store", None)
        if type(store) is not dict or getattr(response, "xframe_options_exempt", False):
            if HEADER not in response:
                response[HEADER] = self.header
            return response
        for lower, name, value in self.headers[request.is_secure()]:
            if lower not in store:
                store[lower] = (name, value)
        return response
