"""The seats taken are counted from the index of seat holders (registration_seat_idx), at every
registration under the workshop's lock: the cost of the count follows the seats taken, not every
registration the workshop ever had (the waiting list, the cancelled)."""

import pytest
from django.db import connection

from workshops.models import HOLDS_SEAT, Registration
from workshops.models.registrations import SEAT_STATUSES
from workshops.services import seats

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def _generic_plan(statement) -> str:
    """The plan PostgreSQL keeps for the prepared ``statement`` once it stops planning each run anew
    (a generic plan: the parameters unknown), as EXPLAIN prints it."""
    prepared = statement.first_sql.rsplit("; EXECUTE ", 1)[0]  # PREPARE <name> AS <its SQL>
    sql = prepared.split(" AS ", 1)[1]
    arguments = ", ".join(["NULL"] * statement.execute_sql.count("%s"))
    with connection.cursor() as cursor:  # under a name of its own: the connection may hold the statement
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        cursor.execute("PREPARE idm_test_plan AS " + sql)
        try:
            cursor.execute("EXPLAIN EXECUTE idm_test_plan(%s)" % arguments)
            return "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("DEALLOCATE idm_test_plan")


def test_the_deciding_statement_counts_the_seats_from_the_seat_holders_index():
    plan = _generic_plan(seats._deciding(connection, mails=1).statement)

    assert "Index Only Scan using registration_seat_idx on workshops_registration" in plan


def test_a_count_given_the_statuses_as_parameters_could_not_use_it():
    # The negative control: the same count with the statuses as parameters, as the ORM would pass them.
    from directory.named_statements import named

    count = named('SELECT COUNT(*) FROM "workshops_registration" WHERE "workshop_id" = %s AND "status" IN (%s, %s)')
    plan = _generic_plan(count)

    assert "registration_seat_idx" not in plan


def test_the_index_holds_the_statuses_that_take_a_seat():
    assert HOLDS_SEAT == (Registration.Status.CONFIRMED, Registration.Status.ATTENDED)
    assert SEAT_STATUSES == tuple(HOLDS_SEAT)
    (index,) = [index for index in Registration._meta.indexes if index.name == "registration_seat_idx"]
    assert index.fields == ["workshop"]
    assert index.condition.children == [("status__in", SEAT_STATUSES)]


def _plan_of_the_count_seats_taken_sends(workshop) -> str:
    """EXPLAIN of the count ``seats.seats_taken`` sends, as PostgreSQL would plan it after five runs of a
    prepared statement (plan_cache_mode = force_generic_plan: a named statement gets its generic plan)."""
    from django.test.utils import CaptureQueriesContext

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
    with CaptureQueriesContext(connection) as captured:
        seats.seats_taken(workshop)
    (sent,) = [query["sql"] for query in captured.captured_queries]
    sent = sent.rsplit("; ", 1)[-1]  # of a named statement's first run, PREPARE ...; EXECUTE ...: its EXECUTE
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sent.replace("%", "%%"))
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_count_of_the_secretariats_decisions_reads_the_seat_holders_index_too():
    from tests.workshops.factories import WorkshopFactory

    plan = _plan_of_the_count_seats_taken_sends(WorkshopFactory())

    assert "registration_seat_idx" in plan
