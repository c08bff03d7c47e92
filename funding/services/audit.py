"""The audit history: who changed which funding record, the values before and after."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _

from directory.acting import acting_via
from directory.audit import readable_values
from directory.models import User
from workshops.models import Workshop

from ..currencies import minor_units
from ..models import (
    Allocation,
    AuditEntry,
    BudgetLine,
    Contribution,
    Donor,
    EarlyConfirmation,
    Expenditure,
    Payment,
)

# --- Audit ----------------------------------------------------------------------------------

_KIND_OF = {
    Donor: AuditEntry.Kind.DONOR,
    Contribution: AuditEntry.Kind.CONTRIBUTION,
    Payment: AuditEntry.Kind.PAYMENT,
    BudgetLine: AuditEntry.Kind.BUDGET_LINE,
    Allocation: AuditEntry.Kind.ALLOCATION,
    EarlyConfirmation: AuditEntry.Kind.EARLY_CONFIRMATION,
    Expenditure: AuditEntry.Kind.EXPENDITURE,
}
_NOT_AUDITED = {"id", "created_at", "updated_at", "confirmed_at"}


def _snapshot(obj: models.Model | None) -> dict[str, str]:
    """The values a person reads, field by field: names for records, labels for choices, amounts with
    their currency's decimals."""
    return readable_values(obj, leave_out=_NOT_AUDITED, decimal_text=_decimal_text)


def _decimal_text(obj: models.Model, model_field: models.DecimalField) -> str:
    """Amounts with their currency's decimals, rates without trailing zeros, USD to the cent."""
    value = Decimal(getattr(obj, model_field.name))
    if model_field.name == "amount" and getattr(obj, "currency", ""):
        return str(value.quantize(Decimal(1).scaleb(-minor_units(obj.currency))))
    if model_field.name == "usd_rate":
        return format(value.normalize(), "f")
    return str(value.quantize(Decimal(1).scaleb(-model_field.decimal_places)))


def _audit(
    *,
    by: User,
    obj: models.Model,
    before: dict,
    deleted: bool = False,
    reason: str = "",
    donor: Donor | None = None,
    contribution: Contribution | None = None,
    workshop: Workshop | None = None,
) -> AuditEntry:
    after = {} if deleted else _snapshot(obj)
    action = (
        AuditEntry.Action.DELETED if deleted else AuditEntry.Action.CHANGED if before else AuditEntry.Action.CREATED
    )
    if isinstance(obj, Contribution):
        contribution = obj
    if contribution is not None:
        donor = donor or contribution.donor
        workshop = workshop or contribution.workshop
        year_id = contribution.year_id
    else:
        year_id = workshop.year_id if workshop is not None else None
    summary = str(obj)
    if isinstance(obj, Payment):
        summary = _("%(payment)s for %(contribution)s") % {"payment": obj, "contribution": contribution}
    return _audit_raw(
        by=by,
        kind=_KIND_OF[type(obj)],
        action=action,
        object_id=obj.pk,
        summary=summary,
        before=before,
        after=after,
        reason=reason,
        donor=donor,
        workshop=workshop,
        year_id=year_id,
        contribution=None if deleted and isinstance(obj, Contribution) else contribution,
    )


def _audit_raw(
    *,
    by: User,
    kind: str,
    action: str,
    object_id: int,
    summary: str,
    before: dict,
    after: dict,
    reason: str = "",
    donor: Donor | None = None,
    workshop: Workshop | None = None,
    year_id: int | None = None,
    contribution: Contribution | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        by=by,
        via=acting_via()[:120],
        kind=kind,
        action=action,
        object_id=object_id,
        summary=summary[:300],
        before=before,
        after=after,
        reason=reason,
        donor=donor,
        workshop=workshop,
        year_id=year_id,
        contribution=contribution,
    )
