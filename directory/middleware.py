from csp.constants import HEADER
from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib import messages
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


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the header built once per process instead of once per response.

    The portal's pages use no nonce and no per-view policy (CSP forbids inline scripts and styles
    here), so the header is the same on every response. A response that carries a per-view policy
    (django-csp's decorators), a request that asked for a nonce, or settings with excluded prefixes or
    a report-only policy get django-csp's own answer.
    """

    _PER_RESPONSE = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")

    def __init__(self, get_response):
        super().__init__(get_response)
        self.header = fixed_policy() or ""
        self.fast = bool(self.header)

    def process_response(self, request, response):
        if (
            not self.fast
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in self._PER_RESPONSE)
        ):
            return super().process_response(request, response)
        if HEADER not in response and not (response.status_code in (404, 500) and settings.DEBUG):
            response[HEADER] = self.header
        return response
