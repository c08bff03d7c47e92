"""Expenditures: what was actually spent, each charged to one source that holds the money.

A source is a committed (or paid) contribution earmarked for the workshop, or for one of its cost
lines, or programme money allocated to the workshop (an ``Allocation``, optionally for one line).
It holds its USD value: the contribution's committed ``usd_amount`` (a pledge holds nothing), the
allocation's ``amount_usd``. Every decision about a source's money is taken under that source's
row lock (``SELECT … FOR UPDATE``), so two charges at the same moment cannot both take its last
dollars; locks are always taken contributions first, then allocations, each in id order, and the
contribution and allocation services lock one row of one kind, so no two changes wait on each
other in a circle. Every change is written to the audit history in the same transaction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import User
from workshops.models import Registration, Workshop

from ..currencies import USD, has_valid_minor_units, is_currency, minor_units, to_usd
from ..models import Allocation, Contribution, CostLine, Expenditure
from .audit import _audit, _snapshot
from .money import _plain

Source = Contribution | Allocation

EARLIEST = datetime.date(1900, 1, 1)
# The columns' bounds: amount DECIMAL(16,3), usd_rate DECIMAL(18,8), usd_amount DECIMAL(14,2).
MAX_AMOUNT = Decimal("9999999999999")
MAX_RATE = Decimal("9999999999")
MAX_USD = Decimal("999999999999.99")
_TEXT_LIMITS = {"description": 300, "reference": 100, "source_ref": 100}


@dataclass(frozen=True)
class Charge:
    """What an expenditure is: the values ``record_expenditure`` checks and writes."""

    workshop: Workshop
    cost_line: str
    spent_on: datetime.date
    amount: Decimal
    currency: str
    usd_rate: Decimal
    usd_amount: Decimal
    description: str
    reference: str
    registration: Registration | None = None


@transaction.atomic
def record_expenditure(
    *,
    by: User,
    workshop: Workshop,
    cost_line: str,
    spent_on: datetime.date,
    amount: Decimal,
    currency: str,
    usd_rate: Decimal | None,
    description: str,
    source: Source | None = None,
    reference: str = "",
    source_ref: str = "",
    registration: Registration | None = None,
) -> Expenditure:
    """Record money spent on ``cost_line`` of ``workshop`` and charge it to ``source``.

    - ``amount`` in ``currency`` (ISO 4217, at most its minor units), ``usd_rate`` = US dollars for
      one unit (ignored for USD); the USD value is ``round(amount × rate, 2)``.
    - ``spent_on`` between 1900-01-01 and today; ``cost_line`` one of ``CostLine``.
    - ``source``: a committed ``Contribution`` earmarked for this workshop (its cost line, if it has
      one, must be ``cost_line``) or an ``Allocation`` to this workshop (same rule for its line).
      ``None`` picks the first source that can take the whole amount, in this order: contributions
      earmarked for the line, for the workshop, allocations for the line, for the workshop.
    - Never above what the source still holds, decided under the source's row lock.
    - ``source_ref`` (e.g. ``"travel:ticket:12"``, ``"travel:dsa:12"``) makes the call idempotent:
      one expenditure per reference. Posting the same values again returns the record unchanged;
      different values correct it (re-checked against its source); a reversed one is charged again.
    - ``registration``: the funded participant a ticket or DSA is for (a registration of this
      workshop); counted by region and gender in what a donor's money bought, never named.

    Raises ``ValidationError`` (by field where there is one) and changes nothing when refused.
    """
    source_ref = (source_ref or "").strip()
    charge = _checked_charge(
        workshop=workshop,
        cost_line=cost_line,
        spent_on=spent_on,
        amount=amount,
        currency=currency,
        usd_rate=usd_rate,
        description=description,
        reference=reference,
        source_ref=source_ref,
        registration=registration,
    )
    existing = None
    if source_ref:
        existing = Expenditure.objects.select_for_update().filter(source_ref=source_ref).first()
    if existing is not None:
        if _same(existing, charge, source) and not existing.is_reversed:
            return existing
        return _change(existing, charge=charge, source=source, by=by, reason=_("Posted again with new values."))
    chosen = _charge_source(charge, source=source)
    expenditure = Expenditure(**_fields(charge), source_ref=source_ref, **_source_fields(chosen))
    try:
        with transaction.atomic():
            expenditure.save()
    except IntegrityError:
        # The same source_ref posted by another transaction that committed meanwhile: that one stands.
        if source_ref and Expenditure.objects.filter(source_ref=source_ref).exists():
            return Expenditure.objects.get(source_ref=source_ref)
        raise
    _audit(by=by, obj=expenditure, before={}, contribution=expenditure.contribution, workshop=workshop)
    return expenditure


@transaction.atomic
def correct_expenditure(
    *,
    expenditure: Expenditure,
    by: User,
    reason: str,
    cost_line: str,
    spent_on: datetime.date,
    amount: Decimal,
    currency: str,
    usd_rate: Decimal | None,
    description: str,
    source: Source | None = None,
    reference: str = "",
) -> Expenditure:
    """Correct a recorded expenditure (same workshop); the new values are checked like a new charge,
    against the new source (``None``: keep the current one) without counting the old values."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason; it is kept in the audit history.")})
    current = (
        Expenditure.objects.select_for_update(of=("self",))
        .select_related("workshop", "registration")
        .get(pk=expenditure.pk)
    )
    if current.is_reversed:
        raise ValidationError(_("This expenditure was reversed; record a new one instead."))
    charge = _checked_charge(
        workshop=current.workshop,
        cost_line=cost_line,
        spent_on=spent_on,
        amount=amount,
        currency=currency,
        usd_rate=usd_rate,
        description=description,
        reference=reference,
        source_ref="",
        registration=current.registration,
    )
    return _change(current, charge=charge, source=source or _source_of(current), by=by, reason=reason)


