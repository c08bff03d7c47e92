"""Input a user can type never becomes a server error: one place, used by every form of the portal.

Three guards, all installed by ``install()`` from ``DirectoryConfig.ready``:

- ``ControlCharacterMiddleware`` strips NUL and the other C0 control characters (all but tab, line feed
  and carriage return) from every GET and POST value and key before any view sees them (PostgreSQL
  refuses NUL in text: a ``?q=%00`` was a 500), answers a path that holds one with a 404 and a JSON body
  whose strings hold one (400).
- Every form of the project's apps (any form whose class or model comes from one of them, including
  forms added later and fields added in ``__init__``) is bounded when it is built: integers within
  their column's range (or a stricter domain bound, ``DOMAIN_BOUNDS``), decimals within their
  column's digits, text within its column's length, every date and date-time within 1900-01-01 to
  2100-12-31. A DRF serializer's integer, date and date-time fields get the same bounds.
- Before any save of a model of the project's apps, its values are checked against its columns
  (``check_columns``): a computed value that would overflow (a contribution's USD amount = amount ×
  rate) is a ``ValidationError`` naming the field, which the writing views put on the form
  (``service_views.add_service_errors``), never a ``DataError``; the transaction it happened in is
  rolled back, so nothing is half-saved.
"""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.apps import apps
from django.core import validators
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models.signals import pre_save
from django.http import Http404, JsonResponse, QueryDict
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# --- What is allowed ---------------------------------------------------------------------------

EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2100, 12, 31)
# A workshop room, a delegation, funded seats: no IDM meeting is larger.
MAX_SEATS = 3000
# Stricter than the column, for the domain: "app_label.Model.field" -> (min, max).
DOMAIN_BOUNDS: dict[str, tuple[int, int]] = {
    "workshops.Workshop.capacity": (0, MAX_SEATS),
    "workshops.Workshop.funded_seats": (0, MAX_SEATS),
}
# The integer columns' ranges, as PostgreSQL stores them (the production database; SQLite holds more).
INTEGER_RANGES: dict[str, tuple[int, int]] = {
    "SmallIntegerField": (-32768, 32767),
    "PositiveSmallIntegerField": (0, 32767),
    "IntegerField": (-2147483648, 2147483647),
    "PositiveIntegerField": (0, 2147483647),
    "BigIntegerField": (-9223372036854775808, 9223372036854775807),
    "PositiveBigIntegerField": (0, 9223372036854775807),
    "SmallAutoField": (1, 32767),
    "AutoField": (1, 2147483647),
    "BigAutoField": (1, 9223372036854775807),
}
# A form integer that names no column is stored in an ``integer`` column at most.
DEFAULT_INTEGER_RANGE = INTEGER_RANGES["IntegerField"]
# A text field that names no column: one line, or a text area.
DEFAULT_LINE_LENGTH = 1_000
DEFAULT_TEXT_LENGTH = 100_000
PROJECT_APPS = ("directory", "workshops", "consultations", "sessions_council", "funding", "travel", "documents", "api")

# NUL and the other C0 controls and DEL; tab, line feed and carriage return (a text area's CRLF) are text.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

API_PREFIX = "/api/"

DATE_RANGE_MESSAGE = gettext_lazy("Enter a date between 1 January 1900 and 31 December 2100.")


# --- The middleware ------------------------------------------------------------------------------


def strip_controls(text: str) -> str:
    return CONTROL.sub("", text)


def clean_querydict(data: QueryDict) -> QueryDict:
    if not any(CONTROL.search(key) or any(CONTROL.search(v) for v in values) for key, values in data.lists()):
        return data
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(strip_controls(key), [strip_controls(value) for value in values])
    cleaned._mutable = False
    return cleaned


# No body the portal reads nests this deep; a deeper one is refused before any parser recurses
# through it (Python's json and DRF's parser raise RecursionError a thousand levels down: a 500).
MOST_JSON_DEPTH = 64


