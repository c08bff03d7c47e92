"""Seats under concurrency, on PostgreSQL: many threads, each with its own database connection."""

import re
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from directory import outbox
from directory.models import OutboxMail
from directory.named_statements import source, sources
from workshops import services
from workshops.models import Registration, RegistrationChange, Workshop
from workshops.services import seats

from .factories import WorkshopFactory, delegates, person_of

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 32  # PostgreSQL allows 100 connections, shared with anything else running


def register_concurrently(workshop, users, *, threads: int = THREADS) -> tuple[list[Registration], list[Exception]]:
    """Register every user, spread over ``threads`` threads that start together behind a barrier."""
    people = [(user, person_of(user)) for user in users]
    shares = [people[i::threads] for i in range(threads)]
    barrier = threading.Barrier(threads)
    results, errors, lock = [], [], threading.Lock()

    def work(share):
        try:
            barrier.wait()
            for user, person in share:
                try:
                    registration = services.request_registration(workshop=workshop, person=person, by=user)
                except Exception as error:  # noqa: BLE001 - every error is collected and asserted on
                    with lock:
                        errors.append(error)
                else:
                    with lock:
                        results.append(registration)
        finally:
            connection.close()  # this thread's own connection

    workers = [threading.Thread(target=work, args=(share,)) for share in shares]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return results, errors


def counts(workshop) -> dict[str, int]:
    rows = Registration.objects.filter(workshop=workshop).values_list("status", flat=True)
    return {status: list(rows).count(status) for status in set(rows)}


def pausing_between_the_count_and_the_insert(monkeypatch, seconds: float = 0.05) -> None:
    """Widen the window of a race: the statement that counts the seats and inserts the registration
    (seats.lock_and_decide, after the lock) sleeps in PostgreSQL after it started, so after its
    snapshot and before its row is written; another statement starting meanwhile counts the same seats."""
    built = seats._deciding_sql

    def pausing(connection, **options) -> str:
        sql = built(connection, **options)
        assert sql.count("COUNT(*)") == 1
        return sql.replace("COUNT(*)", "COUNT(*) + (SELECT 0 FROM pg_sleep(%s))" % seconds)  # noqa: S608 - a float

    monkeypatch.setattr(seats, "_deciding_sql", pausing)
    monkeypatch.setattr(seats, "_DECIDING", {})  # built again, with the pause


def locking(monkeypatch, lock) -> None:
    """The statement sent with the decision in place of the lock: ``lock(sql)`` of the lock's SQL."""
    built = seats._lock_sql
    monkeypatch.setattr(seats, "_lock_sql", lambda connection, **options: lock(built(connection, **options)))
    monkeypatch.setattr(seats, "_LOCKS", {})


def confirmed_of_200_registering_for_50() -> int:
    """The negative controls' run: 200 registrations at once for 50 seats, every one answered."""
    workshop = WorkshopFactory(capacity=50)

    results, errors = register_concurrently(workshop, delegates(200))

    assert errors == []
    assert len(results) == 200
    return counts(workshop).get(Registration.Status.CONFIRMED, 0)


@pytest.mark.parametrize("pause", [None, 0.005], ids=["plain", "paused"])
def test_200_concurrent_registrations_for_50_seats(monkeypatch, pause):
    """Also with the deciding statement paused (``pause`` seconds) as the negative control below
    pauses it: the window does not matter while the lock is taken. The lock and the decision are
    two statements of one message (one round trip): the decision's snapshot is taken once the lock
    is granted, or the count would miss the registrations committed during the wait (see the second
    negative control)."""
    if pause is not None:
        pausing_between_the_count_and_the_insert(monkeypatch, seconds=pause)
    workshop = WorkshopFactory(capacity=50)
    users = delegates(200)

    results, errors = register_concurrently(workshop, users)

    assert errors == []
    assert len(results) == 200
    assert counts(workshop) == {Registration.Status.CONFIRMED: 50, Registration.Status.WAITLISTED: 150}


def test_without_the_row_lock_the_same_run_oversells(monkeypatch):
    """Negative control: the tests above would see an oversell if the lock did not work. Without it
    each registration's count and insert still run in one statement (seats.lock_and_decide), whose
    window is a few microseconds: paused in PostgreSQL between the statement's snapshot and its
    insert, concurrent statements count the same seats taken."""
    locking(monkeypatch, lambda sql: sql.removesuffix(" FOR UPDATE"))
    pausing_between_the_count_and_the_insert(monkeypatch)

    assert confirmed_of_200_registering_for_50() > 50


