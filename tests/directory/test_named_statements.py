"""SQL prepared once per PostgreSQL connection (directory/named_statements.py): prepared with its first
run in one query, executed by name after, prepared again on a new connection, plain where preparing
failed; the answers are the plain SQL's."""

import threading

import pytest
from django.db import DEFAULT_DB_ALIAS, ProgrammingError, connections
from django.test.utils import CaptureQueriesContext

from directory.named_statements import execute_together, named, source, sources

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


@pytest.mark.postgres
def test_statements_run_together_in_one_round_trip_each_prepared_once(db, fresh):
    first, second = named("SELECT %s::integer - 1"), named("SELECT %s::integer * %s, '50%%'")
    names = [statement.execute_sql.split("(")[0].removeprefix("EXECUTE ") for statement in (first, second)]

    with CaptureQueriesContext(fresh) as captured:
        for _ in range(2):
            with fresh.cursor() as cursor:
                execute_together(cursor, [(first, [7]), (second, [2, 3])], connection=fresh)
                answers = cursor.fetchall()  # the last statement's rows only

    sent = [query["sql"] for query in captured.captured_queries]
    assert answers == [(6, "50%")]
    assert sent == [
        "PREPARE %s AS SELECT $1::integer - 1; EXECUTE %s(7); " % (names[0], names[0])
        + "PREPARE %s AS SELECT $1::integer * $2, '50%%'; EXECUTE %s(2, 3)" % (names[1], names[1]),
        "EXECUTE %s(7); EXECUTE %s(2, 3)" % tuple(names),
    ]
    assert [sources(sql) for sql in sent] == [[first.sql, second.sql]] * 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_statement_sent_after_a_lock_sees_what_was_committed_during_the_wait(fresh):
    """READ COMMITTED: each statement of one message has a snapshot of its own, taken when it starts:
    the second, after the first waited for a row lock, counts the row committed during the wait."""
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with other.cursor() as cursor:
            cursor.execute("CREATE TABLE idm_test_together (id integer PRIMARY KEY)")
            cursor.execute("INSERT INTO idm_test_together VALUES (1)")
        lock = named("SELECT id FROM idm_test_together WHERE id = %s FOR UPDATE")
        count = named("SELECT COUNT(*) FROM idm_test_together WHERE %s::integer > 0")
        other.set_autocommit(False)
        with other.cursor() as cursor:
            cursor.execute("SELECT id FROM idm_test_together WHERE id = 1 FOR UPDATE")
            cursor.execute("INSERT INTO idm_test_together VALUES (2)")
        fresh.set_autocommit(False)
        counted = []

        def waiting():
            with fresh.cursor() as cursor:
                execute_together(cursor, [(lock, [1]), (count, [1])], connection=fresh)
                counted.append(cursor.fetchone()[0])

        fresh.inc_thread_sharing()  # used in the thread only, while this one commits the other's
        thread = threading.Thread(target=waiting)
        thread.start()
        thread.join(0.3)  # waiting for the lock
        assert thread.is_alive()
        other.commit()
        thread.join(5)
        fresh.dec_thread_sharing()
        fresh.rollback()
    finally:
        other.set_autocommit(True)
        with other.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS idm_test_together")
        other.close()

    assert counted == [2]
