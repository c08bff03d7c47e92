"""Django's message storage (a cookie, then the session), with the cookie's signer made when it is used.

``django.contrib.messages``'s ``CookieStorage`` makes its signer (the signing backend imported, the key
derived) as the ``MessageMiddleware`` builds the storage for every request, though only a request that
reads a messages cookie or writes one signs anything: most requests carry none and add none. Here the
signer is made at its first use, the same signer; everything else is Django's ``FallbackStorage``.
"""

from django.contrib.messages.storage import cookie, fallback
from django.contrib.messages.storage.base import BaseStorage
from django.contrib.messages.storage.session import SessionStorage
from django.core import signing
from django.utils.functional import cached_property


class CookieStorage(cookie.CookieStorage):
    def __init__(self, *args, **kwargs):
        BaseStorage.__init__(self, *args, **kwargs)  # Django's, but for the signer, made below when used

    @cached_property
    def signer(self) -> signing.Signer:
        return signing.get_cookie_signer(salt=self.key_salt)


class FallbackStorage(fallback.FallbackStorage):
    storage_classes = (CookieStorage, SessionStorage)
