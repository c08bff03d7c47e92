"""The read side of funding: one function per screen, a fixed number of queries whatever the rows.

Every figure a page shows is computed here from a handful of queries by ``funding.coverage`` —
the same rule the services use when they write a workshop's status and funded seats.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from directory import roles
from directory.models import MemberState
from directory.translation import translated
from workshops.models import DialogueYear, Registration, Workshop

from . import coverage
from .currencies import to_usd
from .models import Allocation, AuditEntry, BudgetLine, Contribution, CostLine, Donor, EarlyConfirmation, Payment
from .roles import donor_of
from .services import unallocated

ZERO = Decimal("0.00")
Stage = Contribution.Stage
ACTIVE_FUNDED = Q(funding=Registration.Funding.APPROVED) & ~Q(
    status__in=(Registration.Status.CANCELLED, Registration.Status.DECLINED)
)


# --- Who sees which contributions -------------------------------------------------------------


def contributions_visible_to(user) -> QuerySet[Contribution]:
    """The secretariat sees every contribution; a donor contact only their organisation's; others none.

    Every donor-facing page and export starts from this query, so another donor's record is a 404.
    """
    contributions = Contribution.objects.select_related("donor", "year", "workshop")
    if roles.is_secretariat(user):
        return contributions
    donor = donor_of(user)
    if donor is None:
        return contributions.none()
    return contributions.filter(donor=donor)


def with_paid(contributions: QuerySet[Contribution]) -> QuerySet[Contribution]:
    return contributions.annotate(paid_amount=Sum("payments__amount"))


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

    @property
    def budget(self) -> Decimal:
        return self.result.budget

    @property
    def pledged(self) -> Decimal:
        return sum((c.usd_amount for c in self.contributions if c.stage == Stage.PLEDGE), ZERO)

    @property
    def committed(self) -> Decimal:
        return sum((c.usd_amount for c in self.contributions if c.counts), ZERO)

    @property
    def paid(self) -> Decimal:
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
    workshops: list[Workshop], *, contributions: list[Contribution] | None = None
) -> dict[int, WorkshopFigures]:
    """Figures for these workshops in five queries (four when the contributions are given)."""
    ids = [w.pk for w in workshops]
    figures = {w.pk: WorkshopFigures(workshop=w) for w in workshops}
    for line in BudgetLine.objects.filter(workshop_id__in=ids):
        figures[line.workshop_id].lines.append(line)
    if contributions is None:
        contributions = list(with_paid(Contribution.objects.filter(workshop_id__in=ids).select_related("donor")))
    for contribution in contributions:
        if contribution.workshop_id in figures:
            figures[contribution.workshop_id].contributions.append(contribution)
    for allocation in Allocation.objects.filter(workshop_id__in=ids):
        figures[allocation.workshop_id].allocations.append(allocation)
    for confirmation in EarlyConfirmation.objects.filter(workshop_id__in=ids).select_related("confirmed_by"):
        figures[confirmation.workshop_id].early_confirmation = confirmation
    taken = (
        Registration.objects.filter(ACTIVE_FUNDED, workshop_id__in=ids)
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
            [
                coverage.Source(("contribution", c.pk), c.usd_amount, c.cost_line)
                for c in figure.contributions
                if c.counts
            ]
            + [coverage.Source(("allocation", a.pk), a.amount_usd, a.cost_line) for a in figure.allocations],
        )
    return figures


# --- Charts (server-rendered SVG: no script, no inline style) --------------------------------

CHART_WIDTH = 640
BAR_X = 0
BAR_WIDTH = 560
ROW_HEIGHT = 46

SEGMENTS = {
    "paid": ("#002270", _("Paid")),
    "committed": ("#4f78c9", _("Committed, not yet paid")),
    "allocated": ("#2a9d8f", _("Allocated from programme money")),
    "specific": ("#002270", _("Given for this cost line")),
    "general": ("#4f78c9", _("Share of the workshop's general money")),
    "pledged": ("#ffffff", _("Pledged (not counted)")),
}


@dataclass
class ChartBar:
    key: str
    x: float
    width: float
    value: Decimal
    colour: str
    label: str


@dataclass
class ChartRow:
    label: str
    y: int
    bars: list[ChartBar]
    budget_x: float
    note: str

    @property
    def text_y(self) -> int:
        return self.y + 13

    @property
    def bar_y(self) -> int:
        return self.y + 19

    @property
    def budget_top(self) -> int:
        return self.y + 15

    @property
    def note_x(self) -> float:
        return BAR_WIDTH + 8


@dataclass
class Chart:
    title: str
    rows: list[ChartRow]
    legend: list[tuple[str, str]]
    width: int = CHART_WIDTH

    @property
    def height(self) -> int:
        return len(self.rows) * ROW_HEIGHT + 4


def bar_chart(title: str, rows: list[tuple[str, list[tuple[str, Decimal]], Decimal, str]]) -> Chart:
    """Horizontal stacked bars, one per row, on one scale, with a mark at each row's budget."""
    scale = max([max(budget, sum((v for _k, v in segments), ZERO)) for _l, segments, budget, _n in rows] + [ZERO])
    used: list[str] = []
    chart_rows = []
    for index, (label, segments, budget, note) in enumerate(rows):
        x = Decimal(BAR_X)
        bars = []
        for key, value in segments:
            if value <= 0 or scale <= 0:
                continue
            width = value * BAR_WIDTH / scale
            colour, legend = SEGMENTS[key]
            bars.append(ChartBar(key, round(float(x), 1), round(float(width), 1), value, colour, str(legend)))
            x += width
            if key not in used:
                used.append(key)
        budget_x = float(budget * BAR_WIDTH / scale) if scale > 0 else 0.0
        chart_rows.append(ChartRow(label, index * ROW_HEIGHT, bars, round(budget_x, 1), note))
    return Chart(title=title, rows=chart_rows, legend=[(SEGMENTS[k][0], str(SEGMENTS[k][1])) for k in used])


