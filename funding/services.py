"""Funding rules: contributions from pledge to payment, budgets, allocations and their effects.

Every change to money takes the IDM year's row lock first, then the locks of the workshops it
touches (in id order), so two changes to one year's money are decided one at a time and never
deadlock with registration (which locks only the workshop). In the same transaction each affected
workshop's ``funded_seats`` and funding status are written (DESIGN.md: registration reads those
fields and never imports funding), and an ``AuditEntry`` records who changed what, before and after.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from directory.models import User
from workshops.models import DialogueYear, Workshop
from workshops.services import lock_workshop

from . import coverage
from .currencies import USD, has_valid_minor_units, is_currency, minor_units, to_usd
from .models import (
    Allocation,
    AuditEntry,
    BudgetLine,
    Contribution,
    CostLine,
    Donor,
    DonorContact,
    EarlyConfirmation,
    Payment,
)

Stage = Contribution.Stage
WS = Workshop.Status
# The statuses funding decides between; a proposed workshop becomes planned once it has a budget.
FUNDING_STATUSES = (WS.PROPOSED, WS.SUBJECT_TO_FUNDING, WS.CONFIRMED)


# --- Donors ---------------------------------------------------------------------------------


@transaction.atomic
def save_donor(*, donor: Donor, by: User) -> Donor:
    before = _snapshot(Donor.objects.get(pk=donor.pk)) if donor.pk else {}
    donor.full_clean()
    donor.save()
    _audit(by=by, obj=donor, before=before, donor=donor)
    return donor


@transaction.atomic
def delete_donor(*, donor: Donor, by: User, reason: str) -> None:
    """Remove a donor entered by mistake; a donor with money on record is kept."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason; it is kept in the audit history.")})
    donor = Donor.objects.select_for_update().get(pk=donor.pk)
    if donor.contributions.exists():
        raise ValidationError(_("%(donor)s has contributions on record and cannot be deleted.") % {"donor": donor.name})
    _audit(by=by, obj=donor, before=_snapshot(donor), deleted=True, reason=reason.strip())
    donor.delete()


@transaction.atomic
def add_donor_contact(*, donor: Donor, email: str, by: User) -> DonorContact:
    """Make a registered user a contact of the donor: they will see this donor's records only."""
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise ValidationError({"email": _("No account uses this e-mail address; ask the person to sign up first.")})
    if user.is_staff:
        raise ValidationError({"email": _("Secretariat staff cannot be donor contacts.")})
    existing = DonorContact.objects.filter(user=user).select_related("donor").first()
    if existing is not None:
        raise ValidationError(
            {"email": _("%(user)s is already a contact of %(donor)s.") % {"user": user, "donor": existing.donor}}
        )
    contact = DonorContact.objects.create(user=user, donor=donor)
    _audit_raw(
        by=by,
        kind=AuditEntry.Kind.DONOR,
        action=AuditEntry.Action.CHANGED,
        object_id=donor.pk,
        summary=str(donor),
        donor=donor,
        before={},
        after={"contact": user.email},
    )
    return contact


@transaction.atomic
def remove_donor_contact(*, contact: DonorContact, by: User) -> None:
    donor = contact.donor
    _audit_raw(
        by=by,
        kind=AuditEntry.Kind.DONOR,
        action=AuditEntry.Action.CHANGED,
        object_id=donor.pk,
        summary=str(donor),
        donor=donor,
        before={"contact": contact.user.email},
        after={},
    )
    contact.delete()


# --- Contributions --------------------------------------------------------------------------


@transaction.atomic
def record_contribution(
    *,
    by: User,
    donor: Donor,
    year: DialogueYear,
    stage: str,
    amount: Decimal,
    currency: str,
    usd_rate: Decimal | None,
    pledged_on: date | None = None,
    committed_on: date | None = None,
    agreement_reference: str = "",
    workshop: Workshop | None = None,
    cost_line: str = "",
    note: str = "",
) -> Contribution:
    """Record a pledge or a commitment (a contribution becomes paid through its payments)."""
    if stage not in (Stage.PLEDGE, Stage.COMMITMENT):
        raise ValidationError({"stage": _("A new contribution is a pledge or a commitment; payments make it paid.")})
    _lock_year(year.pk)
    contribution = Contribution(
        donor=donor,
        year=year,
        stage=stage,
        workshop=workshop,
        cost_line=cost_line if workshop is not None else "",
        amount=amount,
        currency=currency,
        usd_rate=usd_rate,
        pledged_on=pledged_on,
        committed_on=committed_on,
        agreement_reference=agreement_reference.strip(),
        note=note.strip(),
    )
    _check_contribution(contribution)
    contribution.save()
    _audit(by=by, obj=contribution, before={})
    _refresh(workshop_ids={workshop.pk} if workshop else set())
    return contribution


