"""A workshop's budget, line by line."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from directory.models import User
from workshops.models import Workshop
from workshops.services import lock_workshop

from ..models import (
    BudgetLine,
    CostLine,
)
from .audit import _audit, _snapshot
from .money import _check_cents
from .status import _lock_year, _refresh


@transaction.atomic
def save_budget(*, workshop: Workshop, by: User, lines: dict[str, dict]) -> list[BudgetLine]:
    """Set a workshop's budget. ``lines`` maps a cost line to ``{"amount"}`` (or, for funded
    participation, ``{"seats", "unit_cost"}``) and an optional ``description``; a line given as
    ``None`` or with nothing in it is removed."""
    unknown = set(lines) - set(CostLine.values)
    if unknown:
        raise ValidationError(_("Unknown cost lines: %(lines)s") % {"lines": ", ".join(sorted(unknown))})
    _lock_year(workshop.year_id)
    workshop = lock_workshop(workshop.pk)
    existing = {line.cost_line: line for line in BudgetLine.objects.select_for_update().filter(workshop=workshop)}
    saved = []
    for cost_line, values in lines.items():
        line = existing.get(cost_line)
        if not values or _empty_line(cost_line, values):
            if line is not None:
                _audit(by=by, obj=line, before=_snapshot(line), deleted=True, workshop=workshop)
                line.delete()
            continue
        before = _snapshot(line) if line else {}
        line = line or BudgetLine(workshop=workshop, cost_line=cost_line)
        line.description = (values.get("description") or "").strip()
        if cost_line == CostLine.PARTICIPATION:
            seats, unit_cost = values.get("seats"), values.get("unit_cost")
            if seats is None or unit_cost is None:
                raise ValidationError(
                    {"participation": _("Give both the number of funded seats and the cost per participant.")}
                )
            if seats < 0 or unit_cost <= 0:
                raise ValidationError(
                    {"participation": _("Seats cannot be negative and the cost per participant must be above zero.")}
                )
            line.seats, line.unit_cost = seats, unit_cost
            line.amount = seats * unit_cost
        else:
            amount = values.get("amount")
            if amount is None or amount < 0:
                raise ValidationError({cost_line: _("A budget amount cannot be negative.")})
            line.seats, line.unit_cost, line.amount = None, None, amount
        _check_cents(line.amount, cost_line)
        if before and before == _snapshot(line):
            saved.append(line)
            continue
        line.save()
        _audit(by=by, obj=line, before=before, workshop=workshop)
        saved.append(line)
    _refresh(workshop_ids={workshop.pk})
    return saved


def _empty_line(cost_line: str, values: dict) -> bool:
    if cost_line == CostLine.PARTICIPATION:
        return values.get("seats") is None and values.get("unit_cost") is None
    return values.get("amount") is None
