"""The year's money per earmark (``LineTotal``), kept in step with the contributions and payments it sums.

Every service that changes a contribution or a payment takes the IDM year's row lock first, then
calls ``recount`` with the earmarks it touched, in its own transaction: the totals change with the
records or not at all, and two changes to one year's money are summed one after the other (the second
waits for the first's commit on the year's lock, then sums what it committed), so no change is lost.
Each earmark is summed again from its records by the rule the pages used (``queries.stage_sums``),
not adjusted by a difference: a total is by construction what its records sum to.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..models import Contribution, LineTotal, Payment
from ..queries.sums import stage_sums

Earmark = tuple[int, int | None, str]  # year, workshop (None: the year's programme), cost line


def earmark_of(contribution: Contribution) -> Earmark:
    return (contribution.year_id, contribution.workshop_id, contribution.cost_line)


def recount(earmarks: Iterable[Earmark]) -> None:
    """Sum each earmark's contributions again into its total (none left: no total). Call it inside the
    change's transaction, under the year's lock."""
    for year_id, workshop_id, cost_line in sorted(set(earmarks), key=lambda e: (e[0], e[1] or 0, e[2])):
        contributions = Contribution.objects.filter(year_id=year_id, workshop_id=workshop_id, cost_line=cost_line)
        sums = stage_sums(contributions, "year_id").get(year_id)
        totals = LineTotal.objects.filter(year_id=year_id, workshop_id=workshop_id, cost_line=cost_line)
        if sums is None:
            totals.delete()
            continue
        values = {
            "pledged": sums.pledged,
            "committed": sums.committed,
            "paid": sums.paid,
            "programme": sums.programme,
        }
        if not totals.update(**values):
            LineTotal.objects.create(year_id=year_id, workshop_id=workshop_id, cost_line=cost_line, **values)


def recount_all(*, contributions=Contribution, payments=Payment, totals=LineTotal) -> int:
    """Every total summed again from every contribution: for records written past the services (a data
    migration passes its own models; the benchmark's and the tests' bulk writes call it after). Takes
    no lock: run it where nothing else changes the money, then give the figures kept from the totals a
    new version (``funding.cache.invalidate``) if any were kept. Returns the number of totals."""
    sums = stage_sums(contributions.objects.all(), "year_id", "workshop_id", "cost_line", payments=payments)
    totals.objects.all().delete()
    totals.objects.bulk_create(
        [
            totals(
                year_id=year_id,
                workshop_id=workshop_id,
                cost_line=cost_line,
                pledged=row.pledged,
                committed=row.committed,
                paid=row.paid,
                programme=row.programme,
            )
            for (year_id, workshop_id, cost_line), row in sums.items()
        ],
        batch_size=1000,
    )
    return len(sums)