@transaction.atomic
def reverse_expenditure(
    *,
    by: User,
    reason: str,
    expenditure: Expenditure | None = None,
    source_ref: str = "",
    reversed_on: datetime.date | None = None,
) -> Expenditure | None:
    """Take an expenditure back (cancelled ticket, wrong posting): it stays on record and no longer
    counts as spent, so its source holds the money again. Found by record or by ``source_ref``;
    reversing by a reference that was never posted, or twice, changes nothing (returns None / the record)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason; it is kept in the audit history.")})
    rows = Expenditure.objects.select_for_update()
    if expenditure is not None:
        current = rows.get(pk=expenditure.pk)
    else:
        current = rows.filter(source_ref=(source_ref or "").strip()).exclude(source_ref="").first()
        if current is None:
            return None
    if current.is_reversed:
        return current
    reversed_on = reversed_on or timezone.localdate()
    if not EARLIEST <= reversed_on <= timezone.localdate():
        raise ValidationError({"reversed_on": _("Give a date between 1900 and today.")})
    before = _snapshot(current)
    current.reversed_on = reversed_on
    current.reversal_reason = reason[:300]
    current.save(update_fields=["reversed_on", "reversal_reason", "updated_at"])
    _audit(by=by, obj=current, before=before, reason=reason, contribution=current.contribution)
    return current


def charged(source: Source, *, exclude: int | None = None) -> Decimal:
    """USD already charged to a source by expenditures that are not reversed."""
    rows = Expenditure.objects.filter(reversed_on__isnull=True, **_source_fields(source))
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    return rows.aggregate(total=Sum("usd_amount"))["total"] or Decimal("0.00")


def holds(source: Source) -> Decimal:
    """What a source holds in USD: a committed contribution its USD value, an allocation its amount."""
    if isinstance(source, Allocation):
        return source.amount_usd
    return Decimal("0.00") if source.stage == Contribution.Stage.PLEDGE else source.usd_amount


def check_source_still_covers(source: Source) -> None:
    """Inside the source's lock, after its amount or earmark changed: what was charged still fits.

    Called by the contribution and allocation services, which lock the row before changing it."""
    rows = Expenditure.objects.filter(reversed_on__isnull=True, **_source_fields(source))
    if not rows.exists():
        return
    spent = charged(source)
    if spent > holds(source):
        raise ValidationError(
            _("%(spent)s USD has already been spent from it; it cannot hold less than that.")
            % {"spent": _plain(spent, USD)}
        )
    workshop_id = source.workshop_id
    if rows.exclude(workshop_id=workshop_id).exists():
        raise ValidationError(_("Expenditures of another workshop are charged to it; its earmark cannot change."))
    line = source.cost_line
    if line and rows.exclude(cost_line=line).exists():
        raise ValidationError(_("Expenditures of other cost lines are charged to it; its earmark cannot change."))


def has_expenditures(source: Source) -> bool:
    return Expenditure.objects.filter(**_source_fields(source)).exists()


# --- Inside -----------------------------------------------------------------------------------


def _checked_charge(
    *,
    workshop: Workshop,
    cost_line: str,
    spent_on,
    amount,
    currency: str,
    usd_rate,
    description: str,
    reference: str,
    source_ref: str,
    registration: Registration | None = None,
) -> Charge:
    errors: dict[str, str] = {}
    currency = (currency or "").strip().upper()
    texts = {"description": (description or "").strip(), "reference": (reference or "").strip()}
    if cost_line not in CostLine.values:
        errors["cost_line"] = _("Unknown cost line.")
    if registration is not None and registration.workshop_id != workshop.pk:
        errors["registration"] = _("The participant is registered for another workshop.")
    if not isinstance(spent_on, datetime.date) or not EARLIEST <= spent_on <= timezone.localdate():
        errors["spent_on"] = _("Give the date it was spent: from 1900 to today, not in the future.")
    if not is_currency(currency):
        errors["currency"] = _("%(code)s is not an ISO 4217 currency code (for example USD, EUR, CHF).") % {
            "code": currency[:3] or "—"
        }
    amount = _decimal(amount)
    if amount is None or amount <= 0:
        errors["amount"] = _("The amount must be above zero.")
    elif amount > MAX_AMOUNT:
        errors["amount"] = _("The amount is too large.")
    elif is_currency(currency) and not has_valid_minor_units(amount, currency):
        errors["amount"] = _("%(currency)s amounts have at most %(units)d decimals.") % {
            "currency": currency,
            "units": minor_units(currency),
        }
    rate = Decimal(1) if currency == USD else _decimal(usd_rate)
    if rate is None or rate <= 0 or rate > MAX_RATE or rate.as_tuple().exponent < -8:
        errors["usd_rate"] = _("Give the exchange rate: how many US dollars one %(currency)s is worth.") % {
            "currency": currency[:3] or _("unit")
        }
    if not texts["description"]:
        errors["description"] = _("Say what the money was spent on.")
    for name, text in [*texts.items(), ("source_ref", source_ref)]:
        if "\x00" in text:
            errors[name] = _("Null characters are not allowed.")
        elif len(text) > _TEXT_LIMITS[name]:
            errors[name] = _("At most %(limit)d characters.") % {"limit": _TEXT_LIMITS[name]}
    usd_amount = None
    if "amount" not in errors and "usd_rate" not in errors:
        usd_amount = to_usd(amount, rate)
        if usd_amount > MAX_USD:
            errors["amount"] = _("The amount in US dollars is too large.")
        elif usd_amount <= 0:
            errors["amount"] = _("The amount in US dollars rounds to zero.")
    if errors:
        raise ValidationError(errors)
    return Charge(
        workshop=workshop,
        cost_line=cost_line,
        spent_on=spent_on,
        amount=amount,
        currency=currency,
        usd_rate=rate,
        usd_amount=usd_amount,
        description=texts["description"],
        reference=texts["reference"],
        registration=registration,
    )


def _decimal(value) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if number.is_finite() else None


def _change(current: Expenditure, *, charge: Charge, source: Source | None, by: User, reason: str) -> Expenditure:
    if charge.workshop.pk != current.workshop_id:
        raise ValidationError({"workshop": _("An expenditure stays on its workshop; reverse it and record a new one.")})
    before = _snapshot(current)
    chosen = _charge_source(charge, source=source, exclude=current.pk, keep=_source_of(current))
    for name, value in {**_fields(charge), **_source_fields(chosen)}.items():
        setattr(current, name, value)
    current.reversed_on, current.reversal_reason = None, ""
    current.save()
    _audit(by=by, obj=current, before=before, reason=reason, contribution=current.contribution)
    return current


def _charge_source(charge: Charge, *, source: Source | None, exclude: int | None = None, keep=None) -> Source:
    """Lock the source (or the candidates) and return the one that takes the whole charge."""
    if source is not None:
        locked = _lock_sources([source] + ([keep] if keep is not None else []))
        chosen = next(row for row in locked if _key(row) == _key(source))
        _check_earmark(chosen, charge)
        _check_fits(chosen, charge, exclude=exclude)
        return chosen
    candidates = _candidates(charge)
    if keep is not None and _key(keep) in {_key(c) for c in candidates}:
        candidates.sort(key=lambda c: _key(c) != _key(keep))
    locked = {_key(row): row for row in _lock_sources(candidates)}
    for candidate in candidates:
        row = locked[_key(candidate)]
        if holds(row) - charged(row, exclude=exclude) >= charge.usd_amount:
            return row
    raise ValidationError(
        _(
            "No source of %(workshop)s holds %(amount)s USD for this cost line: record a contribution or "
            "an allocation first, or charge a smaller amount."
        )
        % {"workshop": charge.workshop, "amount": _plain(charge.usd_amount, USD)}
    )


def _candidates(charge: Charge) -> list[Source]:
    line = Q(cost_line=charge.cost_line) | Q(cost_line="")
    contributions = list(
        Contribution.objects.filter(line, workshop=charge.workshop)
        .exclude(stage=Contribution.Stage.PLEDGE)
        .order_by("pk")
    )
    allocations = list(Allocation.objects.filter(line, workshop=charge.workshop).order_by("pk"))
    ordered = sorted(contributions, key=lambda c: c.cost_line == "") + sorted(
        allocations, key=lambda a: a.cost_line == ""
    )
    return ordered


def _lock_sources(sources: list[Source]) -> list[Source]:
    """Lock the sources' rows: contributions first, then allocations, each in id order."""
    contribution_ids = sorted({s.pk for s in sources if isinstance(s, Contribution)})
    allocation_ids = sorted({s.pk for s in sources if isinstance(s, Allocation)})
    return _lock_source_rows(contribution_ids, allocation_ids)