def _json_refusal(value: Any) -> str | None:
    """Why a JSON body is refused (a control character in a text, too deep), or None; walked without
    recursion."""
    pending = [(value, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            if CONTROL.search(value) is not None:
                return _("A text value holds a control character (such as NUL).")
        elif isinstance(value, dict | list):
            if depth > MOST_JSON_DEPTH:
                return _("The JSON body nests too deeply.")
            items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
            pending.extend((item, depth + 1) for item in items)
    return None


class ControlCharacterMiddleware:
    """No NUL (or other control character) reaches a view: stripped from query and form values,
    not found (404) in the path, refused (400) in a JSON body (as is a body nesting too deep)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.META.get("QUERY_STRING"):  # without one, GET is empty: not worth building here
            request.GET = clean_querydict(request.GET)
        content_type = request.content_type or ""
        if (
            request.method == "POST"
            and content_type in ("application/x-www-form-urlencoded", "multipart/form-data")
            and not request.path.startswith(API_PREFIX)  # the API reads JSON only, with its own parser
        ):
            request.POST = clean_querydict(request.POST)
        elif content_type == "application/json" and request.method in ("POST", "PUT", "PATCH"):
            try:
                refusal = _json_refusal(json.loads(request.body or b"null"))
            except RecursionError:
                refusal = _("The JSON body nests too deeply.")
            except ValueError:
                refusal = None  # not JSON: the API's parser answers it
            if refusal:
                return JsonResponse({"non_field_errors": [refusal]}, status=400)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """After the other middleware (the 404 page knows who asks), before the view."""
        if CONTROL.search(request.path):
            # No address of the portal holds one: not found (in the API's own shape under /api/).
            if request.path.startswith(API_PREFIX):
                from rest_framework.exceptions import NotFound  # DRF only for the API's addresses

                return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
            raise Http404(_("The address holds a control character."))
        return None


# --- Numbers in a query string ------------------------------------------------------------------

# A page or an id written in a query string: at most 18 digits (any of them fits PostgreSQL's bigint).
MOST_DIGITS = 18


def whole_number(text: str | None, default: int | None = None) -> int | None:
    """The number ``text`` writes in ASCII digits (a page, a record's id in a query string), else
    ``default``. ``str.isdigit()`` is no test for ``int()``: it says yes to "²" and to 5,000 digits,
    which ``int()`` refuses (a 500 for ``?page=²``)."""
    if text and len(text) <= MOST_DIGITS and text.isascii() and text.isdigit():
        return int(text)
    return default


# --- Forms ----------------------------------------------------------------------------------------


def validate_date_range(value: datetime.date | datetime.datetime | None) -> None:
    if value is None:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(DATE_RANGE_MESSAGE, code="date_range")


def _is_project_form(form: forms.BaseForm) -> bool:
    if any(cls.__module__.split(".")[0] in PROJECT_APPS for cls in type(form).__mro__):
        return True
    meta = getattr(form, "_meta", None)
    model = getattr(meta, "model", None)
    return model is not None and model._meta.app_label in PROJECT_APPS


def _column(form: forms.BaseForm, name: str) -> models.Field | None:
    model = getattr(getattr(form, "_meta", None), "model", None)
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) and field.concrete else None


def _integer_bounds(column: models.Field | None) -> tuple[int, int]:
    if column is None:
        return DEFAULT_INTEGER_RANGE
    label = f"{column.model._meta.label}.{column.name}"
    if label in DOMAIN_BOUNDS:
        return DOMAIN_BOUNDS[label]
    return INTEGER_RANGES.get(column.get_internal_type(), DEFAULT_INTEGER_RANGE)


def _bound_integer(field: forms.IntegerField, low: int, high: int) -> None:
    if field.max_value is None or field.max_value > high:
        field.max_value = high
        field.validators.append(validators.MaxValueValidator(high))
        field.widget.attrs["max"] = high
    if field.min_value is None or field.min_value < low:
        field.min_value = low
        field.validators.append(validators.MinValueValidator(low))
        field.widget.attrs["min"] = low


def _bound_decimal(field: forms.DecimalField, column: models.Field | None) -> None:
    column_whole = column.max_digits - column.decimal_places if isinstance(column, models.DecimalField) else None
    if column_whole is not None and (
        field.max_digits is None or field.max_digits - (field.decimal_places or 0) > column_whole
    ):
        field.max_digits, field.decimal_places = column.max_digits, column.decimal_places
        field.validators.append(validators.DecimalValidator(column.max_digits, column.decimal_places))
    if field.max_digits is None:
        # No column named: at most what the widest money column holds (16 digits, 3 decimals).
        field.max_digits, field.decimal_places = 16, field.decimal_places if field.decimal_places is not None else 3
        field.validators.append(validators.DecimalValidator(field.max_digits, field.decimal_places))


def _bound_text(field: forms.CharField, column: models.Field | None) -> None:
    limit = getattr(column, "max_length", None)
    if limit is None:
        limit = DEFAULT_TEXT_LENGTH if isinstance(field.widget, forms.Textarea) else DEFAULT_LINE_LENGTH
    if field.max_length is None or field.max_length > limit:
        field.max_length = limit
        field.validators.append(validators.MaxLengthValidator(limit))
        if not field.widget.is_hidden:
            field.widget.attrs["maxlength"] = str(limit)


def _bound_dates(field: forms.Field) -> None:
    if validate_date_range in field.validators:
        return
    field.validators.append(validate_date_range)
    widget = field.widget
    input_type = getattr(widget, "input_type", "") or widget.attrs.get("type", "")
    if input_type == "date":
        widget.attrs.setdefault("min", EARLIEST.isoformat())
        widget.attrs.setdefault("max", LATEST.isoformat())
    elif input_type == "datetime-local":
        widget.attrs.setdefault("min", f"{EARLIEST.isoformat()}T00:00")
        widget.attrs.setdefault("max", f"{LATEST.isoformat()}T23:59")


def harden_field(field: forms.Field, column: models.Field | None = None) -> None:
    """Bound one form field by its column (or the defaults when it names none)."""
    if isinstance(field, forms.DecimalField):
        _bound_decimal(field, column)
    elif isinstance(field, forms.FloatField):
        return
    elif isinstance(field, forms.IntegerField):
        _bound_integer(field, *_integer_bounds(column))
    elif isinstance(field, (forms.DateField, forms.DateTimeField)):
        _bound_dates(field)
    elif isinstance(field, forms.SplitDateTimeField):
        _bound_dates(field)
    elif isinstance(field, forms.CharField):
        _bound_text(field, column)


def harden_form(form: forms.BaseForm) -> None:
    """Bound every field of a form of the project (its own copies: the class keeps its fields)."""
    if not _is_project_form(form):
        return
    for name, field in form.fields.items():
        harden_field(field, _column(form, name))


def _install_forms() -> None:
    if getattr(forms.BaseForm, "_idm_hardened", False):
        return
    original_init = forms.BaseForm.__init__
    original_clean = forms.BaseForm.full_clean

    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        harden_form(self)

    def full_clean(self):
        # Fields a form's own __init__ added after ours ran (a subclass's) are bounded here too.
        harden_form(self)
        original_clean(self)

    forms.BaseForm.__init__ = __init__
    forms.BaseForm.full_clean = full_clean
    forms.BaseForm._idm_hardened = True


# --- DRF serializers ------------------------------------------------------------------------------


def _harden_serializer_field(field) -> None:
    # DRF is imported only when its classes are hardened (from ready()), not by every module using hardening.
    from rest_framework import fields as drf_fields

    if isinstance(field, drf_fields.IntegerField):
        low, high = DEFAULT_INTEGER_RANGE
        if field.max_value is None or field.max_value > high:
            field.max_value = high
            field.validators.append(validators.MaxValueValidator(high))
        if field.min_value is None or field.min_value < low:
            field.min_value = low
            field.validators.append(validators.MinValueValidator(low))
    elif isinstance(field, drf_fields.DateField | drf_fields.DateTimeField):
        if validate_date_range not in field.validators:
            field.validators.append(validate_date_range)


def _install_serializers() -> None:
    # DRF is imported only when its classes are hardened (from ready()), not by every module using hardening.
    from django.utils.functional import cached_property
    from rest_framework import serializers

    if getattr(serializers.Serializer, "_idm_hardened", False):
        return
    original = serializers.Serializer.fields.func

    def fields(self):
        bound = original(self)
        for field in bound.values():
            _harden_serializer_field(field)
        return bound

    hardened = cached_property(fields)
    hardened.__set_name__(serializers.Serializer, "fields")
    serializers.Serializer.fields = hardened
    serializers.Serializer._idm_hardened = True


# --- Before any save ------------------------------------------------------------------------------


def _name(field: models.Field) -> str:
    return capfirst(str(field.verbose_name))


def _column_error(field: models.Field, value: Any) -> str | None:
    if value is None or isinstance(value, models.expressions.Combinable):
        return None
    if isinstance(field, models.DecimalField) and isinstance(value, Decimal) and value.is_finite():
        digits = value.adjusted() + 1 if value else 0
        whole = field.max_digits - field.decimal_places
        if digits > whole:
            return _("%(field)s would be %(value)s: more than %(digits)s digits before the decimal point.") % {
                "field": _name(field),
                "value": value,
                "digits": whole,
            }
    elif isinstance(field, models.IntegerField) and isinstance(value, int) and not isinstance(value, bool):
        low, high = INTEGER_RANGES.get(field.get_internal_type(), DEFAULT_INTEGER_RANGE)
        if not low <= value <= high:
            return _("%(field)s would be %(value)s: it must be between %(low)s and %(high)s.") % {
                "field": _name(field),
                "value": value,
                "low": low,
                "high": high,
            }
    elif isinstance(field, models.DateField | models.DateTimeField) and isinstance(value, datetime.date):
        try:
            validate_date_range(value)
        except ValidationError:
            return _("%(field)s: %(message)s") % {"field": _name(field), "message": DATE_RANGE_MESSAGE}
    elif isinstance(field, models.CharField) and field.max_length and isinstance(value, str):
        if len(value) > field.max_length:
            return _("%(field)s is longer than %(limit)s characters.") % {
                "field": _name(field),
                "limit": field.max_length,
            }
    return None


# The columns of each model whose values can fail to fit (the kinds _column_error checks): worked out
# once per model, not at every save.
_CHECKED_KINDS = (models.DecimalField, models.IntegerField, models.DateField, models.CharField)
_checked: dict[type[models.Model], tuple[models.Field, ...]] = {}


def _checked_columns(model: type[models.Model]) -> tuple[models.Field, ...]:
    columns = _checked.get(model)
    if columns is None:
        columns = _checked[model] = tuple(
            field
            for field in model._meta.concrete_fields
            if not field.primary_key and isinstance(field, _CHECKED_KINDS)
        )
    return columns


def check_columns(instance: models.Model) -> None:
    """Every value fits its column, or a ValidationError naming the field (nothing is written)."""
    errors = {}
    values = instance.__dict__
    for field in _checked_columns(type(instance)):
        if field.attname not in values:
            continue  # deferred: not written by this save (reading it would load it, a query each)
        message = _column_error(field, values[field.attname])
        if message:
            errors[field.name] = message
    if errors:
        raise ValidationError(errors)


def _check_before_save(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        check_columns(instance)


def install() -> None:
    """Called once, from ``DirectoryConfig.ready``."""
    _install_forms()
    _install_serializers()
    for model in apps.get_models():
        if model._meta.app_label in PROJECT_APPS:
            pre_save.connect(_check_before_save, sender=model, dispatch_uid=f"hardening-{model._meta.label}")
