"""What a donor's own money bought: the one definition, used by the donor portal and the donor statement.

The attribution rule:

1. Money earmarked for a workshop (or one of its cost lines) is the donor's alone: everything
   charged to it was bought with the donor's money.
2. Programme money (unearmarked, committed or paid) is pooled per IDM year; the secretariat
   allocates the pool to workshops. The donor's share of the pool is its programme money ÷ the
   year's programme money; that share of every allocation, of every expenditure charged to an
   allocation, and of what is not yet allocated is the donor's.
3. A funded participant paid for is counted by the part of their costs (ticket, DSA…) that the
   donor's money paid: the donor's USD charged for that participant ÷ all USD charged for them.
   Participants are counted by the region of their member state and their self-declared gender,
   never named; counts are rounded to a tenth.

Everything is summed by the database per workshop, cost line, source kind and participant, in a
fixed number of queries whatever the data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from directory.models import MemberState, Person
from workshops.models import Workshop

from ..models import Allocation, Contribution, CostLine, Donor, Expenditure

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
TENTH = Decimal("0.1")


@dataclass
class LineSpending:
    cost_line: str
    label: str
    spent: Decimal


@dataclass
class WorkshopMoney:
    workshop: Workshop
    earmarked: Decimal = ZERO  # committed for this workshop
    via_programme: Decimal = ZERO  # the donor's share of the programme money allocated to it
    lines: list[LineSpending] = field(default_factory=list)

    @property
    def money(self) -> Decimal:
        return self.earmarked + self.via_programme

    @property
    def spent(self) -> Decimal:
        return sum((line.spent for line in self.lines), ZERO)


@dataclass
class CountRow:
    key: str
    label: str
    participants: Decimal


@dataclass
class DonorMoney:
    donor: Donor
    programme: dict[int, Decimal]  # per year id: the donor's committed programme money
    programme_share: dict[int, Decimal]
    programme_unallocated: dict[int, Decimal]
    allocation_share: dict[int, Decimal]  # per allocation id: the donor's share of it
    workshops: list[WorkshopMoney]
    by_region: list[CountRow]
    by_gender: list[CountRow]

    @property
    def spent(self) -> Decimal:
        return sum((w.spent for w in self.workshops), ZERO)

    @property
    def participants(self) -> Decimal:
        return sum((row.participants for row in self.by_region), Decimal("0.0"))


def donor_money(donor: Donor, *, contributions: list[Contribution] | None = None) -> DonorMoney:
    """What ``donor``'s money bought (see the module's rule), in at most seven queries (six when the
    donor's contributions are given, five when none of its money paid for a participant)."""
    earmarked: dict[int, Decimal] = defaultdict(lambda: ZERO)
    programme: dict[int, Decimal] = defaultdict(lambda: ZERO)
    if contributions is None:
        counted = Contribution.objects.filter(donor=donor).exclude(stage=Contribution.Stage.PLEDGE)
        sums = counted.values("workshop_id", "year_id").annotate(total=Sum("usd_amount"))
        rows = list(sums.values_list("workshop_id", "year_id", "total"))
    else:
        rows = [(c.workshop_id, c.year_id, c.usd_amount) for c in contributions if c.counts and c.donor_id == donor.pk]
    for workshop_id, year_id, total in rows:
        if workshop_id is None:
            programme[year_id] += total
        else:
            earmarked[workshop_id] += total
    pool = dict(
        Contribution.objects.filter(year_id__in=list(programme), workshop__isnull=True)
        .exclude(stage=Contribution.Stage.PLEDGE)
        .values("year_id")
        .annotate(total=Sum("usd_amount"))
        .values_list("year_id", "total")
    )
    share = {year_id: programme[year_id] / pool[year_id] for year_id in programme if pool.get(year_id)}

    via_programme: dict[int, Decimal] = defaultdict(lambda: ZERO)
    allocated: dict[int, Decimal] = defaultdict(lambda: ZERO)
    allocation_share: dict[int, Decimal] = {}
    for pk, workshop_id, year_id, total in Allocation.objects.filter(workshop__year_id__in=list(share)).values_list(
        "pk", "workshop_id", "workshop__year_id", "amount_usd"
    ):
        allocated[year_id] += total
        allocation_share[pk] = share[year_id]
        via_programme[workshop_id] += _cents(total * share[year_id])  # each allocation's share to the cent
    unallocated = {year_id: _cents((pool[year_id] - allocated[year_id]) * share[year_id]) for year_id in share}

    mine = Q(contribution__donor=donor) | Q(allocation__workshop__year_id__in=list(share))
    spending = Expenditure.objects.filter(mine, reversed_on__isnull=True)
    spent: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for workshop_id, cost_line, via_year, total in (
        spending.values("workshop_id", "cost_line", "allocation__workshop__year_id")
        .annotate(total=Sum("usd_amount"))
        .values_list("workshop_id", "cost_line", "allocation__workshop__year_id", "total")
    ):
        spent[workshop_id][cost_line] += total if via_year is None else total * share[via_year]

    workshop_ids = set(earmarked) | set(via_programme) | set(spent)
    labels = dict(CostLine.choices)
    workshops = []
    for workshop in Workshop.objects.filter(pk__in=workshop_ids).select_related("year").order_by("start_date", "title"):
        lines = [
            LineSpending(line, str(labels[line]), _cents(spent[workshop.pk][line]))
            for line in CostLine.values
            if line in spent[workshop.pk]
        ]
        workshops.append(WorkshopMoney(workshop, earmarked[workshop.pk], via_programme[workshop.pk], lines))

    by_region, by_gender = _participants(spending, share)
    return DonorMoney(
        donor=donor,
        programme=dict(programme),
        programme_share=share,
        programme_unallocated=unallocated,
        allocation_share=allocation_share,
        workshops=workshops,
        by_region=by_region,
        by_gender=by_gender,
    )


def _participants(spending, share: dict[int, Decimal]) -> tuple[list[CountRow], list[CountRow]]:
    """Funded participants paid for, by region and by gender: the part of each one's costs that was
    the donor's (two queries: the donor's part per participant, everything charged per participant)."""
    rows = (
        spending.filter(registration__isnull=False)
        .values(
            "registration_id",
            "registration__member_state__region",
            "registration__person__gender",
            "allocation__workshop__year_id",
        )
        .annotate(total=Sum("usd_amount"))
        .values_list(
            "registration_id",
            "registration__member_state__region",
            "registration__person__gender",
            "allocation__workshop__year_id",
            "total",
        )
    )
    part: dict[int, Decimal] = defaultdict(lambda: ZERO)
    who: dict[int, tuple[str, str]] = {}
    for registration_id, region, gender, via_year, total in rows:
        part[registration_id] += total if via_year is None else total * share[via_year]
        who[registration_id] = (region or "", gender or Person.Gender.NOT_STATED)
    if not part:
        return [], []
    whole = dict(
        Expenditure.objects.filter(reversed_on__isnull=True, registration_id__in=list(part))
        .values("registration_id")
        .annotate(total=Sum("usd_amount"))
        .values_list("registration_id", "total")
    )
    regions: dict[str, Decimal] = defaultdict(Decimal)
    genders: dict[str, Decimal] = defaultdict(Decimal)
    for registration_id, amount in part.items():
        fraction = amount / whole[registration_id] if whole.get(registration_id) else Decimal(0)
        region, gender = who[registration_id]
        regions[region] += fraction
        genders[gender] += fraction
    region_labels = dict(MemberState.Region.choices)
    gender_labels = dict(Person.Gender.choices)
    by_region = [
        CountRow(key, str(region_labels.get(key, _("Region not recorded"))), _tenth(regions[key]))
        for key in [*region_labels, ""]
        if key in regions
    ]
    by_gender = [
        CountRow(key, str(label), _tenth(genders[key])) for key, label in gender_labels.items() if key in genders
    ]
    return by_region, by_gender


def _cents(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _tenth(value: Decimal) -> Decimal:
    return Decimal(value).quantize(TENTH, rounding=ROUND_HALF_UP)
