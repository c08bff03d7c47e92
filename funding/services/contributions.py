"""Contributions from pledge to commitment to payment, and the payments received against them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min, Sum
from django.utils.translation import gettext as _

from directory.models import User
from workshops.models import DialogueYear, Workshop

from ..currencies import USD, has_valid_minor_units, is_currency, minor_units, to_usd
from ..models import (
    Contribution,
    CostLine,
    Donor,
    Payment,
)
from .allocations import _check_allocations_within_available
from .audit import _audit, _snapshot
from .dates import contribution_date_errors, payment_date_errors
from .expenditures import check_source_still_covers, has_expenditures
from .money import _plain
from .status import _lock_year, _refresh
from .totals import earmark_of, recount

Stage = Contribution.Stage

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
    recount([earmark_of(contribution)])
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
    before, earmark_before = _snapshot(current), earmark_of(current)
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
    check_source_still_covers(current)
    current.save()
    if paid:
        _revalue_payments(current)
    _audit(by=by, obj=current, before=before)
    recount([earmark_before, earmark_of(current)])
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
    recount([earmark_of(current)])
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
    if has_expenditures(current):
        raise ValidationError(_("Expenditures are charged to this contribution; reverse or move them first."))
    _audit(by=by, obj=current, before=_snapshot(current), deleted=True, reason=reason.strip())
    workshop_id, year_id, earmark = current.workshop_id, current.year_id, earmark_of(current)
    current.delete()
    recount([earmark])
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
    recount([earmark_of(current)])
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
    recount([earmark_of(current_contribution)])
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
    recount([earmark_of(current_contribution)])
    _refresh(workshop_ids={current_contribution.workshop_id} - {None})


def _locked_contributions():
    # of=("self",): only the contribution's row; PostgreSQL cannot lock the nullable side of the
    # outer join to the workshop, and the related rows need no lock.
    return Contribution.objects.select_for_update(of=("self",)).select_related("donor", "year", "workshop")


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
    first_payment_on = (
        Payment.objects.filter(contribution_id=contribution.pk).aggregate(first=Min("received_on"))["first"]
        if contribution.pk
        else None
    )
    for field, message in contribution_date_errors(contribution, first_payment_on=first_payment_on).items():
        errors.setdefault(field, message)
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
    errors.update(payment_date_errors(payment.received_on, contribution))
    if errors:
        raise ValidationError(errors)


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