def test_with_the_lock_in_the_counting_statement_the_same_run_oversells(monkeypatch):
    """Negative control of the snapshots: the lock taken by the statement that counts (its workshop's
    row read FOR UPDATE, the lock before it gone), not by a statement before it. That statement's
    snapshot is taken before it waits for the lock, so its count misses the registrations committed
    during the wait: what the tests above would see if PostgreSQL gave the two statements of one
    message one snapshot. No pause: the wait itself is the window."""
    locking(monkeypatch, lambda sql: "SELECT %s::int")
    built = seats._deciding_sql
    reading = re.compile(r"^WITH w AS \((.*?)\), taken AS")

    def locking_in_it(connection, **options) -> str:
        sql = built(connection, **options)
        assert reading.match(sql)
        return reading.sub(lambda found: "WITH w AS (%s FOR UPDATE), taken AS" % found.group(1), sql, count=1)

    monkeypatch.setattr(seats, "_deciding_sql", locking_in_it)
    monkeypatch.setattr(seats, "_DECIDING", {})

    assert confirmed_of_200_registering_for_50() > 50


def test_ten_identical_concurrent_submissions_give_one_registration():
    workshop = WorkshopFactory(capacity=50)
    (user,) = delegates(1)

    results, errors = register_concurrently(workshop, [user] * 10, threads=10)

    assert len(results) == 1
    assert [type(error) for error in errors] == [ValidationError] * 9
    assert {tuple(error.messages) for error in errors} == {
        ("%s is already registered for this workshop." % person_of(user),)
    }
    assert Registration.objects.filter(workshop=workshop).count() == 1


def statement(sql: str) -> str:
    """A statement's kind and table: 'INSERT workshops_registration', 'SELECT COUNT …', 'COMMIT' (a
    prepared statement's execution by the SQL it runs; several sent together joined by '; ')."""
    together = sources(sql)
    if len(together) > 1:
        return "; ".join(statement(each) for each in together)
    sql = source(sql)
    words = sql.split()
    if words[0] == "INSERT":
        return "INSERT " + words[2].strip('"')
    if words[0] == "SELECT" and 'FROM "' in sql:
        kind = "SELECT COUNT" if "COUNT(" in sql else "SELECT"
        return "%s %s%s" % (
            kind,
            re.search(r'FROM "(\w+)"', sql).group(1),
            " FOR UPDATE" if "FOR UPDATE" in sql else "",
        )
    return words[0]


def test_the_workshop_lock_is_held_for_the_seat_decision_only(delegate):
    """Every other registration for the workshop waits while it is held: checks and the e-mail (rendered)
    come before it, and under it only the count, the registration, its history and the e-mail's row
    in the outbox (one statement, sent with the lock's: one round trip) and the commit."""
    workshop = WorkshopFactory(capacity=10)

    with CaptureQueriesContext(connection) as captured:
        registration = services.request_registration(workshop=workshop, person=person_of(delegate), by=delegate)

    sql = [query["sql"] for query in captured.captured_queries]
    statements = [statement(text) for text in sql]
    counted = statements.index("SELECT COUNT workshops_registration")  # the seats the e-mail foretells
    committed = statements.index("COMMIT", counted)  # then the e-mail is sent (eager tasks in the tests)
    assert statements[counted : committed + 1] == [
        "SELECT COUNT workshops_registration",  # (in a view, the page's own count, read with the workshop)
        "SELECT workshops_workshop FOR UPDATE; WITH",  # no read of the person's row: the insert finds it
        "COMMIT",
    ]
    assert "SELECT workshops_registration" not in statements
    lock, decided = sources(sql[counted + 1])
    assert decided.startswith('WITH w AS (SELECT "workshops_workshop"."id" AS "id", ')
    assert 'made AS (INSERT INTO "workshops_registration" (' in decided
    assert 'ON CONFLICT ("workshop_id", "person_id") DO NOTHING' in decided
    assert 'INSERT INTO "workshops_registrationchange"' in decided
    assert decided.count('INSERT INTO "directory_outboxmail"') == 1
    assert ', taken AS (SELECT (SELECT COUNT(*) FROM "workshops_registration" WHERE ' in decided
    assert 'CASE WHEN w."requires_approval" THEN %s WHEN taken.n < w."capacity" THEN %s ELSE %s END' in decided
    assert list(OutboxMail.objects.values_list("subject", "to", "attempts")) == [
        ("[IDM] Registration confirmed: %s" % workshop.title, [delegate.email], 1)  # sent after commit
    ]
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.workshop.seats_taken == 1  # counted under the lock, with its own seat
    fields = [field.attname for field in Workshop._meta.concrete_fields]
    assert [getattr(registration.workshop, name) for name in fields] == [
        getattr(Workshop.objects.get(pk=workshop.pk), name) for name in fields
    ]  # the row read after the lock, as the ORM reads it
    # The COMMIT does not wait for the disk (the lock goes with it); the first thing after it does.
    assert "set_config('synchronous_commit', 'off', true)" in lock
    assert lock.endswith(" FOR UPDATE")
    assert sql[committed + 1] == "SELECT pg_logical_emit_message(true, 'idm.durable', '')"