def _lock_source_rows(contribution_ids: list[int], allocation_ids: list[int]) -> list[Source]:
    rows: list[Source] = []
    if contribution_ids:
        rows += list(
            Contribution.objects.select_for_update(of=("self",)).filter(pk__in=contribution_ids).order_by("pk")
        )
    if allocation_ids:
        rows += list(Allocation.objects.select_for_update(of=("self",)).filter(pk__in=allocation_ids).order_by("pk"))
    return rows


def _check_earmark(source: Source, charge: Charge) -> None:
    if isinstance(source, Contribution):
        if source.workshop_id is None:
            raise ValidationError(
                {"source": _("Programme money is charged through its allocation to the workshop, not directly.")}
            )
        if source.stage == Contribution.Stage.PLEDGE:
            raise ValidationError({"source": _("A pledge holds no money yet; it can be charged once committed.")})
    if source.workshop_id != charge.workshop.pk:
        raise ValidationError({"source": _("This money is earmarked for another workshop.")})
    if source.cost_line and source.cost_line != charge.cost_line:
        raise ValidationError(
            {
                "source": _("This money is earmarked for the cost line %(line)s only.")
                % {"line": CostLine(source.cost_line).label}
            }
        )


def _check_fits(source: Source, charge: Charge, *, exclude: int | None) -> None:
    left = holds(source) - charged(source, exclude=exclude)
    if charge.usd_amount > left:
        raise ValidationError(
            {
                "amount": _(
                    "%(amount)s USD is more than the %(left)s USD this source still holds; "
                    "it is never charged beyond what it holds."
                )
                % {"amount": _plain(charge.usd_amount, USD), "left": _plain(max(left, Decimal(0)), USD)}
            }
        )