def _percent(part: Decimal, whole: Decimal) -> str:
    if whole <= 0:
        return "—"
    return "%d %%" % int((part * 100 / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP))


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
    """Every IDM year with its totals, in six queries."""
    years = list(DialogueYear.objects.all())
    totals = {year.pk: YearTotals(year=year) for year in years}
    workshops = list(Workshop.objects.filter(year__in=years))
    contributions = list(with_paid(Contribution.objects.filter(year__in=years)))
    figures = _figures(workshops, contributions=contributions)
    _add_contributions(totals, contributions)
    for allocation in Allocation.objects.filter(workshop__year__in=years).select_related("workshop"):
        totals[allocation.workshop.year_id].allocated += allocation.amount_usd
    for figure in figures.values():
        totals[figure.workshop.year_id].budget += figure.budget
        totals[figure.workshop.year_id].covered += figure.covered
    return list(totals.values())


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
    totals: YearTotals
    workshops: list[WorkshopFigures]
    contributions: list[Contribution]
    chart: Chart


def year_dashboard(year: DialogueYear) -> YearDashboard:
    """The secretariat's dashboard of one year: per workshop and for the programme, in seven queries."""
    workshops = list(Workshop.objects.filter(year=year))
    contributions = list(
        with_paid(Contribution.objects.filter(year=year).select_related("donor", "workshop")).order_by(
            "donor__name", "pk"
        )
    )
    for contribution in contributions:
        contribution.year = year
    figures = list(_figures(workshops, contributions=contributions).values())
    totals = YearTotals(year=year)
    _add_contributions({year.pk: totals}, contributions)
    totals.allocated = sum((f.allocated for f in figures), ZERO)
    totals.budget = sum((f.budget for f in figures), ZERO)
    totals.covered = sum((f.covered for f in figures), ZERO)
    chart = bar_chart(
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
            for f in figures
        ],
    )
    return YearDashboard(totals=totals, workshops=figures, contributions=contributions, chart=chart)


@dataclass
class WorkshopPage:
    figures: WorkshopFigures
    chart: Chart
    unallocated: Decimal
    audit: list[AuditEntry]


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
    )


def workshops_for_funding(year: DialogueYear | None = None) -> QuerySet[Workshop]:
    workshops = Workshop.objects.select_related("year")
    return workshops.filter(year=year) if year is not None else workshops


# --- Donors -------------------------------------------------------------------------------------


def donors_for_list(*, search: str = "") -> QuerySet[Donor]:
    donors = Donor.objects.annotate(
        committed=Sum("contributions__usd_amount", filter=~Q(contributions__stage=Stage.PLEDGE)),
        pledged=Sum("contributions__usd_amount", filter=Q(contributions__stage=Stage.PLEDGE)),
        contacts_count=Count("contacts", distinct=True),
    )
    if search:
        donors = donors.filter(name__icontains=search)
    return donors.order_by("name")