def published_after_the_disk(monkeypatch, *, wait: bool) -> list[bool]:
    """For each registration committed from now on: whether the WAL was on disk past its commit when
    its e-mail was published (the first external effect after the commit). ``wait=False`` leaves out
    the wait for the disk (the negative control)."""
    committed, on_disk = [], []
    really_wait, really_publish = seats.wait_for_the_disk, outbox._publish_pending

    def waiting(using="default"):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_insert_lsn()")  # at or past the end of the commit record
            committed.append(cursor.fetchone()[0])
        if wait:
            really_wait(using)

    def publishing():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_flush_lsn() >= %s::pg_lsn", [committed[-1]])
            on_disk.append(cursor.fetchone()[0])
        really_publish()

    monkeypatch.setattr(seats, "wait_for_the_disk", waiting)
    monkeypatch.setattr(outbox, "_publish_pending", publishing)
    return on_disk


def test_the_e_mail_leaves_once_the_registration_is_on_disk(monkeypatch):
    workshop = WorkshopFactory(capacity=10)
    on_disk = published_after_the_disk(monkeypatch, wait=True)

    for user in delegates(20):
        services.request_registration(workshop=workshop, person=person_of(user), by=user)

    assert on_disk == [True] * 20
    assert counts(workshop) == {Registration.Status.CONFIRMED: 10, Registration.Status.WAITLISTED: 10}


def test_without_the_wait_the_e_mail_could_leave_before_the_disk(monkeypatch):
    """Negative control: the commit itself does not wait for the disk, so the test above would see it
    (the WAL writer flushes on its own every 200 ms: some are on disk by chance, not all 20)."""
    workshop = WorkshopFactory(capacity=10)
    on_disk = published_after_the_disk(monkeypatch, wait=False)

    for user in delegates(20):
        services.request_registration(workshop=workshop, person=person_of(user), by=user)

    assert len(on_disk) == 20
    assert False in on_disk


def test_the_lock_reads_the_row_as_the_orm_does_and_only_in_a_transaction():
    workshop = WorkshopFactory(capacity=10)

    with transaction.atomic():
        locked = services.lock_workshop(workshop.pk)
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone() == ("on",)
    with transaction.atomic():
        assert seats.commit_before_the_disk() is True
        before_the_disk = services.lock_workshop(workshop.pk, before_the_disk=True)
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone() == ("off",)  # for this transaction only
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone() == ("on",)
    with pytest.raises(TransactionManagementError):
        services.lock_workshop(workshop.pk)

    fields = [field.attname for field in Workshop._meta.concrete_fields]
    assert [getattr(locked, name) for name in fields] == [
        getattr(Workshop.objects.get(pk=workshop.pk), n) for n in fields
    ]
    assert [getattr(before_the_disk, name) for name in fields] == [getattr(locked, name) for name in fields]
    assert not hasattr(before_the_disk, "synchronous_commit")


def test_a_workshop_closed_by_the_time_of_the_lock_keeps_nothing_written_with_it(delegate):
    """The registration, its history and its e-mail are written with the lock, before the row it reads
    says the workshop is closed: the refusal rolls them back."""
    workshop = WorkshopFactory(capacity=10)
    Workshop.objects.filter(pk=workshop.pk).update(status=Workshop.Status.HELD)  # the instance still says open

    with pytest.raises(ValidationError) as refused:
        services.request_registration(workshop=workshop, person=person_of(delegate), by=delegate)

    assert refused.value.messages == ["Registration for this workshop is not open."]
    assert (Registration.objects.count(), RegistrationChange.objects.count(), OutboxMail.objects.count()) == (0, 0, 0)
