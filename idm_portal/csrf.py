"""CSRF tokens exactly as Django makes them, drawn from one read of the system's random source.

Django's ``get_token`` draws each of the 32 characters of a new secret, and of every token's mask, with
``secrets.choice``: a system call and some Python per character, about 80 µs for one token on this
machine, more than a whole bare Django request. Every page with a form (the language switcher is on
all of them) pays it once, a new visitor twice. Here the characters come from ``os.urandom``, one call
a string, each byte below 248 (4 × 62) taken modulo the 62 allowed characters, the others dropped, so
every character is as likely as with ``secrets.choice``. The token is Django's: the mask, then the
secret ciphered with it (``django.middleware.csrf._mask_cipher_secret``); the secret and the cookie
are kept and renewed in ``request.META`` as ``get_token`` keeps them, and ``CsrfViewMiddleware``
checks the token as it checks its own.
"""

import operator
import os

from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH

_COUNT = len(CSRF_ALLOWED_CHARS)
_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}
_BELOW = 256 - 256 % _COUNT
# A random byte to its character (bytes.translate), and the bytes dropped.
_CHARACTER_OF = bytes(ord(CSRF_ALLOWED_CHARS[byte % _COUNT]) if byte < _BELOW else 0 for byte in range(256))
_DROPPED = bytes(range(_BELOW, 256))
# A secret's character and its mask's (two characters) to the token's character: the cipher, looked up.
_CIPHERED = {
    secret + mask: CSRF_ALLOWED_CHARS[(_INDEX[secret] + _INDEX[mask]) % _COUNT]
    for secret in CSRF_ALLOWED_CHARS
    for mask in CSRF_ALLOWED_CHARS
}


def random_string(length: int = CSRF_SECRET_LENGTH) -> str:
    picked = b""
    while len(picked) < length:
        picked += os.urandom(2 * length).translate(_CHARACTER_OF, _DROPPED)
    return picked[:length].decode("ascii")


def get_token(request) -> str:
    """``django.middleware.csrf.get_token``: the request's secret (a new one if it has none), masked anew."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = request.META["CSRF_COOKIE"] = random_string()
    # The cookie is sent again with the response, which renews its expiry (as Django does).
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = random_string()
    return mask + "".join(map(_CIPHERED.__getitem__, map(operator.add, secret, mask)))
