"""``Authorization: Bearer <key>`` with a personal token; the user is the token's owner."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from . import queries

KEYWORD = b"bearer"


class TokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send the token as “Authorization: Bearer <token>”."))
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("This token is unknown, expired or revoked.")) from None
        token = queries.token_for_key(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("This token is unknown, expired or revoked."))
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'
