"""Figures per contribution and per workshop, from a handful of queries by ``funding.coverage``."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum

from workshops.models import HOLDS_FUNDED_SEAT, Registration, Workshop

from .. import coverage
from ..currencies import to_usd
from ..models import Allocation, BudgetLine, Contribution, CostLine, EarlyConfirmation, Payment
from .sums import StageSums

ZERO = Decimal("0.00")
Stage = Contribution.Stage


def with_paid(contributions: QuerySet[Contribution]) -> QuerySet[Contribution]:
    """Each contribution's ``paid_amount`` (None when nothing was paid), by a subquery a row rather than
    a join grouped over every contribution: a page of 50 sums the payments of those 50 only."""
    paid = (
        Payment.objects.filter(contribution=OuterRef("pk")).order_by().values("contribution").annotate(t=Sum("amount"))
    )
    return contributions.annotate(
        paid_amount=Subquery(paid.values("t"), output_field=Contribution._meta.get_field("amount"))
    )


def paid_usd(contribution: Contribution) -> Decimal:
    """USD value of what was paid, as one sum at the commitment's rate (see funding.currencies)."""
    paid = getattr(contribution, "paid_amount", None) or ZERO
    if paid >= contribution.amount:
        return contribution.usd_amount
    return to_usd(paid, contribution.usd_rate)


# --- Figures per workshop -----------------------------------------------------------------------


@dataclass
class WorkshopFigures:
    workshop: Workshop
    lines: list[BudgetLine] = field(default_factory=list)
    contributions: list[Contribution] = field(default_factory=list)
    allocations: list[Allocation] = field(default_factory=list)
    early_confirmation: EarlyConfirmation | None = None
    funded_seats_taken: int = 0
    result: coverage.Coverage | None = None
    # Set when the database summed the contributions (``line_sums``) instead of loading them.
    sums: StageSums | None = None

    @property
    def budget(self) -> Decimal:
        return self.result.budget

    @property
    def pledged(self) -> Decimal:
        if self.sums is not None:
            return self.sums.pledged
        return sum((c.usd_amount for c in self.contributions if c.stage == Stage.PLEDGE), ZERO)

    @property
    def committed(self) -> Decimal:
        if self.sums is not None:
            return self.sums.committed
        return sum((c.usd_amount for c in self.contributions if c.counts), ZERO)

    @property
    def paid(self) -> Decimal:
        if self.sums is not None:
            return self.sums.paid
        return sum((paid_usd(c) for c in self.contributions if c.counts), ZERO)

    @property
    def allocated(self) -> Decimal:
        return sum((a.amount_usd for a in self.allocations), ZERO)

    @property
    def covered(self) -> Decimal:
        return self.result.covered

    @property
    def gap(self) -> Decimal:
        return self.result.gap

    @property
    def percent(self) -> int:
        return self.result.percent

    @property
    def line_rows(self) -> list[tuple[BudgetLine, coverage.LineCoverage]]:
        return [(line, self.result.lines[line.cost_line]) for line in self.lines]

    @property
    def participation_line(self) -> BudgetLine | None:
        return next((line for line in self.lines if line.cost_line == CostLine.PARTICIPATION), None)

    @property
    def seats_over_funded(self) -> bool:
        return self.funded_seats_taken > self.workshop.funded_seats


def _figures(
    workshops: list[Workshop],
    *,
    contributions: list[Contribution] | None = None,
    line_sums: dict[tuple[int | None, str], StageSums] | None = None,
) -> dict[int, WorkshopFigures]:
    """Figures for these workshops in five queries (four when the contributions or their sums are given).

    With ``line_sums`` (``sums.stage_sums`` of the contributions by workshop and cost line) nothing is
    loaded per contribution: each workshop's coverage counts one source per cost line, which gives the
    same lines, money and funded seats (the rule sums the money of a line), but
    ``result.participation_by_source`` is then by cost line, not by contribution."""
    ids = [w.pk for w in workshops]
    figures = {w.pk: WorkshopFigures(workshop=w) for w in workshops}
    for line in BudgetLine.objects.filter(workshop_id__in=ids):
        figures[line.workshop_id].lines.append(line)
    counted: dict[int, list[coverage.Source]] = {pk: [] for pk in ids}
    if line_sums is not None:
        for figure in figures.values():
            figure.sums = StageSums()
        for (workshop_id, cost_line), sums in line_sums.items():
            if workshop_id in figures:
                figures[workshop_id].sums.add(sums)
                if sums.committed:
                    counted[workshop_id].append(coverage.Source(("line", cost_line), sums.committed, cost_line))
    else:
        if contributions is None:
            contributions = list(with_paid(Contribution.objects.filter(workshop_id__in=ids).select_related("donor")))
        for contribution in contributions:
            if contribution.workshop_id in figures:
                figures[contribution.workshop_id].contributions.append(contribution)
                if contribution.counts:
                    counted[contribution.workshop_id].append(
                        coverage.Source(
                            ("contribution", contribution.pk), contribution.usd_amount, contribution.cost_line
                        )
                    )
    for allocation in Allocation.objects.filter(workshop_id__in=ids):
        figures[allocation.workshop_id].allocations.append(allocation)
    for confirmation in EarlyConfirmation.objects.filter(workshop_id__in=ids).select_related("confirmed_by"):
        figures[confirmation.workshop_id].early_confirmation = confirmation
    taken = (
        Registration.objects.filter(HOLDS_FUNDED_SEAT, workshop_id__in=ids)
        .values("workshop_id")
        .annotate(n=Count("pk"))
        .values_list("workshop_id", "n")
    )
    for workshop_id, n in taken:
        figures[workshop_id].funded_seats_taken = n
    for figure in figures.values():
        figure.lines.sort(key=lambda line: CostLine.values.index(line.cost_line))
        figure.result = coverage.compute(
            [coverage.Line(line.cost_line, line.amount, line.seats, line.unit_cost) for line in figure.lines],
            counted[figure.workshop.pk]
            + [coverage.Source(("allocation", a.pk), a.amount_usd, a.cost_line) for a in figure.allocations],
        )
    return figures


def _percent(part: Decimal, whole: Decimal) -> str:
    if whole <= 0:
        return "—"
    return "%d %%" % int((part * 100 / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP))
