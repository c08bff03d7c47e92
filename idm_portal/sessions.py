"""Database sessions whose read also reads the signed-in user and their roles: one query a request.

``SESSION_ENGINE = "idm_portal.sessions"``. The sessions are Django's database sessions, kept in
``PortalSession`` (idm_portal/models.py), which has the signed-in user's id in a column of its own,
written from the session's data at every save. Reading a session is ONE compiled query: the session's
row (its key, not expired), joined to its user and to everything the user's roles are made of
(``directory.roles.with_roles``). Building that ``SELECT`` through the ORM would cost more CPU than the
database spends answering it, so it is compiled to SQL once per process; its parameters (the session
key, and now for the expiry) and the values read back go through the same fields and converters as
the ORM's, and on PostgreSQL the statement is prepared once per connection
(directory/named_statements.py).

The user read with the session is a hint, never the judge: ``idm_portal.authentication.get_user`` takes
it only for the user id the session's data names (the column and the data agree), once, and then judges
it as Django does (active, the session's hash of the password); anything else reads the user by its
own query as before. Writing, expiry, flushing and cycling the key are Django's own.

On Redis the row is kept there (idm_portal/identity.py, which also says what renews it): a warm
signed-in request reads its session, user and roles, and the versions pages read, in one round trip to
Redis and runs no SQL for them. The session data's decoding is kept per process (``decode``).
"""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import ValidationError
from django.core.signals import setting_changed
from django.db import connections, router
from django.dispatch import receiver
from django.utils import timezone
from django.utils.crypto import salted_hmac

from directory import roles
from directory.named_statements import named

from . import identity

_KEY_PLACEHOLDER = "session-key-placeholder"
_KEPT_SALT = "idm_portal.sessions.kept_row"
# In a row kept in Redis, and on the user made of it: the user's session auth hash, kept instead of
# the password hash (idm_portal.authentication compares the session's hash with it first).
KEPT_AUTH_HASH = "kept_session_auth_hash"
_SESSION_COLUMNS = ("session_key", "session_data", "expire_date", "user_id")
NOT_READ = object()  # no user was read with this session for that id


class _CompiledRead:
    def __init__(self, model, using: str):
        self.model, self.using = model, using
        self.contributions = roles.contributions_key()
        now = timezone.now()
        queryset = model.objects.filter(session_key=_KEY_PLACEHOLDER, expire_date__gt=now).order_by("pk")
        query = roles.with_roles(queryset, through="user__", also=_SESSION_COLUMNS)[:1].query
        self.layout = roles.layout(through="user__")
        self.names = tuple(roles.value_names(query))
        # The shape of a row kept in Redis: its names (the password hash left out, the session auth
        # hash in) and a mark of the secret that hash was made with (another SECRET_KEY: never read).
        mark = salted_hmac(_KEPT_SALT, "", algorithm="sha256").hexdigest()[:16]
        self.kept_shape = (*self.layout.without_password(dict.fromkeys(self.names)), KEPT_AUTH_HASH, mark)
        self.compiler = query.get_compiler(using)
        self.sql, params = self.compiler.as_sql()
        self.statement = named(self.sql)  # parsed and planned once per connection on PostgreSQL
        self.converters = self.compiler.get_converters([column for column, _, _ in self.compiler.select])
        connection = connections[using]
        key = model._meta.get_field("session_key").get_db_prep_value(_KEY_PLACEHOLDER, connection)
        (self.key_index,) = [i for i, value in enumerate(params) if value == key]
        self.params = list(params)
        expiry = model._meta.get_field("expire_date").get_db_prep_value(now, connection)
        (self.expiry_index,) = [i for i, value in enumerate(self.params) if value == expiry and i != self.key_index]
        self.prep_key = model._meta.get_field("session_key").get_db_prep_value
        self.prep_date = model._meta.get_field("expire_date").get_db_prep_value

    def get(self, session_key: str) -> dict | None:
        connection = connections[self.using]
        params = list(self.params)
        params[self.key_index] = self.prep_key(session_key, connection)
        params[self.expiry_index] = self.prep_date(timezone.now(), connection)
        with connection.cursor() as cursor:
            self.statement.execute(cursor, params, connection=connection)
            row = cursor.fetchone()
        if row is None:
            return None
        if self.converters:
            row = next(iter(self.compiler.apply_converters([row], self.converters)))
        return dict(zip(self.names, row[: len(self.names)], strict=True))


