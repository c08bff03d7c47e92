"""The secretariat's screens: the years, a year's dashboard, a workshop's funding page."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from directory.translation import translated
from workshops.models import DialogueYear, Workshop

from ..models import Allocation, AuditEntry, Contribution, Expenditure
from ..services import unallocated
from .actuals import WorkshopActual, YearActual, budget_against_actual
from .audit import audit_entries
from .charts import Chart, bar_chart
from .figures import ZERO, Stage, WorkshopFigures, _figures, _percent, paid_usd, with_paid
from .sums import StageSums, year_line_sums
from .sums import line_sums as kept_line_sums

# --- Secretariat: the years ---------------------------------------------------------------------


@dataclass
class YearTotals:
    year: DialogueYear
    budget: Decimal = ZERO
    pledged: Decimal = ZERO
    committed: Decimal = ZERO
    paid: Decimal = ZERO
    covered: Decimal = ZERO
    unearmarked: Decimal = ZERO
    allocated: Decimal = ZERO

    @property
    def gap(self) -> Decimal:
        return self.budget - self.covered

    @property
    def available(self) -> Decimal:
        return self.unearmarked - self.allocated

    @property
    def percent(self) -> str:
        return _percent(self.covered, self.budget)


def years_overview() -> list[YearTotals]:
    """Every IDM year with its totals, in six queries; the contributions' sums read from the kept totals."""
    years = list(DialogueYear.objects.all())
    totals = {year.pk: YearTotals(year=year) for year in years}
    workshops = list(Workshop.objects.filter(year__in=years))
    sums = kept_line_sums([year.pk for year in years])
    line_sums: dict[tuple[int | None, str], StageSums] = defaultdict(StageSums)
    for (year_id, workshop_id, cost_line), row in sums.items():
        _add_sums(totals[year_id], row)
        line_sums[workshop_id, cost_line].add(row)
    figures = _figures(workshops, line_sums=line_sums)
    for allocation in Allocation.objects.filter(workshop__year__in=years).select_related("workshop"):
        totals[allocation.workshop.year_id].allocated += allocation.amount_usd
    for figure in figures.values():
        totals[figure.workshop.year_id].budget += figure.budget
        totals[figure.workshop.year_id].covered += figure.covered
    return list(totals.values())


def _add_sums(total: YearTotals, sums: StageSums) -> None:
    total.pledged += sums.pledged
    total.committed += sums.committed
    total.paid += sums.paid
    total.unearmarked += sums.programme


def _add_contributions(totals: dict[int, YearTotals], contributions: list[Contribution]) -> None:
    for contribution in contributions:
        total = totals[contribution.year_id]
        if contribution.stage == Stage.PLEDGE:
            total.pledged += contribution.usd_amount
            continue
        total.committed += contribution.usd_amount
        total.paid += paid_usd(contribution)
        if contribution.workshop_id is None:
            total.unearmarked += contribution.usd_amount


@dataclass
class YearDashboard:
    """A year's totals and each workshop's figures; what is drawn or listed from them is worked out
    when a page reads it (the dashboard draws the chart, the budget-against-actual page reads the
    actuals, the contributions page lists the contributions, a funding report reads them all)."""

    year: DialogueYear
    totals: YearTotals
    workshops: list[WorkshopFigures]

    @cached_property
    def chart(self) -> Chart:
        return bar_chart(
            str(_("Coverage of each workshop's budget")),
            [
                (
                    translated(f.workshop, "title"),
                    [
                        ("paid", f.paid),
                        ("committed", f.committed - f.paid),
                        ("allocated", f.allocated),
                        ("pledged", f.pledged),
                    ],
                    f.budget,
                    _percent(f.covered, f.budget),
                )
                for f in self.workshops
            ],
        )

    @cached_property
    def actuals(self) -> YearActual:
        """Per workshop (by date) and per cost line: one query more, the spending summed."""
        return budget_against_actual(sorted(self.workshops, key=lambda f: (f.workshop.start_date, f.workshop.title)))

    @property
    def contributions(self) -> QuerySet[Contribution]:
        return year_contributions(self.year)


def year_dashboard(year: DialogueYear) -> YearDashboard:
    """The secretariat's dashboard of one year: per workshop and for the programme, in six queries;
    the contributions' sums by workshop and cost line read from the kept totals (``LineTotal``)."""
    workshops = list(Workshop.objects.filter(year=year))
    line_sums = year_line_sums(year.pk)
    figures = list(_figures(workshops, line_sums=line_sums).values())
    totals = YearTotals(year=year)
    for row in line_sums.values():
        _add_sums(totals, row)
    totals.allocated = sum((f.allocated for f in figures), ZERO)
    totals.budget = sum((f.budget for f in figures), ZERO)
    totals.covered = sum((f.covered for f in figures), ZERO)
    return YearDashboard(year=year, totals=totals, workshops=figures)


def year_contributions(year: DialogueYear) -> QuerySet[Contribution]:
    """The year's contributions by donor, for a page to paginate: each row's payments summed by a
    subquery of its own, so a page of 50 sums those of its 50 only."""
    return with_paid(Contribution.objects.filter(year=year).select_related("donor", "workshop")).order_by(
        "donor__name", "pk"
    )


@dataclass
class WorkshopPage:
    figures: WorkshopFigures
    chart: Chart
    unallocated: Decimal
    audit: list[AuditEntry]
    actuals: WorkshopActual
    expenditures: list[Expenditure]


def workshop_funding(workshop: Workshop) -> WorkshopPage:
    """One workshop: budget lines and their coverage, the money, the allocations, its history."""
    figures = _figures([workshop])[workshop.pk]
    for contribution in figures.contributions:
        contribution.workshop = workshop
    chart = bar_chart(
        str(_("Coverage of each cost line")),
        [
            (
                line.get_cost_line_display(),
                [("specific", line_coverage.specific), ("general", line_coverage.general)],
                line_coverage.budget,
                _percent(line_coverage.covered, line_coverage.budget),
            )
            for line, line_coverage in figures.line_rows
        ],
    )
    return WorkshopPage(
        figures=figures,
        chart=chart,
        unallocated=unallocated(workshop.year_id),
        audit=list(audit_entries(workshop=workshop)[:10]),
        actuals=budget_against_actual([figures]).workshops[0],
        expenditures=list(
            Expenditure.objects.filter(workshop=workshop)
            .select_related("contribution__donor", "allocation")
            .order_by("-spent_on", "-pk")[:10]
        ),
    )


def workshops_for_funding(year: DialogueYear | None = None) -> QuerySet[Workshop]:
    workshops = Workshop.objects.select_related("year")
    return workshops.filter(year=year) if year is not None else workshops