CONTRIBUTION_FIELDS = (
    "donor",
    "year",
    "workshop",
    "cost_line",
    "amount",
    "currency",
    "usd_rate",
    "pledged_on",
    "committed_on",
    "agreement_reference",
    "note",
)


@transaction.atomic
def update_contribution(*, contribution: Contribution, by: User, **changes) -> Contribution:
    """Correct a contribution: amount, currency, rate, dates, earmark. The stage moves by its own services."""
    unknown = set(changes) - set(CONTRIBUTION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown contribution fields: {sorted(unknown)}")
    old = Contribution.objects.get(pk=contribution.pk)
    years = sorted({old.year_id, changes["year"].pk if "year" in changes else old.year_id})
    for year_id in years:
        _lock_year(year_id)
    current = _locked_contributions().get(pk=old.pk)
    before = _snapshot(current)
    for name, value in changes.items():
        setattr(current, name, value.strip() if isinstance(value, str) and name != "cost_line" else value)
    if current.workshop_id is None:
        current.cost_line = ""
    paid = _paid_amount(current)
    if paid and current.currency != old.currency:
        raise ValidationError(
            {
                "currency": _("Payments were received in %(currency)s; the currency cannot change.")
                % {"currency": old.currency}
            }
        )
    if paid and current.amount < paid:
        raise ValidationError(
            {
                "amount": _("%(paid)s %(currency)s has already been paid; the amount cannot be lower.")
                % {"paid": _plain(paid, current.currency), "currency": current.currency}
            }
        )
    _check_contribution(current)
    if current.stage != Stage.PLEDGE:
        current.stage = Stage.PAID if paid >= current.amount else Stage.COMMITMENT
    current.save()
    if paid:
        _revalue_payments(current)
    _audit(by=by, obj=current, before=before)
    for year_id in years:
        _check_allocations_within_available(year_id)
    _refresh(workshop_ids={old.workshop_id, current.workshop_id} - {None})
    return current


@transaction.atomic
def commit_contribution(
    *,
    contribution: Contribution,
    by: User,
    committed_on: date,
    usd_rate: Decimal | None,
    agreement_reference: str = "",
    amount: Decimal | None = None,
) -> Contribution:
    """Pledge → commitment: the agreement is signed; the exchange rate is recorded now."""
    _lock_year(contribution.year_id)
    current = _locked_contributions().get(pk=contribution.pk)
    if current.stage != Stage.PLEDGE:
        raise ValidationError(_("Only a pledge can be committed; this contribution is already committed."))
    before = _snapshot(current)
    current.stage = Stage.COMMITMENT
    current.committed_on = committed_on
    current.usd_rate = usd_rate
    if amount is not None:
        current.amount = amount
    if agreement_reference.strip():
        current.agreement_reference = agreement_reference.strip()
    _check_contribution(current)
    current.save()
    _audit(by=by, obj=current, before=before)
    _refresh(workshop_ids={current.workshop_id} - {None})
    return current


@transaction.atomic
def delete_contribution(*, contribution: Contribution, by: User, reason: str) -> None:
    """Withdraw a pledge or a commitment on which nothing was paid; the reason is kept in the history."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason; it is kept in the audit history.")})
    _lock_year(contribution.year_id)
    current = _locked_contributions().get(pk=contribution.pk)
    if current.payments.exists():
        raise ValidationError(_("Payments were received for this contribution; delete them first."))
    _audit(by=by, obj=current, before=_snapshot(current), deleted=True, reason=reason.strip())
    workshop_id, year_id = current.workshop_id, current.year_id
    current.delete()
    _check_allocations_within_available(year_id)
    _refresh(workshop_ids={workshop_id} - {None})


# --- Payments -------------------------------------------------------------------------------


@transaction.atomic
def record_payment(
    *, contribution: Contribution, by: User, received_on: date, amount: Decimal, currency: str, reference: str = ""
) -> Payment:
    """Record money received; the total paid can never exceed the commitment. Fully paid → stage paid."""
    _lock_year(contribution.year_id)
    current = _locked_contributions().get(pk=contribution.pk)
    payment = Payment(
        contribution=current, received_on=received_on, amount=amount, currency=currency, reference=reference.strip()
    )
    _check_payment(payment, current, already_paid=_paid_amount(current))
    payment.usd_amount = to_usd(payment.amount, current.usd_rate)
    payment.save()
    _audit(by=by, obj=payment, before={}, contribution=current)
    _set_paid_stage(current, by=by)
    _refresh(workshop_ids={current.workshop_id} - {None})
    return payment


@transaction.atomic
def update_payment(
    *, payment: Payment, by: User, received_on: date, amount: Decimal, currency: str, reference: str = ""
) -> Payment:
    contribution = payment.contribution
    _lock_year(contribution.year_id)
    current_contribution = _locked_contributions().get(pk=contribution.pk)
    current = Payment.objects.select_for_update().get(pk=payment.pk)
    before = _snapshot(current)
    current.received_on, current.amount, current.currency = received_on, amount, currency
    current.reference = reference.strip()
    _check_payment(current, current_contribution, already_paid=_paid_amount(current_contribution, exclude=current.pk))
    current.usd_amount = to_usd(current.amount, current_contribution.usd_rate)
    current.save()
    _audit(by=by, obj=current, before=before, contribution=current_contribution)
    _set_paid_stage(current_contribution, by=by)
    _refresh(workshop_ids={current_contribution.workshop_id} - {None})
    return current


@transaction.atomic
def delete_payment(*, payment: Payment, by: User, reason: str) -> None:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason; it is kept in the audit history.")})
    contribution = payment.contribution
    _lock_year(contribution.year_id)
    current_contribution = _locked_contributions().get(pk=contribution.pk)
    current = Payment.objects.select_for_update().get(pk=payment.pk)
    _audit(
        by=by,
        obj=current,
        before=_snapshot(current),
        deleted=True,
        reason=reason.strip(),
        contribution=current_contribution,
    )
    current.delete()
    _set_paid_stage(current_contribution, by=by)
    _refresh(workshop_ids={current_contribution.workshop_id} - {None})


# --- Budgets --------------------------------------------------------------------------------


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
    _audit(
        by=by, obj=current, before=_snapshot(current), deleted=True, reason=reason.strip(), workshop=current.workshop
    )
    workshop_id = current.workshop_id
    current.delete()
    _refresh(workshop_ids={workshop_id})


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


# --- Checks ---------------------------------------------------------------------------------


def _locked_contributions():
    # of=("self",): only the contribution's row; PostgreSQL cannot lock the nullable side of the
    # outer join to the workshop, and the related rows need no lock.
    return Contribution.objects.select_for_update(of=("self",)).select_related("donor", "year", "workshop")


def _lock_year(year_id: int) -> DialogueYear:
    return DialogueYear.objects.select_for_update().get(pk=year_id)


def _check_contribution(contribution: Contribution) -> None:
    errors: dict[str, str] = {}
    currency = (contribution.currency or "").upper()
    contribution.currency = currency
    if not is_currency(currency):
        errors["currency"] = _("%(code)s is not an ISO 4217 currency code (for example USD, EUR, CHF).") % {
            "code": currency or "—"
        }
    if contribution.amount is None or contribution.amount <= 0:
        errors["amount"] = _("The amount must be above zero.")
    elif is_currency(currency) and not has_valid_minor_units(contribution.amount, currency):
        errors["amount"] = _("%(currency)s amounts have at most %(units)d decimals.") % {
            "currency": currency,
            "units": minor_units(currency),
        }
    if currency == USD:
        contribution.usd_rate = Decimal(1)
    elif contribution.usd_rate is None or contribution.usd_rate <= 0:
        errors["usd_rate"] = _("Give the exchange rate: how many US dollars one %(currency)s is worth.") % {
            "currency": currency or _("unit")
        }
    if contribution.stage == Stage.PLEDGE and contribution.pledged_on is None:
        errors["pledged_on"] = _("Give the date of the pledge.")
    if contribution.stage != Stage.PLEDGE and contribution.committed_on is None:
        errors["committed_on"] = _("Give the date of the commitment.")
    if contribution.workshop_id is not None and contribution.workshop.year_id != contribution.year_id:
        errors["workshop"] = _("The workshop belongs to another IDM year.")
    if contribution.cost_line and contribution.cost_line not in CostLine.values:
        errors["cost_line"] = _("Unknown cost line.")
    if errors:
        raise ValidationError(errors)
    contribution.usd_amount = to_usd(contribution.amount, contribution.usd_rate)


def _check_payment(payment: Payment, contribution: Contribution, *, already_paid: Decimal) -> None:
    errors: dict[str, str] = {}
    payment.currency = (payment.currency or "").upper()
    if contribution.stage == Stage.PLEDGE:
        raise ValidationError(_("A pledge cannot receive payments; record the commitment first."))
    if not is_currency(payment.currency):
        errors["currency"] = _("%(code)s is not an ISO 4217 currency code.") % {"code": payment.currency or "—"}
    elif payment.currency != contribution.currency:
        errors["currency"] = _("Payments are recorded in the currency of the commitment (%(currency)s).") % {
            "currency": contribution.currency
        }
    if payment.amount is None or payment.amount <= 0:
        errors["amount"] = _("The amount must be above zero.")
    elif not has_valid_minor_units(payment.amount, contribution.currency):
        errors["amount"] = _("%(currency)s amounts have at most %(units)d decimals.") % {
            "currency": contribution.currency,
            "units": minor_units(contribution.currency),
        }
    elif already_paid + payment.amount > contribution.amount:
        errors["amount"] = _(
            "Payments would total %(total)s %(currency)s, above the commitment of %(committed)s %(currency)s "
            "(at most %(left)s %(currency)s can still be received)."
        ) % {
            "total": _plain(already_paid + payment.amount, contribution.currency),
            "committed": _plain(contribution.amount, contribution.currency),
            "left": _plain(contribution.amount - already_paid, contribution.currency),
            "currency": contribution.currency,
        }
    if errors:
        raise ValidationError(errors)


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


def _check_cents(amount: Decimal, field: str) -> None:
    if not has_valid_minor_units(amount, USD):
        raise ValidationError({field: _("US dollar amounts have at most 2 decimals.")})


def _empty_line(cost_line: str, values: dict) -> bool:
    if cost_line == CostLine.PARTICIPATION:
        return values.get("seats") is None and values.get("unit_cost") is None
    return values.get("amount") is None


def _paid_amount(contribution: Contribution, *, exclude: int | None = None) -> Decimal:
    payments = Payment.objects.filter(contribution=contribution)
    if exclude is not None:
        payments = payments.exclude(pk=exclude)
    return payments.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def _set_paid_stage(contribution: Contribution, *, by: User) -> None:
    """Commitment ↔ paid follows the payments: paid once they reach the committed amount."""
    stage = Stage.PAID if _paid_amount(contribution) >= contribution.amount else Stage.COMMITMENT
    if contribution.stage != stage:
        before = _snapshot(contribution)
        contribution.stage = stage
        contribution.save(update_fields=["stage", "updated_at"])
        _audit(by=by, obj=contribution, before=before)


def _revalue_payments(contribution: Contribution) -> None:
    for payment in Payment.objects.filter(contribution=contribution):
        usd = to_usd(payment.amount, contribution.usd_rate)
        if usd != payment.usd_amount:
            payment.usd_amount = usd
            payment.save(update_fields=["usd_amount", "updated_at"])


def _plain(amount: Decimal, currency: str) -> str:
    units = minor_units(currency)
    return f"{Decimal(amount):,.{units}f}"


# --- Audit ----------------------------------------------------------------------------------

_KIND_OF = {
    Donor: AuditEntry.Kind.DONOR,
    Contribution: AuditEntry.Kind.CONTRIBUTION,
    Payment: AuditEntry.Kind.PAYMENT,
    BudgetLine: AuditEntry.Kind.BUDGET_LINE,
    Allocation: AuditEntry.Kind.ALLOCATION,
    EarlyConfirmation: AuditEntry.Kind.EARLY_CONFIRMATION,
}
_NOT_AUDITED = {"id", "created_at", "updated_at", "confirmed_at"}


def _snapshot(obj: models.Model | None) -> dict[str, str]:
    """The values a person reads, field by field: names for records, labels for choices."""
    if obj is None:
        return {}
    values = {}
    for model_field in obj._meta.concrete_fields:
        if model_field.name in _NOT_AUDITED:
            continue
        if model_field.is_relation:
            related = getattr(obj, model_field.name)
            value = "" if related is None else str(related)
        elif isinstance(model_field, models.DecimalField) and getattr(obj, model_field.name) is not None:
            value = _decimal_text(obj, model_field)
        elif model_field.choices:
            value = str(getattr(obj, f"get_{model_field.name}_display")())
        else:
            raw = getattr(obj, model_field.name)
            value = "" if raw is None or raw == "" else str(raw.isoformat() if hasattr(raw, "isoformat") else raw)
        values[model_field.name] = value
    return values


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


@transaction.atomic
def refresh_workshop_funding(*, workshop: Workshop) -> Workshop:
    """Write a workshop's funded seats and status from its money again (after its row was reloaded
    from elsewhere, e.g. demo data)."""
    _lock_year(workshop.year_id)
    _refresh(workshop_ids={workshop.pk})
    return Workshop.objects.get(pk=workshop.pk)
