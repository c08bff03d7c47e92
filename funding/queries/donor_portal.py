"""The donor portal: what a donor's money funded, year by year, workshop by workshop."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from directory import roles
from directory.models import MemberState
from workshops.models import HOLDS_FUNDED_SEAT, DialogueYear, Registration, Workshop

from .. import cache as funding_cache
from .. import coverage
from ..models import Allocation, BudgetLine, Contribution, CostLine, Donor, Payment
from ..roles import donor_of
from .donor_money import DonorMoney, WorkshopMoney, donor_money
from .figures import ZERO, _percent
from .sums import COUNTED, stage_sums
from .visibility import contributions_visible_to

# --- Donor portal -------------------------------------------------------------------------------


def with_payments(contributions: list[Contribution]) -> list[Contribution]:
    """Sets each contribution's payments, oldest first, as ``payment_list``, in one query (a prefetch
    would build and filter a queryset for each contribution of the page)."""
    payments: dict[int, list[Payment]] = defaultdict(list)
    for payment in Payment.objects.filter(contribution__in=contributions).order_by("received_on", "pk"):
        payments[payment.contribution_id].append(payment)
    for contribution in contributions:
        contribution.payment_list = payments[contribution.pk]
    return contributions


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
    percent: int = 0  # of the workshop's budget covered
    bought: WorkshopMoney | None = None  # what the donor's money actually paid for here

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
class DonorFigures:
    """What the portal shows of a donor's money, kept by ``funding.cache`` until a record changes."""

    years: list[DonorYear]
    workshops: list[FundedWorkshop]
    regions: list[RegionRow]
    money: DonorMoney
    contributions: int  # how many the portal lists


@dataclass
class DonorPortal:
    user: Any  # the donor contact whose portal it is
    donor: Donor
    contributions_count: int
    years: list[DonorYear]
    workshops: list[FundedWorkshop]
    regions: list[RegionRow]
    money: DonorMoney
    kept: tuple  # whose figures these are, for what is kept with them (``funding.cache``)
    version: str  # the versions they were read under, read before any record

    @cached_property
    def contributions(self) -> QuerySet[Contribution]:
        """All of them, for the page to paginate: built only when a page of them is read."""
        return contributions_visible_to(self.user).order_by("-year__year", "pk")


def donor_portal(user) -> DonorPortal:
    """What a donor contact sees: their contributions and payments, the workshops the money went to,
    and what it paid for — funded participants by region, each workshop's participants counted in
    proportion to the donor's share of its funded-participation money; programme money counts
    through the allocations, pro rata to the donor's share of the year's programme money.

    The contributions are a query the page paginates (counted with the figures, then
    ``with_payments``), built only when a page of them is read; the figures are summed by the
    database and kept until a record they come from changes (``funding.cache``), so the page costs
    the same with 3,000 contributions as with 30."""
    donor = donor_of(user)
    kept = _kept(user, donor)
    version = funding_cache.version()
    figures = funding_cache.cached("donor-portal", kept, lambda: _donor_figures(user, donor), read_version=version)
    return DonorPortal(
        user=user,
        donor=donor,
        contributions_count=figures.contributions,
        years=figures.years,
        workshops=figures.workshops,
        regions=figures.regions,
        money=figures.money,
        kept=kept,
        version=version,
    )


def donor_figures(user) -> DonorFigures:
    """The figures of the donor portal of ``user``, a donor contact, kept until a record changes."""
    donor = donor_of(user)
    return funding_cache.cached("donor-portal", _kept(user, donor), lambda: _donor_figures(user, donor))


def _kept(user, donor: Donor) -> tuple:
    """The figures are kept per donor, and whether the user is also of the secretariat (who sees
    every contribution)."""
    return (donor.pk, roles.is_secretariat(user))


def _donor_figures(user, donor: Donor) -> DonorFigures:
    visible = contributions_visible_to(user)
    sums = stage_sums(visible, "year_id")
    years = {
        year.pk: DonorYear(
            year=year,
            pledged=sums[year.pk].pledged,
            committed=sums[year.pk].committed,
            paid=sums[year.pk].paid,
            programme=sums[year.pk].programme,
        )
        for year in DialogueYear.objects.filter(pk__in=list(sums))
    }
    money = donor_money(donor)
    for year_id, year in years.items():
        year.programme_share = money.programme_share.get(year_id, ZERO)
        year.programme_unallocated = money.programme_unallocated.get(year_id, ZERO)
    workshops, regions = funded_workshops(donor, money)
    return DonorFigures(
        years=sorted(years.values(), key=lambda y: -y.year.year),
        workshops=workshops,
        regions=regions,
        money=money,
        contributions=visible.count(),
    )


