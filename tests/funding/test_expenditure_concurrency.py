"""A source is never charged beyond what it holds, decided under its row lock: 48 charges of 200 USD
at once against 5,000 USD give exactly 25; without the lock the same run overspends. PostgreSQL only."""

import threading
import time
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from funding import services
from funding.models import Allocation, Contribution, CostLine, Expenditure
from funding.services import expenditures

from . import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 24  # two charges each: 48 in all; PostgreSQL's 100 connections are shared with others
CHARGES = 48


def charge_concurrently(workshop, source) -> dict[str, int]:
    staff = factories.staff()
    barrier = threading.Barrier(THREADS)
    outcome, errors, lock = {"ok": 0, "refused": 0}, [], threading.Lock()

    def work(numbers):
        try:
            barrier.wait()
            for number in numbers:
                try:
                    services.record_expenditure(
                        by=staff,
                        workshop=workshop,
                        cost_line=CostLine.PARTICIPATION,
                        spent_on=date(2010, 3, 10),
                        amount=Decimal("200"),
                        currency="USD",
                        usd_rate=None,
                        description="DSA",
                        source=source,
                        source_ref=f"test:dsa:{number}",
                    )
                except ValidationError:
                    with lock:
                        outcome["refused"] += 1
                except Exception as error:  # noqa: BLE001 - every other error is asserted on
                    with lock:
                        errors.append(error)
                else:
                    with lock:
                        outcome["ok"] += 1
        finally:
            connection.close()

    workers = [threading.Thread(target=work, args=(range(i, CHARGES, THREADS),)) for i in range(THREADS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=300)
    assert errors == []
    return outcome


def test_48_charges_of_200_against_5000_give_exactly_25(workshop):
    money = factories.contribution(workshop=workshop, amount="5000")

    outcome = charge_concurrently(workshop, money)

    assert outcome == {"ok": 25, "refused": 23}
    assert Expenditure.objects.count() == 25
    assert services.charged(money) == Decimal("5000.00")


def test_48_charges_against_an_allocation_of_5000_give_exactly_25(workshop):
    factories.contribution(year=workshop.year, amount="8000")
    allocation = services.allocate(
        workshop=workshop, by=factories.staff(), amount_usd=Decimal("5000"), allocated_on=date(2010, 2, 1)
    )

    outcome = charge_concurrently(workshop, allocation)

    assert outcome == {"ok": 25, "refused": 23}
    assert services.charged(allocation) == Decimal("5000.00")


def test_without_the_row_lock_the_same_run_overspends(workshop, monkeypatch):
    """Negative control: the tests above would see an overspend if the lock did not work."""

    def unlocked(contribution_ids, allocation_ids):
        rows = list(Contribution.objects.filter(pk__in=contribution_ids)) + list(
            Allocation.objects.filter(pk__in=allocation_ids)
        )  # no SELECT ... FOR UPDATE
        time.sleep(0.05)  # widen the window between reading the balance and writing the charge
        return rows

    monkeypatch.setattr(expenditures, "_lock_source_rows", unlocked)
    money = factories.contribution(workshop=workshop, amount="5000")

    outcome = charge_concurrently(workshop, money)

    print("without the lock:", outcome, services.charged(money), "USD charged against 5,000")  # noqa: T201
    assert outcome["ok"] > 25
    assert services.charged(money) > Decimal("5000.00")
