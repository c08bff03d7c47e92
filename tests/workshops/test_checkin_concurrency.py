"""Two scans of one badge at two doors at once, on PostgreSQL: one check-in, one "already"."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from workshops import attendance
from workshops.attendance import Outcome
from workshops.models import Attendance, Registration

from .factories import WorkshopFactory, registration

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

DOORS = 8


def scan_at_every_door(workshop, token, by) -> tuple[list, list[Exception]]:
    """The same badge at ``DOORS`` doors, each its own thread and connection, released together."""
    barrier = threading.Barrier(DOORS)
    results, errors, lock = [], [], threading.Lock()

    def door():
        try:
            barrier.wait()
            try:
                result = attendance.check_in(workshop=workshop, by=by, token=token)
            except Exception as error:  # noqa: BLE001 - every error is collected and asserted on
                with lock:
                    errors.append(error)
            else:
                with lock:
                    results.append(result.outcome)
        finally:
            connection.close()

    threads = [threading.Thread(target=door) for _ in range(DOORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def badge(secretariat_user):
    today = timezone.localdate()
    workshop = WorkshopFactory(start_date=today, end_date=today + datetime.timedelta(days=1))
    row = registration(workshop, status=Registration.Status.CONFIRMED)
    attendance.issue_badge_tokens(workshop=workshop)
    row.refresh_from_db()
    return workshop, row


def test_simultaneous_scans_record_one_check_in(secretariat):
    workshop, row = badge(secretariat)

    results, errors = scan_at_every_door(workshop, row.badge_token, secretariat)

    assert errors == []
    assert sorted(results) == sorted([Outcome.CHECKED_IN] + [Outcome.ALREADY] * (DOORS - 1))
    assert Attendance.objects.filter(registration=row).count() == 1


def test_without_the_row_lock_simultaneous_scans_collide(secretariat, monkeypatch):
    """Negative control: without the lock every door finds no check-in yet and tries to write one;
    the constraint stops the duplicates, but the doors get errors instead of "already checked in".
    Every door writes only once all have looked for an earlier check-in (the barrier is at the write,
    not after the registration's read: a door that a loaded machine let read later would otherwise
    see the first one's check-in and answer "already")."""
    write = Attendance.objects.create

    def written_once_every_door_has_looked(**fields):
        barrier.wait()
        return write(**fields)

    barrier = threading.Barrier(DOORS, timeout=60)
    monkeypatch.setattr(attendance, "lock_registration", lambda registrations: registrations.first())  # no lock
    monkeypatch.setattr(Attendance.objects, "create", written_once_every_door_has_looked)
    workshop, row = badge(secretariat)

    results, errors = scan_at_every_door(workshop, row.badge_token, secretariat)

    assert results.count(Outcome.CHECKED_IN) == 1
    assert len(errors) == DOORS - 1
    assert Attendance.objects.filter(registration=row).count() == 1
