"""Django's database sessions, with the query that reads a session compiled to SQL once per process.

Every signed-in request reads its session; building that one ``SELECT`` through the ORM costs about
a millisecond of CPU, more than the database spends answering it. The SQL, its parameters (the
session key, and now for the expiry) and the values read back go through the same fields and
converters as ``Session.objects.get(session_key=..., expire_date__gt=now)``, and on PostgreSQL the
statement is prepared once per connection (directory/named_statements.py); writing, expiry and
everything else are Django's own. ``SESSION_ENGINE = "idm_portal.sessions"``.
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone

from directory.named_statements import named

_KEY_PLACEHOLDER = "session-key-placeholder"


class _CompiledRead:
    def __init__(self, model, using: str):
        self.model, self.using = model, using
        now = timezone.now()
        query = model.objects.filter(session_key=_KEY_PLACEHOLDER, expire_date__gt=now).query
        self.compiler = query.get_compiler(using)
        self.sql, params = self.compiler.as_sql()
        self.statement = named(self.sql)  # parsed and planned once per connection on PostgreSQL
        self.names = [column.target.attname for column, _, _ in self.compiler.select]
        self.converters = self.compiler.get_converters([column for column, _, _ in self.compiler.select])
        connection = connections[using]
        key = model._meta.get_field("session_key").get_db_prep_value(_KEY_PLACEHOLDER, connection)
        (self.key_index,) = [i for i, value in enumerate(params) if value == key]
        self.params = list(params)
        (self.expiry_index,) = [i for i in range(len(self.params)) if i != self.key_index]
        self.prep_key = model._meta.get_field("session_key").get_db_prep_value
        self.prep_date = model._meta.get_field("expire_date").get_db_prep_value

    def get(self, session_key: str):
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
        return self.model.from_db(self.using, self.names, list(row))


_compiled: dict[str, _CompiledRead] = {}


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        using = router.db_for_read(self.model)
        compiled = _compiled.get(using)
        if compiled is None or compiled.model is not self.model:
            compiled = _compiled[using] = _CompiledRead(self.model, using)
        session = compiled.get(self.session_key) if self.session_key else None
        if session is None:
            self._session_key = None
        return session
