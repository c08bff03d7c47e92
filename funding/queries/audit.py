"""The audit history as a person reads it: field labels and the entries of a record."""

from __future__ import annotations

from django.db.models import QuerySet

from workshops.models import DialogueYear, Workshop

from ..models import Allocation, AuditEntry, BudgetLine, Contribution, Donor, EarlyConfirmation, Payment

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
