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
        user = request.user
        if request.path.startswith(STAFF_PREFIXES) and roles.needs_two_factors(user):
            messages.warning(request, _("Secretariat accounts need two-factor authentication. Set it up to continue."))
            return redirect("mfa_activate_totp")
        return self.get_response(request)
