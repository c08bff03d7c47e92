"""SQL prepared once per PostgreSQL connection (directory/named_statements.py): prepared with its first
run in one query, executed by name after, prepared again on a new connection, plain where preparing
failed; the answers are the plain SQL's."""

import pytest
from django.db import DEFAULT_DB_ALIAS, ProgrammingError, connections
from django.test.utils import CaptureQueriesContext

from directory.named_statements import named, source

SQL = "SELECT %s::integer + %s, '100%%'"


def _runs(statement, connection, times: int) -> tuple[list, list[str]]:
    answers = []
    with CaptureQueriesContext(connection) as captured:
        for _ in range(times):
            with connection.cursor() as cursor:
                statement.execute(cursor, [2, 3], connection=connection)
                answers.append(cursor.fetchone())
    return answers, [query["sql"] for query in captured.captured_queries]


@pytest.fixture
def fresh():
    """A connection of its own (outside the test's transaction), closed after the test."""
    connection = connections.create_connection(DEFAULT_DB_ALIAS)
    yield connection
    connection.close()


@pytest.mark.postgres
def test_a_statement_is_prepared_by_its_first_run_and_executed_by_name_after(db, fresh):
    statement = named(SQL)
    name = statement.execute_sql.split("(")[0].removeprefix("EXECUTE ")

    answers, sent = _runs(statement, fresh, 3)
    fresh.close()
    again, sent_again = _runs(statement, fresh, 2)  # a new connection prepares it again

    prepare = "PREPARE %s AS SELECT $1::integer + $2, '100%%'; EXECUTE %s(2, 3)" % (name, name)
    execute = "EXECUTE %s(2, 3)" % name
    assert answers + again == [(5, "100%")] * 5
    assert sent + sent_again == [prepare, execute, execute, prepare, execute]
    assert [source(sql) for sql in sent] == [SQL] * 3
    assert (named(SQL) is statement, source("SELECT 1")) == (True, "SELECT 1")


@pytest.mark.postgres
def test_a_connection_where_preparing_failed_runs_the_plain_sql(db, fresh):
    statement = named("SELECT %s::integer * %s")
    with fresh.cursor() as cursor:  # the name taken on this connection: its PREPARE fails
        cursor.execute(statement.first_sql.split(";")[0].replace("$1::integer * $2", "0"))

    with pytest.raises(ProgrammingError), fresh.cursor() as cursor:
        statement.execute(cursor, [2, 3], connection=fresh)
    answers, sent = _runs(statement, fresh, 2)

    assert (answers, sent) == ([(6,), (6,)], ["SELECT 2::integer * 3"] * 2)


def test_another_database_runs_the_plain_sql(db, settings):
    if connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
        pytest.skip("SQLite runs the plain SQL (the suite's default database)")
    answers, sent = _runs(named("SELECT %s + %s, '100%%'"), connections[DEFAULT_DB_ALIAS], 2)

    assert (answers, sent) == ([(5, "100%")] * 2, ["SELECT 2 + 3, '100%'"] * 2)
