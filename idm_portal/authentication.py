"""Each signed-in request's session, user and roles read by ONE query, compiled once per process.

Django's ``AuthenticationMiddleware`` loads the user with the ORM (``ModelBackend.get_user``: a query
built for every request) after the session's own query, and the roles then cost a query of their own
(directory/roles.py). Here the user of a session whose backend loads users by primary key as
``ModelBackend`` does (allauth's, the model backend) is the one the session's query read with it
(idm_portal/sessions.py), when the session's row names the user its data names; otherwise it is read
by ``directory.roles.user_with_roles``: the user's row and their roles in one compiled query.
Everything else is Django's ``django.contrib.auth.get_user``, step by step: the session's user id and
backend (a backend no longer in ``AUTHENTICATION_BACKENDS`` signs the session out), an
inactive user refused, the session hash verified against the password (first against the hash kept
with a session's row in Redis, idm_portal/sessions.py; the fallback secrets rotate the session key, a
mismatch flushes it). A backend of another kind loads its user itself.
"""

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model, load_backend
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from directory.roles import user_with_roles

from .sessions import KEPT_AUTH_HASH, NOT_READ

_backends: dict[str, object] = {}


def _backend(path: str):
    backend = _backends.get(path)
    if backend is None:
        backend = _backends[path] = load_backend(path)
    return backend


def _loads_by_primary_key(backend) -> bool:
    kind = type(backend)
    return (
        isinstance(backend, ModelBackend)
        and kind.get_user is ModelBackend.get_user
        and kind.user_can_authenticate is ModelBackend.user_can_authenticate
    )


def get_user(request):
    """The request's user, as ``django.contrib.auth.get_user`` answers, with their roles attached."""
    # A session without a user, or whose data did not verify (read as empty), names none; an id that is
    # no id (garbled data) is refused by to_python. Nothing else is caught: a KeyError or any other
    # error of loading the session is a bug, and a bug is a server error, not a signed-out user.
    session = request.session
    user_id, backend_path = session.get(SESSION_KEY), session.get(BACKEND_SESSION_KEY)
    if user_id is None or backend_path not in settings.AUTHENTICATION_BACKENDS:
        return AnonymousUser()
    try:
        user_id = get_user_model()._meta.pk.to_python(user_id)
    except ValidationError:
        return AnonymousUser()
    backend = _backend(backend_path)
    if _loads_by_primary_key(backend):
        # Read with the session itself when its row names this user (idm_portal/sessions.py), else by its own query.
        read = getattr(request.session, "user_read_with_session", None)
        user = read(user_id) if read is not None else NOT_READ
        if user is NOT_READ:
            user = user_with_roles(user_id)
        if user is not None and not backend.user_can_authenticate(user):
            user = None
    else:
        user = backend.get_user(user_id)
    if user is not None and hasattr(user, "get_session_auth_hash") and not _session_verified(request, user):
        user = None
    return user or AnonymousUser()


def _session_verified(request, user) -> bool:
    session_hash = request.session.get(HASH_SESSION_KEY)
    # A user made of a row kept in Redis has no password hash loaded but the hash kept instead (made
    # under the current SECRET_KEY, idm_portal/sessions.py): the same answer without reading the password.
    kept_hash = getattr(user, KEPT_AUTH_HASH, None)
    if session_hash and kept_hash and constant_time_compare(session_hash, kept_hash):
        return True
    session_auth_hash = user.get_session_auth_hash()  # (a kept user's password read by its own query)
    if session_hash and constant_time_compare(session_hash, session_auth_hash):
        return True
    # Signed with an older secret (SECRET_KEY_FALLBACKS): keep the session under a new key and hash.
    if session_hash and any(
        constant_time_compare(session_hash, fallback) for fallback in user.get_session_auth_fallback_hash()
    ):
        request.session.cycle_key()
        request.session[HASH_SESSION_KEY] = session_auth_hash
        return True
    request.session.flush()
    return False


def _cached_user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = get_user(request)
    return request._cached_user


class UserAndRolesAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's, with the user read as above and, once read, ``request.user`` the user itself: through
    the lazy object each attribute read was two Python calls and a caught AttributeError, a dozen a
    signed-in page. What holds the lazy object still reads the same user through it; a user signed
    in or out meanwhile (``login()``, ``logout()`` set ``request.user``) is left as they set it."""

    def process_request(self, request):
        super().process_request(request)

        def user():
            found = _cached_user(request)
            if request.__dict__.get("user") is lazy:
                request.user = found
            return found

        lazy = request.user = SimpleLazyObject(user)
