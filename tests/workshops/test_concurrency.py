"""Seats under concurrency, on PostgreSQL: many threads, each with its own database connection."""

import re
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from workshops import services
from workshops.models import Registration, Workshop

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


def test_200_concurrent_registrations_for_50_seats():
    workshop = WorkshopFactory(capacity=50)
    users = delegates(200)

    results, errors = register_concurrently(workshop, users)

    assert errors == []
    assert len(results) == 200
    assert counts(workshop) == {Registration.Status.CONFIRMED: 50, Registration.Status.WAITLISTED: 150}


def test_without_the_row_lock_the_same_run_oversells(monkeypatch):
    """Negative control: the test above would see an oversell if the lock did not work."""

    def unlocked(workshop_id: int) -> Workshop:
        workshop = Workshop.objects.get(pk=workshop_id)  # no SELECT ... FOR UPDATE
        time.sleep(0.02)  # widen the window between reading the seats and writing the registration
        return workshop

    monkeypatch.setattr(services.seats, "lock_workshop", unlocked)
    workshop = WorkshopFactory(capacity=50)
    users = delegates(200)

    results, errors = register_concurrently(workshop, users)

    confirmed = counts(workshop).get(Registration.Status.CONFIRMED, 0)
    assert errors == []
    assert confirmed > 50


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
    """A statement's kind and table: 'INSERT workshops_registration', 'SELECT COUNT …', 'COMMIT'."""
    words = sql.split()
    if words[0] == "INSERT":
        return "INSERT " + words[2].strip('"')
    if words[0] == "SELECT":
        kind = "SELECT COUNT" if "COUNT(" in sql else "SELECT"
        return "%s %s%s" % (
            kind,
            re.search(r'FROM "(\w+)"', sql).group(1),
            " FOR UPDATE" if "FOR UPDATE" in sql else "",
        )
    return words[0]


def test_the_workshop_lock_is_held_for_the_seat_decision_only(delegate):
    """Every other registration for the workshop waits while it is held: checks and the e-mail (in
    the outbox, in the same transaction) come before it, and under it only the count, the
    registration, its history and the commit."""
    workshop = WorkshopFactory(capacity=10)

    with CaptureQueriesContext(connection) as captured:
        services.request_registration(workshop=workshop, person=person_of(delegate), by=delegate)

    statements = [statement(query["sql"]) for query in captured.captured_queries]
    locked = statements.index("SELECT workshops_workshop FOR UPDATE")
    committed = statements.index("COMMIT", locked)  # then the e-mail is sent (eager tasks in the tests)
    assert statements[locked : committed + 1] == [
        "SELECT workshops_workshop FOR UPDATE",
        "SELECT COUNT workshops_registration",
        "INSERT workshops_registration",
        "INSERT workshops_registrationchange",
        "COMMIT",
    ]


def test_the_lock_reads_the_row_as_the_orm_does_and_only_in_a_transaction():
    workshop = WorkshopFactory(capacity=10)

    with transaction.atomic():
        locked = services.lock_workshop(workshop.pk)
    with pytest.raises(TransactionManagementError):
        services.lock_workshop(workshop.pk)

    fields = [field.attname for field in Workshop._meta.concrete_fields]
    assert [getattr(locked, name) for name in fields] == [
        getattr(Workshop.objects.get(pk=workshop.pk), n) for n in fields
    ]