@dataclass
class DonorPage:
    donor: Donor
    contributions: list[Contribution]
    contacts: list
    years: list[YearTotals]


def donor_page(donor: Donor) -> DonorPage:
    contributions = list(
        with_paid(Contribution.objects.filter(donor=donor).select_related("year", "workshop")).order_by(
            "-year__year", "pk"
        )
    )
    totals: dict[int, YearTotals] = {}
    for contribution in contributions:
        contribution.donor = donor
        totals.setdefault(contribution.year_id, YearTotals(year=contribution.year))
    _add_contributions(totals, contributions)
    return DonorPage(
        donor=donor,
        contributions=contributions,
        contacts=list(donor.contacts.select_related("user").order_by("user__email")),
        years=list(totals.values()),
    )


def contribution_page(contribution: Contribution) -> dict:
    payments = list(contribution.payments.all())
    paid = sum((p.amount for p in payments), Decimal(0))
    contribution.paid_amount = paid
    return {
        "contribution": contribution,
        "payments": payments,
        "paid": paid,
        "paid_usd": paid_usd(contribution),
        "outstanding": contribution.amount - paid if contribution.counts else None,
    }


# --- Audit history --------------------------------------------------------------------------------

_KIND_MODELS = {
    AuditEntry.Kind.DONOR: Donor,
    AuditEntry.Kind.CONTRIBUTION: Contribution,
    AuditEntry.Kind.PAYMENT: Payment,
    AuditEntry.Kind.BUDGET_LINE: BudgetLine,
    AuditEntry.Kind.ALLOCATION: Allocation,
    AuditEntry.Kind.EARLY_CONFIRMATION: EarlyConfirmation,
}


def field_label(kind: str, name: str) -> str:
    model = _KIND_MODELS.get(kind)
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # a field removed since, or the donor's "contact"
        return name.replace("_", " ")


def audit_entries(
    *, year: DialogueYear | None = None, donor: Donor | None = None, workshop: Workshop | None = None, kind: str = ""
) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.select_related("by")
    if year is not None:
        entries = entries.filter(year=year)
    if donor is not None:
        entries = entries.filter(donor=donor)
    if workshop is not None:
        entries = entries.filter(workshop=workshop)
    if kind:
        entries = entries.filter(kind=kind)
    return entries


# --- Donor portal -------------------------------------------------------------------------------


@dataclass
class RegionRow:
    region: str
    participants: int
    attributed: Decimal


@dataclass
class FundedWorkshop:
    workshop: Workshop
    earmarked: Decimal = ZERO
    via_programme: Decimal = ZERO
    participation_share: Decimal = ZERO  # of the money that reached the funded-participation line
    regions: list[RegionRow] = field(default_factory=list)
    figures: WorkshopFigures | None = None

    @property
    def money(self) -> Decimal:
        return self.earmarked + self.via_programme

    @property
    def share_percent(self) -> str:
        return _percent(self.participation_share * 100, Decimal(100))

    @property
    def participants(self) -> int:
        return sum(row.participants for row in self.regions)

    @property
    def attributed(self) -> Decimal:
        return sum((row.attributed for row in self.regions), Decimal("0.0"))


@dataclass
class DonorYear:
    year: DialogueYear
    pledged: Decimal = ZERO
    committed: Decimal = ZERO
    paid: Decimal = ZERO
    programme: Decimal = ZERO  # committed for the programme as a whole
    programme_share: Decimal = ZERO  # of the year's programme money
    programme_unallocated: Decimal = ZERO  # the donor's share of what is not yet allocated


@dataclass
class DonorPortal:
    donor: Donor
    contributions: list[Contribution]
    years: list[DonorYear]
    workshops: list[FundedWorkshop]
    regions: list[RegionRow]


