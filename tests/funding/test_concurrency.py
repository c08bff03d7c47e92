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


def _kept_and_summed(year) -> tuple[dict, dict]:
    from funding.models import Contribution, LineTotal
    from funding.queries import stage_sums

    kept = {
        (t.workshop_id, t.cost_line): (t.pledged, t.committed, t.paid, t.programme)
        for t in LineTotal.objects.filter(year=year)
    }
    summed = {
        key: (s.pledged, s.committed, s.paid, s.programme)
        for key, s in stage_sums(Contribution.objects.filter(year=year), "workshop_id", "cost_line").items()
    }
    return kept, summed


def _money_at_once(workshop) -> list[str]:
    """Eight new commitments and eight payments on eight others, on one workshop and its year's programme."""
    commitments = [factories.contribution(workshop=workshop, amount="1000") for _ in range(8)]
    return _at_once(
        *(lambda: factories.contribution(workshop=workshop, amount="250") for _ in range(8)),
        *(lambda c=c: factories.pay(c, "400") for c in commitments),
    )


def test_money_changed_at_once_keeps_the_totals_exact():
    year = factories.YearFactory()
    workshop = factories.WorkshopFactory(year=year)

    results = _money_at_once(workshop)

    kept, summed = _kept_and_summed(year)
    assert results == ["ok"] * 16
    assert kept == summed
    assert kept[workshop.pk, ""] == (Decimal("0.00"), Decimal("10000.00"), Decimal("3200.00"), Decimal("0.00"))


def test_without_the_year_lock_the_same_changes_lose_money(monkeypatch):
    """Negative control: the test above would see a total that misses a change if the totals were not
    summed under the year's lock (each change then sums the others' rows before they commit)."""
    import time

    from funding.services import contributions, totals
    from workshops.models import DialogueYear

    summing = totals.stage_sums

    def slow_sums(*args, **kwargs):
        sums = summing(*args, **kwargs)
        time.sleep(0.05)  # widen the window between summing and writing the total
        return sums

    year = factories.YearFactory()
    workshop = factories.WorkshopFactory(year=year)
    factories.contribution(workshop=workshop, amount="1000")  # the total's row exists before the race
    monkeypatch.setattr(contributions, "_lock_year", lambda year_id: DialogueYear.objects.get(pk=year_id))
    monkeypatch.setattr(totals, "stage_sums", slow_sums)

    results = _at_once(*(lambda: factories.contribution(workshop=workshop, amount="250") for _ in range(8)))

    kept, summed = _kept_and_summed(year)
    assert results == ["ok"] * 8
    assert summed[workshop.pk, ""][1] == Decimal("3000.00")
    assert kept[workshop.pk, ""][1] < Decimal("3000.00")
