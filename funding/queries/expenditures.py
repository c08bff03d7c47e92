"""The expenditure screens: the staff list with its filters, and the sources a workshop can charge."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _

from workshops.models import DialogueYear, Workshop

from ..currencies import money_text
from ..models import Allocation, Contribution, CostLine, Expenditure

ZERO = Decimal("0.00")


def expenditures_for_list(
    *,
    year: DialogueYear | None = None,
    workshop: Workshop | None = None,
    cost_line: str = "",
    state: str = "",
    search: str = "",
) -> QuerySet[Expenditure]:
    """Newest first; everything a row shows selected with it (one query for the page, one to count)."""
    rows = Expenditure.objects.select_related(
        "workshop", "contribution__donor", "allocation", "contribution__year", "contribution__workshop"
    )
    if year is not None:
        rows = rows.filter(workshop__year=year)
    if workshop is not None:
        rows = rows.filter(workshop=workshop)
    if cost_line in CostLine.values:
        rows = rows.filter(cost_line=cost_line)
    if state == "reversed":
        rows = rows.filter(reversed_on__isnull=False)
    elif state != "all":
        rows = rows.filter(reversed_on__isnull=True)
    search = search.strip()
    if search:
        rows = rows.filter(Q(description__icontains=search) | Q(reference__icontains=search))
    return rows.order_by("-spent_on", "-pk")


def total_usd(rows: QuerySet[Expenditure]) -> Decimal:
    return rows.filter(reversed_on__isnull=True).aggregate(total=Sum("usd_amount"))["total"] or ZERO


def sources_for(workshop: Workshop) -> list[tuple[str, str, Contribution | Allocation]]:
    """The money this workshop can be charged to — committed contributions earmarked for it and its
    allocations — as (key, label with what is left, record), in three queries."""
    contributions = list(
        Contribution.objects.filter(workshop=workshop)
        .exclude(stage=Contribution.Stage.PLEDGE)
        .select_related("donor")
        .order_by("donor__name", "pk")
    )
    allocations = list(Allocation.objects.filter(workshop=workshop).order_by("allocated_on", "pk"))
    spent = Expenditure.objects.filter(workshop=workshop, reversed_on__isnull=True)
    by_contribution = dict(
        spent.filter(contribution__isnull=False)
        .values("contribution_id")
        .annotate(total=Sum("usd_amount"))
        .values_list("contribution_id", "total")
    )
    by_allocation = dict(
        spent.filter(allocation__isnull=False)
        .values("allocation_id")
        .annotate(total=Sum("usd_amount"))
        .values_list("allocation_id", "total")
    )
    sources = []
    for c in contributions:
        left = c.usd_amount - by_contribution.get(c.pk, ZERO)
        line = c.get_cost_line_display() if c.cost_line else _("whole workshop")
        label = _("%(donor)s, earmarked (%(line)s): %(left)s USD left") % {
            "donor": c.donor.local_name,
            "line": line,
            "left": money_text(left),
        }
        sources.append((f"contribution:{c.pk}", label, c))
    for a in allocations:
        left = a.amount_usd - by_allocation.get(a.pk, ZERO)
        line = a.get_cost_line_display() if a.cost_line else _("whole workshop")
        label = _("Programme money allocated on %(date)s (%(line)s): %(left)s USD left") % {
            "date": a.allocated_on.isoformat(),
            "line": line,
            "left": money_text(left),
        }
        sources.append((f"allocation:{a.pk}", label, a))
    return sources
