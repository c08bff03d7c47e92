"""Budget against actual: per workshop and cost line and per year, and the unspent balance of each
contribution. Spending is summed by the database, for the workshops and contributions shown only.

For one cost line (or a workshop, or a year):

* budget — the budget line (USD);
* covered — the money counted for it (``funding.coverage``: committed or paid, earmarked or allocated);
* spent — the expenditures charged to it that are not reversed (USD at their own rate);
* committed, not spent — covered minus spent, never below zero;
* balance — budget minus spent (negative when the line is overspent).

The unspent balance of a contribution is what it holds minus what was spent from it: directly
for money earmarked for a workshop; for programme money, its share (its USD ÷ the year's programme
money) of everything spent from the year's allocations — what a donor may ask to be returned or
reprogrammed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum

from ..models import Contribution, CostLine, Expenditure
from .figures import WorkshopFigures

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


@dataclass
class Actual:
    budget: Decimal = ZERO
    covered: Decimal = ZERO
    spent: Decimal = ZERO

    @property
    def committed_not_spent(self) -> Decimal:
        return max(self.covered - self.spent, ZERO)

    @property
    def balance(self) -> Decimal:
        return self.budget - self.spent

    def add(self, other: Actual) -> None:
        self.budget += other.budget
        self.covered += other.covered
        self.spent += other.spent


@dataclass
class LineActual(Actual):
    cost_line: str = ""

    @property
    def label(self) -> str:
        return str(CostLine(self.cost_line).label)


@dataclass
class WorkshopActual:
    figures: WorkshopFigures
    lines: list[LineActual] = field(default_factory=list)
    total: Actual = field(default_factory=Actual)

    @property
    def workshop(self):
        return self.figures.workshop


@dataclass
class YearActual:
    workshops: list[WorkshopActual]
    lines: list[LineActual]
    total: Actual


def spent_by_line(workshop_ids: list[int]) -> dict[int, dict[str, Decimal]]:
    """USD spent per workshop and cost line (not reversed), in one grouped query."""
    spent: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for workshop_id, cost_line, total in (
        Expenditure.objects.filter(workshop_id__in=workshop_ids, reversed_on__isnull=True)
        .values("workshop_id", "cost_line")
        .annotate(total=Sum("usd_amount"))
        .values_list("workshop_id", "cost_line", "total")
    ):
        spent[workshop_id][cost_line] = total
    return spent


def budget_against_actual(figures: list[WorkshopFigures]) -> YearActual:
    """Budget, covered, spent, committed not spent and balance of these workshops (one query more)."""
    spent = spent_by_line([f.workshop.pk for f in figures])
    year_lines = {line: LineActual(cost_line=line) for line in CostLine.values}
    total = Actual()
    workshops = []
    for figure in figures:
        row = WorkshopActual(figures=figure)
        mine = spent.get(figure.workshop.pk, {})
        for line in CostLine.values:
            coverage = figure.result.lines.get(line)
            if coverage is None and line not in mine:
                continue
            actual = LineActual(
                cost_line=line,
                budget=coverage.budget if coverage else ZERO,
                covered=coverage.covered if coverage else ZERO,
                spent=mine.get(line, ZERO),
            )
            row.lines.append(actual)
            row.total.add(actual)
            year_lines[line].add(actual)
        total.add(row.total)
        workshops.append(row)
    lines = [line for line in year_lines.values() if line.budget or line.spent]
    return YearActual(workshops=workshops, lines=lines, total=total)


@dataclass
class ContributionBalance:
    contribution: Contribution
    spent: Decimal

    @property
    def holds(self) -> Decimal:
        return ZERO if self.contribution.stage == Contribution.Stage.PLEDGE else self.contribution.usd_amount

    @property
    def unspent(self) -> Decimal:
        return self.holds - self.spent


def unspent_balances(contributions: list[Contribution]) -> list[ContributionBalance]:
    """What each of these contributions still holds, unspent (two grouped queries, three with
    programme money: see the module's rule)."""
    ids = [c.pk for c in contributions]
    direct = dict(
        Expenditure.objects.filter(contribution_id__in=ids, reversed_on__isnull=True)
        .values("contribution_id")
        .annotate(total=Sum("usd_amount"))
        .values_list("contribution_id", "total")
    )
    programme_years = sorted({c.year_id for c in contributions if c.workshop_id is None and c.counts})
    pool: dict[int, Decimal] = {}
    via_allocations: dict[int, Decimal] = {}
    if programme_years:
        pool = dict(
            Contribution.objects.filter(year_id__in=programme_years, workshop__isnull=True)
            .exclude(stage=Contribution.Stage.PLEDGE)
            .values("year_id")
            .annotate(total=Sum("usd_amount"))
            .values_list("year_id", "total")
        )
        via_allocations = dict(
            Expenditure.objects.filter(allocation__workshop__year_id__in=programme_years, reversed_on__isnull=True)
            .values("allocation__workshop__year_id")
            .annotate(total=Sum("usd_amount"))
            .values_list("allocation__workshop__year_id", "total")
        )
    balances = []
    for contribution in contributions:
        spent = direct.get(contribution.pk, ZERO)
        if contribution.workshop_id is None and contribution.counts and pool.get(contribution.year_id):
            share = contribution.usd_amount / pool[contribution.year_id]
            spent = (via_allocations.get(contribution.year_id, ZERO) * share).quantize(CENT, rounding=ROUND_HALF_UP)
        balances.append(ContributionBalance(contribution=contribution, spent=spent))
    return balances