_compiled: dict[str, _CompiledRead] = {}
# The session data's decoding (signature, base64, JSON: about 0.1 ms), by the signed text, oldest out first.
_decoded: dict[str, bytes] = {}
_MOST_DECODED = 1000


@receiver(setting_changed)
def _forget_decoded(*, setting, **_kwargs) -> None:
    if setting in {"SECRET_KEY", "SECRET_KEY_FALLBACKS", "SESSION_SERIALIZER"}:
        _decoded.clear()
    if setting == "SECRET_KEY":
        _compiled.clear()  # the mark of the secret in the kept rows' shape


def _user_id(data: dict):
    """The id of the user the session's data names, as the column holds it (None if it names none)."""
    from django.contrib.auth import get_user_model

    value = data.get(SESSION_KEY)
    if value is None:
        return None
    try:
        return get_user_model()._meta.pk.to_python(value)
    except ValidationError:
        return None


class SessionStore(DatabaseSessionStore):
    _read_user = None  # (session key, user id, user or None) read with the session, until taken

    @classmethod
    def get_model_class(cls):
        from .models import PortalSession

        return PortalSession

    def _row(self) -> dict | None:
        """The session's row with its user and roles (kept in Redis, or one query), or None (no such
        key, or expired)."""
        using = router.db_for_read(self.model)
        compiled = _compiled.get(using)
        if compiled is None or compiled.model is not self.model or compiled.contributions != roles.contributions_key():
            compiled = _compiled[using] = _CompiledRead(self.model, using)
        row, user = self._read(compiled) if self.session_key else (None, None)
        if row is None:
            self._session_key = None
            self._read_user = None
            return None
        self._read_user = (row["session_key"], row["user_id"], user)
        return row

    def _read(self, compiled: _CompiledRead) -> tuple[dict | None, object]:
        """The session's row and the user made of it: kept in Redis (the user's password deferred, the
        session auth hash on it), or read by the query (and kept, without the password hash)."""
        kept = identity.read(self.session_key, compiled.kept_shape)  # None: not Redis (or Redis failed)
        if kept is not None and kept.row is not None:
            user = compiled.layout.user(kept.row)
            if user is not None:
                setattr(user, KEPT_AUTH_HASH, kept.row[KEPT_AUTH_HASH])
            return kept.row, user
        keep = kept is not None and kept.before_query()  # the versions read before the row
        row = compiled.get(self.session_key)
        if row is None:
            return None, None
        user = compiled.layout.user(row)
        if keep:
            auth_hash = user.get_session_auth_hash() if user is not None else None
            kept.keep({**compiled.layout.without_password(row), KEPT_AUTH_HASH: auth_hash}, compiled.kept_shape)
        return row, user

    def decode(self, session_data):
        """Django's decode, kept per process by the signed text: the copy handed out is made anew
        from the serialized data, so no request changes what another reads."""
        kept = _decoded.get(session_data)
        if kept is not None:
            return self.serializer().loads(kept)
        decoded = super().decode(session_data)
        if decoded:  # {} also answers a text that does not verify: never kept
            if len(_decoded) >= _MOST_DECODED:
                del _decoded[next(iter(_decoded))]
            _decoded[session_data] = self.serializer().dumps(decoded)
        return decoded

    def _get_session_from_db(self):
        row = self._row()
        if row is None:
            return None
        return self.model(**{name: row[name] for name in _SESSION_COLUMNS})

    def load(self):
        row = self._row()
        return self.decode(row["session_data"]) if row is not None else {}

    def user_read_with_session(self, user_id):
        """The user ``user_id`` with their roles as read with this session (None: no such user), once;
        ``NOT_READ`` if this session's read did not read that user (another key since, another id)."""
        read, self._read_user = self._read_user, None
        if read is None or user_id is None or read[0] != self._session_key or read[1] != user_id:
            return NOT_READ
        return read[2]

    @classmethod
    def clear_expired(cls):
        """Delete every expired session in one statement (``manage.py clearsessions`` and the nightly
        task, idm_portal/tasks.py). Django's ``clear_expired`` is ``QuerySet.delete()``, which, with the
        portal's delete signals connected, reads every expired row and signals each one. Those signals
        drop a session's row kept in Redis (idm_portal/identity.py); an expired session's kept row is
        never served (its expiry is checked at every read) and leaves Redis with it, so nothing needs
        them here."""
        model = cls.get_model_class()
        expired = model.objects.filter(expire_date__lt=timezone.now())
        return expired._raw_delete(expired.db)

    def create_model_instance(self, data):
        made = super().create_model_instance(data)
        made.user_id = _user_id(data)
        return made