def donor_portal(user) -> DonorPortal:
    """What a donor contact sees: their contributions and payments, the workshops the money went to,
    and what it paid for — funded participants by region, each workshop's participants counted in
    proportion to the donor's share of its funded-participation money; programme money counts
    through the allocations, pro rata to the donor's share of the year's programme money."""
    donor = donor_of(user)
    contributions = list(
        with_paid(contributions_visible_to(user))
        .prefetch_related(Prefetch("payments", queryset=Payment.objects.order_by("received_on", "pk")))
        .order_by("-year__year", "pk")
    )
    years: dict[int, DonorYear] = {}
    for contribution in contributions:
        year = years.setdefault(contribution.year_id, DonorYear(year=contribution.year))
        if contribution.stage == Stage.PLEDGE:
            year.pledged += contribution.usd_amount
            continue
        year.committed += contribution.usd_amount
        year.paid += paid_usd(contribution)
        if contribution.workshop_id is None:
            year.programme += contribution.usd_amount

    programme_years = [year_id for year_id, year in years.items() if year.programme > 0]
    pool = dict(
        Contribution.objects.filter(year_id__in=programme_years, workshop__isnull=True)
        .exclude(stage=Stage.PLEDGE)
        .values("year_id")
        .annotate(total=Sum("usd_amount"))
        .values_list("year_id", "total")
    )
    for year_id in programme_years:
        years[year_id].programme_share = years[year_id].programme / pool[year_id]
    allocations = list(
        Allocation.objects.filter(workshop__year_id__in=programme_years).select_related("workshop", "workshop__year")
    )
    allocated_in: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for allocation in allocations:
        allocated_in[allocation.workshop.year_id] += allocation.amount_usd
    for year_id in programme_years:
        year = years[year_id]
        year.programme_unallocated = ((pool[year_id] - allocated_in[year_id]) * year.programme_share).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )

    funded: dict[int, FundedWorkshop] = {}
    for contribution in contributions:
        if contribution.workshop_id is not None and contribution.counts:
            funded.setdefault(contribution.workshop_id, FundedWorkshop(contribution.workshop))
            funded[contribution.workshop_id].earmarked += contribution.usd_amount
    share_of_allocation: dict[int, Decimal] = {}
    for allocation in allocations:
        share = years[allocation.workshop.year_id].programme_share
        share_of_allocation[allocation.pk] = share
        funded.setdefault(allocation.workshop_id, FundedWorkshop(allocation.workshop))
        funded[allocation.workshop_id].via_programme += (allocation.amount_usd * share).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )

    figures = _figures([f.workshop for f in funded.values()])
    own = {c.pk for c in contributions}
    counted = defaultdict(lambda: defaultdict(int))
    for workshop_id, region, n in (
        Registration.objects.filter(ACTIVE_FUNDED, workshop_id__in=list(funded))
        .values("workshop_id", "member_state__region")
        .annotate(n=Count("pk"))
        .values_list("workshop_id", "member_state__region", "n")
    ):
        counted[workshop_id][region] += n
    region_labels = dict(MemberState.Region.choices)
    totals: dict[str, RegionRow] = {}
    for workshop_id, item in funded.items():
        item.figures = figures[workshop_id]
        result = item.figures.result
        total = result.participation_money
        if total > 0:
            mine = Decimal(0)
            for (kind, pk), part in result.participation_by_source.items():
                if kind == "contribution" and pk in own:
                    mine += part
                elif kind == "allocation" and pk in share_of_allocation:
                    mine += part * share_of_allocation[pk]
            item.participation_share = mine / total
        for region, label in region_labels.items():
            n = counted[workshop_id].get(region, 0)
            if not n:
                continue
            attributed = (item.participation_share * n).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            item.regions.append(RegionRow(str(label), n, attributed))
            row = totals.setdefault(region, RegionRow(str(label), 0, Decimal("0.0")))
            row.participants += n
            row.attributed += attributed
    workshops = sorted(funded.values(), key=lambda f: (f.workshop.start_date, f.workshop.title))
    return DonorPortal(
        donor=donor,
        contributions=contributions,
        years=sorted(years.values(), key=lambda y: -y.year.year),
        workshops=workshops,
        regions=[totals[region] for region in region_labels if region in totals],
    )


# --- Public pages ---------------------------------------------------------------------------------


def acknowledged_donors_for(workshop: Workshop) -> list[Donor]:
    """Donors named on a workshop's public page: those who agreed to be named and whose committed or
    paid money funds it — earmarked for it, or given for its year's programme when programme money
    was allocated to it."""
    has_allocation = Allocation.objects.filter(workshop=workshop).exists()
    money = Q(contributions__workshop=workshop)
    if has_allocation:
        money |= Q(contributions__year_id=workshop.year_id, contributions__workshop__isnull=True)
    return list(
        Donor.objects.filter(money, contributions__stage__in=(Stage.COMMITMENT, Stage.PAID), acknowledged_by_name=True)
        .distinct()
        .order_by("name")
    )
