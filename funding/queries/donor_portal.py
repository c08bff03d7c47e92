"""The donor portal: what a donor's money funded, year by year, workshop by workshop."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, QuerySet

from directory.models import MemberState
from workshops.models import HOLDS_FUNDED_SEAT, DialogueYear, Registration, Workshop

from ..models import Allocation, Contribution, Donor, Payment
from ..roles import donor_of
from .donor_money import DonorMoney, WorkshopMoney, donor_money
from .figures import ZERO, WorkshopFigures, _figures, _percent
from .sums import stage_sums
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
    figures: WorkshopFigures | None = None
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
class DonorPortal:
    donor: Donor
    contributions: QuerySet[Contribution]  # all of them, for the page to paginate
    years: list[DonorYear]
    workshops: list[FundedWorkshop]
    regions: list[RegionRow]
    money: DonorMoney


def donor_portal(user) -> DonorPortal:
    """What a donor contact sees: their contributions and payments, the workshops the money went to,
    and what it paid for — funded participants by region, each workshop's participants counted in
    proportion to the donor's share of its funded-participation money; programme money counts
    through the allocations, pro rata to the donor's share of the year's programme money.

    The contributions are a query the page paginates (``contributions_page``, then ``with_payments``);
    the years' figures are summed by the database, so the page costs the same with 3,000 contributions
    as with 30."""
    donor = donor_of(user)
    visible = contributions_visible_to(user)
    contributions = visible.order_by("-year__year", "pk")
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
    funded: dict[int, FundedWorkshop] = {
        item.workshop.pk: FundedWorkshop(item.workshop, item.earmarked, item.via_programme, bought=item)
        for item in money.workshops
        if item.money > 0 or item.lines
    }
    share_of_allocation = dict(
        (pk, money.programme_share[year_id])
        for pk, year_id in Allocation.objects.filter(
            workshop_id__in=list(funded), workshop__year_id__in=list(money.programme_share)
        ).values_list("pk", "workshop__year_id")
    )

    figures = _figures([f.workshop for f in funded.values()])
    own = {c.pk for figure in figures.values() for c in figure.contributions if c.donor_id == donor.pk}
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
        money=money,
    )