def _fields(charge: Charge) -> dict:
    return {
        "workshop": charge.workshop,
        "cost_line": charge.cost_line,
        "spent_on": charge.spent_on,
        "amount": charge.amount,
        "currency": charge.currency,
        "usd_rate": charge.usd_rate,
        "usd_amount": charge.usd_amount,
        "description": charge.description,
        "reference": charge.reference,
        "registration": charge.registration,
    }


def _source_fields(source: Source) -> dict:
    if isinstance(source, Allocation):
        return {"allocation": source, "contribution": None}
    return {"contribution": source, "allocation": None}


def _source_of(expenditure: Expenditure) -> Source:
    return expenditure.contribution if expenditure.contribution_id else expenditure.allocation


def _key(source: Source) -> tuple[str, int]:
    return ("allocation" if isinstance(source, Allocation) else "contribution", source.pk)


def _same(existing: Expenditure, charge: Charge, source: Source | None) -> bool:
    values = _fields(charge)
    values["registration"] = charge.registration.pk if charge.registration else None
    values["registration_id"] = values.pop("registration")
    same_values = all(getattr(existing, name) == value for name, value in values.items() if name != "workshop")
    same_source = source is None or _key(source) == _key(_source_of(existing))
    return same_values and existing.workshop_id == charge.workshop.pk and same_source
