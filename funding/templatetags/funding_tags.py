"""Money formatting and audit labels for funding's templates."""

from decimal import Decimal
from functools import cache

from django import template

from ..currencies import USD, money_text, number_text
from ..queries import field_label
from ..queries import paid_usd as queries_paid_usd

register = template.Library()


@register.filter
def money(value, currency: str = USD) -> str:
    """An amount with its currency's minor units and the language's digit grouping."""
    if value is None or value == "":
        return ""
    return money_text(value, currency)


@register.filter
def rate(value) -> str:
    """An exchange rate as recorded, without trailing zeros."""
    if value is None or value == "":
        return ""
    return format(Decimal(value).normalize(), "f")


@register.filter
def usd(value) -> str:
    return money(value, USD)


@register.filter
def seats(value) -> str:
    """Attributed participants, to one decimal."""
    return number_text(value, 1)


@register.simple_tag
def audit_changes(entry) -> list[tuple[str, str, str]]:
    """(field label, before, after) for each field an audit entry changed."""
    return [(field_label(entry.kind, name), before, after) for name, before, after in entry.changes]


@register.simple_tag
def paid_usd(contribution):
    return queries_paid_usd(contribution)


@register.filter
def label(record, field_name: str) -> str:
    """``record.get_<field>_display()`` from a dict built once: Django's rebuilds the choices' dict,
    hashing every lazy label, on each call — thousands of calls on a page of 50 rows."""
    value = getattr(record, field_name)
    return str(_labels(type(record), field_name).get(value, value))


@cache
def _labels(model, field_name: str) -> dict:
    return dict(model._meta.get_field(field_name).flatchoices)
