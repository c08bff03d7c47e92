"""The API's own gates: a token's scope and "signed in with a token". Who may see or change which
record is answered by the apps' ``*_visible_to`` queries and the rules in ``directory/permissions.py``."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from .models import ApiToken


class TokenScope(BasePermission):
    """Reading needs nothing more; a write needs a read-and-write token."""

    message = _("This token may only read: make a read-and-write token to change records.")

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return isinstance(request.auth, ApiToken) and request.auth.can_write


class HasToken(BasePermission):
    message = _("Send a personal API token: “Authorization: Bearer <token>”.")

    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, ApiToken)
