"""Amount checks and the plain amount text the services' messages quote."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..currencies import USD, has_valid_minor_units, minor_units


def _check_cents(amount: Decimal, field: str) -> None:
    if not has_valid_minor_units(amount, USD):
        raise ValidationError({field: _("US dollar amounts have at most 2 decimals.")})


def _plain(amount: Decimal, currency: str) -> str:
    units = minor_units(currency)
    return f"{Decimal(amount):,.{units}f}"
