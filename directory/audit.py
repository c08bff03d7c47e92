"""What every audit history writes: a record's values as a person reads them, field by field."""

from __future__ import annotations

from collections.abc import Callable, Collection

from django.db import models


def text(value) -> str:
    """A value as it is written in a history: dates in ISO, empty for none."""
    if value is None or value == "":
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def readable_values(
    obj: models.Model | None,
    *,
    leave_out: Collection[str],
    decimal_text: Callable[[models.Model, models.DecimalField], str] | None = None,
) -> dict[str, str]:
    """Field by field as a person reads it: names for related records, labels for choices, other values as
    ``text`` (amounts as ``decimal_text`` when given); the fields in ``leave_out`` are not written."""
    if obj is None:
        return {}
    values = {}
    for field in obj._meta.concrete_fields:
        if field.name in leave_out:
            continue
        value = getattr(obj, field.name)
        if field.is_relation:
            values[field.name] = "" if value is None else str(value)
        elif decimal_text is not None and isinstance(field, models.DecimalField) and value is not None:
            values[field.name] = decimal_text(obj, field)
        elif field.choices:
            values[field.name] = str(getattr(obj, f"get_{field.name}_display")()) if value else ""
        else:
            values[field.name] = text(value)
    return values