def funded_workshops_of(user) -> list[FundedWorkshop]:
    """The workshops a donor contact's money funds, as the donor portal shows them (for the API)."""
    return donor_figures(user).workshops


def funded_workshops(donor: Donor, money: DonorMoney) -> tuple[list[FundedWorkshop], list[RegionRow]]:
    """The workshops ``donor``'s money funds (``money``: ``donor_money(donor)``), by date, each with its
    funded participants by region and the part of them the donor's money paid for, and those rows summed
    over every workshop — in four queries whatever the contributions."""
    funded: dict[int, FundedWorkshop] = {
        item.workshop.pk: FundedWorkshop(item.workshop, item.earmarked, item.via_programme, bought=item)
        for item in money.workshops
        if item.money > 0 or item.lines
    }
    _cover(funded, donor, money.programme_share)
    counted = defaultdict(lambda: defaultdict(int))
    for workshop_id, region, n in (
        Registration.objects.filter(HOLDS_FUNDED_SEAT, workshop_id__in=list(funded))
        .values("workshop_id", "member_state__region")
        .annotate(n=Count("pk"))
        .values_list("workshop_id", "member_state__region", "n")
    ):
        counted[workshop_id][region] += n
    region_labels = dict(MemberState.Region.choices)
    totals: dict[str, RegionRow] = {}
    for workshop_id, item in funded.items():
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
    return workshops, [totals[region] for region in region_labels if region in totals]


def _cover(funded: dict[int, FundedWorkshop], donor: Donor, programme_share: dict[int, Decimal]) -> None:
    """Each funded workshop's coverage (``funding.coverage``) and the donor's share of the money that
    reached its funded-participation line, from sums per workshop and cost line — the donor's committed
    money, the other donors', the allocations' — in three queries whatever the contributions.

    The rule counts money by cost line (a line's money up to its budget, the rest pro rata to the gaps),
    so one source per line and owner gives the same lines, coverage and parts as one per contribution.
    Programme money counts through the allocations, pro rata to the donor's share of the year's
    programme money (``donor_money``)."""
    ids = list(funded)
    lines: dict[int, list[coverage.Line]] = defaultdict(list)
    for workshop_id, cost_line, amount, seats, unit_cost in BudgetLine.objects.filter(workshop_id__in=ids).values_list(
        "workshop_id", "cost_line", "amount", "seats", "unit_cost"
    ):
        lines[workshop_id].append(coverage.Line(cost_line, amount, seats, unit_cost))
    sources: dict[int, list[coverage.Source]] = defaultdict(list)
    mine = Q(donor=donor)
    for workshop_id, cost_line, own, others in (
        Contribution.objects.filter(COUNTED, workshop_id__in=ids)
        .order_by()
        .values("workshop_id", "cost_line")
        .annotate(own=Sum("usd_amount", filter=mine), others=Sum("usd_amount", filter=~mine))
        .values_list("workshop_id", "cost_line", "own", "others")
    ):
        if own is not None:
            sources[workshop_id].append(coverage.Source(("own", cost_line), own, cost_line))
        if others is not None:
            sources[workshop_id].append(coverage.Source(("others", cost_line), others, cost_line))
    for workshop_id, cost_line, total in (
        Allocation.objects.filter(workshop_id__in=ids)
        .order_by()
        .values("workshop_id", "cost_line")
        .annotate(total=Sum("amount_usd"))
        .values_list("workshop_id", "cost_line", "total")
    ):
        sources[workshop_id].append(coverage.Source(("allocation", cost_line), total, cost_line))
    order = CostLine.values
    for workshop_id, item in funded.items():
        result = coverage.compute(
            sorted(lines[workshop_id], key=lambda line: order.index(line.cost_line)), sources[workshop_id]
        )
        item.percent = result.percent
        total = result.participation_money
        if total > 0:
            share = programme_share.get(item.workshop.year_id)
            parts = result.participation_by_source.items()
            own = sum((part for (kind, _line), part in parts if kind == "own"), Decimal(0))
            if share is not None:
                own += sum((part for (kind, _line), part in parts if kind == "allocation"), Decimal(0)) * share
            item.participation_share = own / total
