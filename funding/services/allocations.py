"""Allocations: the year's unearmarked money given to a workshop, never more than there is."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from directory.models import User
from workshops.models import Workshop

from ..currencies import USD
from ..models import (
    Allocation,
    Contribution,
    CostLine,
)
from .audit import _audit, _snapshot
from .expenditures import check_source_still_covers, has_expenditures
from .money import _check_cents, _plain
from .status import _lock_year, _refresh

Stage = Contribution.Stage

# --- Allocations ----------------------------------------------------------------------------


@transaction.atomic
def allocate(
    *, workshop: Workshop, by: User, amount_usd: Decimal, allocated_on: date, cost_line: str = "", note: str = ""
) -> Allocation:
    """Assign unearmarked money of the workshop's year to it; never more than is available.

    Decided under the year's row lock, so two allocations at once cannot both take the last dollars.
    """
    _lock_year(workshop.year_id)
    allocation = Allocation(
        workshop=workshop, amount_usd=amount_usd, allocated_on=allocated_on, cost_line=cost_line, note=note.strip()
    )
    _check_allocation(allocation, year_id=workshop.year_id)
    allocation.save()
    _audit(by=by, obj=allocation, before={}, workshop=workshop)
    _refresh(workshop_ids={workshop.pk})
    return allocation


@transaction.atomic
def update_allocation(
    *, allocation: Allocation, by: User, amount_usd: Decimal, allocated_on: date, cost_line: str = "", note: str = ""
) -> Allocation:
    year_id = allocation.workshop.year_id
    _lock_year(year_id)
    current = Allocation.objects.select_for_update(of=("self",)).select_related("workshop").get(pk=allocation.pk)
    before = _snapshot(current)
    current.amount_usd, current.allocated_on, current.cost_line = amount_usd, allocated_on, cost_line
    current.note = note.strip()
    _check_allocation(current, year_id=year_id)
    check_source_still_covers(current)
    current.save()
    _audit(by=by, obj=current, before=before, workshop=current.workshop)
    _refresh(workshop_ids={current.workshop_id})
    return current


@transaction.atomic
def delete_allocation(*, allocation: Allocation, by: User, reason: str) -> None:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason; it is kept in the audit history.")})
    _lock_year(allocation.workshop.year_id)
    current = Allocation.objects.select_for_update(of=("self",)).select_related("workshop").get(pk=allocation.pk)
    if has_expenditures(current):
        raise ValidationError(_("Expenditures are charged to this allocation; reverse or move them first."))
    _audit(
        by=by, obj=current, before=_snapshot(current), deleted=True, reason=reason.strip(), workshop=current.workshop
    )
    workshop_id = current.workshop_id
    current.delete()
    _refresh(workshop_ids={workshop_id})


def _check_allocation(allocation: Allocation, *, year_id: int) -> None:
    """Inside the year's lock: the allocation fits in the unearmarked money not yet allocated."""
    if allocation.amount_usd is None or allocation.amount_usd <= 0:
        raise ValidationError({"amount_usd": _("The amount must be above zero.")})
    _check_cents(allocation.amount_usd, "amount_usd")
    if allocation.cost_line and allocation.cost_line not in CostLine.values:
        raise ValidationError({"cost_line": _("Unknown cost line.")})
    available = unallocated(year_id, exclude_allocation=allocation.pk)
    if allocation.amount_usd > available:
        raise ValidationError(
            {
                "amount_usd": _(
                    "Only %(available)s USD of unearmarked money is available for allocation in this year; "
                    "%(amount)s USD is more than that."
                )
                % {"available": _plain(available, USD), "amount": _plain(allocation.amount_usd, USD)}
            }
        )


def unallocated(year_id: int, *, exclude_allocation: int | None = None) -> Decimal:
    """Committed or paid unearmarked money of the year not yet allocated to a workshop (USD)."""
    given = (
        Contribution.objects.filter(year_id=year_id, workshop__isnull=True)
        .exclude(stage=Stage.PLEDGE)
        .aggregate(total=Sum("usd_amount"))["total"]
    ) or Decimal("0.00")
    allocations = Allocation.objects.filter(workshop__year_id=year_id)
    if exclude_allocation is not None:
        allocations = allocations.exclude(pk=exclude_allocation)
    allocated = allocations.aggregate(total=Sum("amount_usd"))["total"] or Decimal("0.00")
    return given - allocated


def _check_allocations_within_available(year_id: int) -> None:
    available = unallocated(year_id)
    if available < 0:
        raise ValidationError(
            _(
                "The year's allocations would exceed its unearmarked money by %(over)s USD; "
                "reduce the allocations first."
            )
            % {"over": _plain(-available, USD)}
        )
