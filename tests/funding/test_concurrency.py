"""Decided under a row lock: at the same moment, two allocations (or two payments) cannot both take
the last of the money. PostgreSQL only (SQLite takes one writer at a time anyway)."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from funding import services
from funding.models import Allocation, Payment

from . import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _at_once(*calls) -> list[str]:
    """Run the calls in threads released together; each answers "ok" or its error."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            call()
            results[index] = "ok"
        except ValidationError as error:
            results[index] = "refused: " + " ".join(error.messages)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_allocations_at_once_never_exceed_the_programme_money():
    year = factories.YearFactory()
    workshops = [factories.WorkshopFactory(year=year) for _ in range(4)]
    factories.contribution(year=year, amount="95000")
    staff = factories.staff()

    results = _at_once(
        *(
            lambda w=workshops[i % 4]: services.allocate(
                workshop=w, by=staff, amount_usd=Decimal("10000"), allocated_on=date(2010, 3, 1)
            )
            for i in range(20)
        )
    )

    assert results.count("ok") == 9
    assert sum(Allocation.objects.values_list("amount_usd", flat=True)) == Decimal("90000.00")
    assert services.unallocated(year.pk) == Decimal("5000.00")


def test_payments_at_once_never_exceed_the_commitment():
    year = factories.YearFactory()
    commitment = factories.contribution(year=year, amount="1000")

    results = _at_once(*(lambda: factories.pay(commitment, "150") for _ in range(12)))

    commitment.refresh_from_db()
    assert results.count("ok") == 6
    assert sum(Payment.objects.values_list("amount", flat=True)) == Decimal("900")
    assert commitment.stage == "commitment"
