"""SQL that every request runs, prepared once on each PostgreSQL connection and executed by name after.

PostgreSQL plans each statement it is sent. The roles query of every signed-in request (five joins
and two EXISTS, directory/roles.py) took 0.7 ms to plan and 0.1 ms to run, and psycopg2 merged its
parameters into 3 KB of SQL each time. Prepared (``PREPARE``), it is planned once per connection and
each request sends ``EXECUTE name(parameters)``.

The first run on a connection sends ``PREPARE name AS ...; EXECUTE name(...)`` in one round trip, so a
page makes as many queries as before (the query-count tests count it as one). A prepared statement
lives as long as its connection (a rollback keeps it; a new connection prepares it again); on a
connection where that first run failed, the plain SQL is run from then on. Other databases run the
plain SQL. ``named(sql)`` gives the statement of some SQL, ``source`` gives the SQL a captured ``EXECUTE`` stands for.
"""

from __future__ import annotations

import hashlib
import re
import weakref

_PLACEHOLDER = re.compile("%%|%s")
_EXECUTED = re.compile(r"(?:PREPARE idm_\w+ AS .*; )?EXECUTE (idm_[0-9a-f]{24})(?:\(.*\))?", re.DOTALL)
_EXECUTES = re.compile(r"(?:^|; )EXECUTE (idm_[0-9a-f]{24})\b")
_STATEMENTS: dict[str, NamedStatement] = {}  # by name: one per SQL, whoever runs it


def named(sql: str) -> NamedStatement:
    """The statement of ``sql``, the same object for the same SQL (each connection prepares it once)."""
    name = _name(sql)
    statement = _STATEMENTS.get(name)
    if statement is None:
        # setdefault, atomic: threads building the same SQL at once all get the first one made (two
        # objects would each think a connection's PREPARE its own: "prepared statement already exists")
        statement = _STATEMENTS.setdefault(name, NamedStatement(sql, name))
    return statement


def _name(sql: str) -> str:
    return "idm_" + hashlib.sha256(sql.encode()).hexdigest()[:24]


class NamedStatement:
    def __init__(self, sql: str, name: str):
        self.sql = sql
        count = 0

        def number(match: re.Match) -> str:
            nonlocal count
            if match.group() == "%%":
                return "%%"  # still doubled: psycopg2 merges the parameters into the whole text
            count += 1
            return "$%d" % count

        body = _PLACEHOLDER.sub(number, sql)
        self.execute_sql = "EXECUTE %s(%s)" % (name, ", ".join(["%s"] * count)) if count else "EXECUTE " + name
        self.first_sql = "PREPARE %s AS %s; %s" % (name, body, self.execute_sql)
        self.prepared: weakref.WeakSet = weakref.WeakSet()  # the driver's connections that hold it
        self.plain: weakref.WeakSet = weakref.WeakSet()  # those where preparing it failed

    def execute(self, cursor, params: list, *, connection) -> None:
        """Run the statement with ``params`` on ``cursor``, a cursor of ``connection`` (Django's)."""
        if connection.vendor != "postgresql":
            cursor.execute(self.sql, params)
            return
        execute_together(cursor, [(self, params)], connection=connection)


def execute_together(cursor, statements: list[tuple[NamedStatement, list]], *, connection) -> None:
    """Run the ``statements`` (each with its parameters) one after the other in ONE round trip, on
    PostgreSQL: ``cursor`` then holds the last one's rows only (psycopg2 keeps the last result).

    psycopg2 sends the text as one simple Query message. PostgreSQL runs its statements one at a time
    (postgres.c, exec_simple_query: each is analysed, planned and run before the next is looked at),
    and in READ COMMITTED each with a snapshot taken when it starts (an ``EXECUTE`` at the start of
    the utility statement, PortalRunUtility; GetTransactionSnapshot gives a new one at each call):
    a statement after one that waited for a row lock sees what was committed during the wait, as if
    it had been sent on its own. Inside the caller's transaction (psycopg2 sent its BEGIN); an error
    in any of them aborts it and is raised here."""
    driver_connection = connection.connection
    texts, params, preparing = [], [], []
    for statement, values in statements:
        if driver_connection in statement.prepared:
            texts.append(statement.execute_sql)
        elif driver_connection in statement.plain:
            texts.append(statement.sql)
        else:
            texts.append(statement.first_sql)
            preparing.append(statement)
        params += values
    try:
        cursor.execute("; ".join(texts), params)
    except Exception:
        for statement in preparing:
            statement.plain.add(driver_connection)
        raise
    for statement in preparing:
        statement.prepared.add(driver_connection)


def sources(sql: str) -> list[str]:
    """What each prepared statement executed in ``sql`` runs, in order (``execute_together``'s many)."""
    return [_STATEMENTS[name].sql for name in _EXECUTES.findall(sql) if name in _STATEMENTS]


def source(sql: str) -> str:
    """The SQL that ``sql`` (as sent, or as the tests capture it) runs: itself, or for a prepared
    statement's execution, what was prepared."""
    executed = _EXECUTED.fullmatch(sql.strip())
    statement = _STATEMENTS.get(executed.group(1)) if executed else None
    return statement.sql if statement is not None else sql
