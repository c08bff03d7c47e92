"""Money summed by the database, per year or per workshop: a page's totals cost one grouped query
whatever the number of contributions, and equal what ``figures.paid_usd`` sums in Python."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Round
from django.db.models.lookups import GreaterThanOrEqual

from directory.prepared import Prepared

from ..models import Contribution, LineTotal, Payment

ZERO = Decimal("0.00")
Stage = Contribution.Stage
USD = DecimalField(max_digits=16, decimal_places=2)
COUNTED = ~Q(stage=Stage.PLEDGE)


def paid_usd_sql(payments=Payment) -> Coalesce:
    """``figures.paid_usd`` in SQL, for one contribution row: its USD amount once the payments reach
    the amount, else round(paid × rate, 2) — PostgreSQL's round of a numeric is half away from zero,
    as ROUND_HALF_UP (one subquery a row, the payments summed once). The subquery sums the payments
    only; the comparison with the row's own columns stays in the outer query, where SQLite can read
    them (it cannot inside a subquery's GROUP BY that an aggregate of a grouped query holds). ``payments``:
    the payment model (a migration passes its own)."""
    paid = Subquery(
        payments.objects.filter(contribution=OuterRef("pk"))
        .order_by()
        .values("contribution")
        .annotate(paid=Sum("amount"))
        .values("paid"),
        output_field=USD,
    )
    usd = Case(
        When(GreaterThanOrEqual(paid, F("amount")), then=F("usd_amount")),
        default=Round(paid * F("usd_rate"), 2),
        output_field=USD,
    )
    return Coalesce(usd, Value(ZERO), output_field=USD)


@dataclass
class StageSums:
    pledged: Decimal = ZERO
    committed: Decimal = ZERO
    paid: Decimal = ZERO
    programme: Decimal = ZERO  # committed, not earmarked for a workshop

    def add(self, other: StageSums) -> None:
        self.pledged += other.pledged
        self.committed += other.committed
        self.paid += other.paid
        self.programme += other.programme


SUMS = ("s_pledged", "s_committed", "s_paid", "s_programme")


def _summed(contributions: QuerySet[Contribution], keys: tuple[str, ...], payments=Payment) -> QuerySet:
    return (
        contributions.order_by()
        .values(*keys)
        .annotate(
            s_pledged=Sum("usd_amount", filter=Q(stage=Stage.PLEDGE)),
            s_committed=Sum("usd_amount", filter=COUNTED),
            s_paid=Sum(paid_usd_sql(payments), filter=COUNTED),
            s_programme=Sum("usd_amount", filter=COUNTED & Q(workshop__isnull=True)),
        )
    )


def stage_sums(contributions: QuerySet[Contribution], *keys: str, payments=Payment) -> dict:
    """Pledged, committed, paid and programme USD of these contributions grouped by ``keys`` (one
    key: dict by its value; several: by the tuple of their values), summed from the records (the
    kept ``LineTotal`` rows are these sums by year, workshop and cost line)."""
    rows = _summed(contributions, keys, payments).values_list(*keys, *SUMS)
    width = len(keys)
    return {
        (row[0] if width == 1 else row[:width]): StageSums(*(value or ZERO for value in row[width:])) for row in rows
    }


TOTALS = ("pledged", "committed", "paid", "programme")  # LineTotal's, in StageSums' order
_YEAR_LINE_SUMS = Prepared(
    lambda *, year: LineTotal.objects.filter(year_id=year).values("workshop_id", "cost_line", *TOTALS), ids=("year",)
)


def year_line_sums(year_id: int) -> dict[tuple[int | None, str], StageSums]:
    """``stage_sums`` of a year's contributions by workshop and cost line, read from the totals the
    services keep (``LineTotal``, a row an earmark, whatever the number of contributions), its SQL
    compiled once per process (the year's dashboard reads it on every request)."""
    return {
        (row["workshop_id"], row["cost_line"]): StageSums(*(row[name] for name in TOTALS))
        for row in _YEAR_LINE_SUMS(year=year_id)
    }


def line_sums(year_ids: list[int]) -> dict[tuple[int, int | None, str], StageSums]:
    """The kept totals of these years by year, workshop and cost line (``year_line_sums`` of several)."""
    rows = LineTotal.objects.filter(year_id__in=year_ids).values_list("year_id", "workshop_id", "cost_line", *TOTALS)
    return {row[:3]: StageSums(*row[3:]) for row in rows}
