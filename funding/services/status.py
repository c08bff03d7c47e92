"""What funding writes on the workshop: its funded seats and status, under the year's lock.

Registration reads ``Workshop.funded_seats`` and ``Workshop.status`` and never imports funding
(DESIGN.md); early confirmation lets the secretariat confirm a workshop not yet covered.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from directory.models import User
from workshops.models import DialogueYear, Workshop
from workshops.services import lock_workshop

from .. import coverage
from ..models import (
    Allocation,
    BudgetLine,
    Contribution,
    EarlyConfirmation,
)
from .audit import _audit, _snapshot

Stage = Contribution.Stage
WS = Workshop.Status

# The statuses funding decides between; a proposed workshop becomes planned once it has a budget.
FUNDING_STATUSES = (WS.PROPOSED, WS.SUBJECT_TO_FUNDING, WS.CONFIRMED)


# --- Confirming a workshop before it is covered ----------------------------------------------


@transaction.atomic
def confirm_workshop_early(*, workshop: Workshop, by: User, reason: str) -> EarlyConfirmation:
    """The secretariat confirms a workshop that is not yet covered; the reason is recorded."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for confirming before the budget is covered.")})
    _lock_year(workshop.year_id)
    workshop = lock_workshop(workshop.pk)
    if workshop.status not in FUNDING_STATUSES:
        raise ValidationError(
            _("The workshop is %(status)s; its funding status no longer changes.")
            % {"status": workshop.get_status_display().lower()}
        )
    if EarlyConfirmation.objects.filter(workshop=workshop).exists():
        raise ValidationError(_("This workshop has already been confirmed."))
    confirmation = EarlyConfirmation.objects.create(workshop=workshop, reason=reason.strip(), confirmed_by=by)
    _audit(by=by, obj=confirmation, before={}, workshop=workshop, reason=confirmation.reason)
    _refresh(workshop_ids={workshop.pk})
    return confirmation


@transaction.atomic
def withdraw_early_confirmation(*, workshop: Workshop, by: User, reason: str) -> None:
    """Back to "subject to available funding" unless the budget is covered."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason; it is kept in the audit history.")})
    _lock_year(workshop.year_id)
    workshop = lock_workshop(workshop.pk)
    confirmation = EarlyConfirmation.objects.filter(workshop=workshop).first()
    if confirmation is None:
        raise ValidationError(_("This workshop was not confirmed early."))
    _audit(
        by=by, obj=confirmation, before=_snapshot(confirmation), deleted=True, workshop=workshop, reason=reason.strip()
    )
    confirmation.delete()
    _refresh(workshop_ids={workshop.pk})


# --- What funding writes on the workshop ----------------------------------------------------


def workshop_coverage(workshop_id: int) -> coverage.Coverage:
    """The coverage of one workshop from the database (committed or paid money and allocations)."""
    lines = [
        coverage.Line(line.cost_line, line.amount, line.seats, line.unit_cost)
        for line in BudgetLine.objects.filter(workshop_id=workshop_id)
    ]
    sources = [
        coverage.Source(("contribution", pk), usd, cost_line)
        for pk, usd, cost_line in Contribution.objects.filter(workshop_id=workshop_id)
        .exclude(stage=Stage.PLEDGE)
        .values_list("pk", "usd_amount", "cost_line")
    ] + [
        coverage.Source(("allocation", pk), usd, cost_line)
        for pk, usd, cost_line in Allocation.objects.filter(workshop_id=workshop_id).values_list(
            "pk", "amount_usd", "cost_line"
        )
    ]
    return coverage.compute(lines, sources)


def funding_status(workshop: Workshop, result: coverage.Coverage, *, confirmed_early: bool) -> str:
    """The status funding gives a workshop: confirmed when covered (or confirmed early), else
    planned subject to available funding. Workshops without a budget, and those held, cancelled
    or reported, keep theirs."""
    if workshop.status not in FUNDING_STATUSES or result.budget <= 0:
        return workshop.status
    return WS.CONFIRMED if result.is_covered or confirmed_early else WS.SUBJECT_TO_FUNDING


def _refresh(*, workshop_ids: set[int]) -> None:
    """Write funded seats and status of each affected workshop, under its row lock."""
    for workshop_id in sorted(workshop_ids):
        workshop = lock_workshop(workshop_id)
        result = workshop_coverage(workshop_id)
        confirmed_early = EarlyConfirmation.objects.filter(workshop_id=workshop_id).exists()
        status = funding_status(workshop, result, confirmed_early=confirmed_early)
        if workshop.funded_seats != result.funded_seats or workshop.status != status:
            workshop.funded_seats = result.funded_seats
            workshop.status = status
            workshop.save(update_fields=["funded_seats", "status", "updated_at"])


def _lock_year(year_id: int) -> DialogueYear:
    return DialogueYear.objects.select_for_update().get(pk=year_id)


@transaction.atomic
def refresh_workshop_funding(*, workshop: Workshop) -> Workshop:
    """Write a workshop's funded seats and status from its money again (after its row was reloaded
    from elsewhere, e.g. demo data)."""
    _lock_year(workshop.year_id)
    _refresh(workshop_ids={workshop.pk})
    return Workshop.objects.get(pk=workshop.pk)
