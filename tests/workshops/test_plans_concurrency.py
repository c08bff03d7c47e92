"""A plan applied at the same time as another, on PostgreSQL: the plan is checked again under the
workshop's row lock, so two officers confirming the last seat from their own plans never over-fill it;
the one whose plan went stale is refused and nothing of theirs is applied."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from workshops import services
from workshops.models import Registration, Workshop

from .factories import WorkshopFactory, registration

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

S = Registration.Status


def apply_concurrently(workshop, plans, by) -> list[Exception]:
    barrier = threading.Barrier(len(plans))
    errors, lock = [], threading.Lock()

    def work(chosen, fingerprint):
        try:
            barrier.wait()
            services.bulk_decide(
                workshop=workshop, registrations=chosen, action="confirm", by=by, expected_plan=fingerprint
            )
        except Exception as error:  # noqa: BLE001 - every error is collected and asserted on
            with lock:
                errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=work, args=plan) for plan in plans]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return errors


def two_plans_for_the_last_seat(secretariat):
    workshop = WorkshopFactory(capacity=1, requires_approval=True)
    first, second = (registration(workshop, status=S.PENDING) for _ in range(2))
    plans = []
    for chosen in ([first], [second]):
        plan = services.plan_bulk_decision(workshop=workshop, registrations=chosen, action="confirm", by=secretariat)
        assert [(m.before, m.after) for m in plan.moves] == [(S.PENDING, S.CONFIRMED)]  # each sees the seat free
        plans.append((chosen, plan.fingerprint))
    return workshop, plans


def confirmed(workshop) -> int:
    return Registration.objects.filter(workshop=workshop, status=S.CONFIRMED).count()


def test_two_plans_for_the_last_seat_confirm_one_and_refuse_the_other(secretariat):
    workshop, plans = two_plans_for_the_last_seat(secretariat)

    errors = apply_concurrently(workshop, plans, secretariat)

    assert confirmed(workshop) == 1
    assert [(type(error), error.code) for error in errors] == [(ValidationError, services.STALE)]
    assert Registration.objects.filter(workshop=workshop, status=S.PENDING).count() == 1


def test_without_the_row_lock_the_same_plans_over_fill(secretariat, monkeypatch):
    """Negative control: without the row lock, two officers' runs interleave (held together at two
    gates: both read the free seat, both read the result, before either commits); each result then
    matches its plan, both commit, and the one seat holds two."""
    from workshops.services import plans as plans_module

    workshop, plans = two_plans_for_the_last_seat(secretariat)
    read_seats, read_result = threading.Barrier(2, timeout=60), threading.Barrier(2, timeout=60)
    calls = threading.local()
    seats_taken, statuses = services.seats.seats_taken, plans_module._statuses

    def unlocked(workshop_id: int) -> Workshop:
        return Workshop.objects.get(pk=workshop_id)  # no SELECT ... FOR UPDATE

    def taken(workshop) -> int:
        count = seats_taken(workshop)
        read_seats.wait()
        return count

    def result(workshop) -> dict:
        calls.n = getattr(calls, "n", 0) + 1
        if calls.n == 2:  # the result of the run, not the state before it
            read_result.wait()
        return statuses(workshop)

    monkeypatch.setattr(services.seats, "lock_workshop", unlocked)
    monkeypatch.setattr(services.seats, "seats_taken", taken)
    monkeypatch.setattr(plans_module, "_statuses", result)

    errors = apply_concurrently(workshop, plans, secretariat)

    assert errors == []
    assert confirmed(workshop) == 2
