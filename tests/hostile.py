"""Helpers of ``tests/test_hostile_forms.py``: the forms a page renders, hostile values for their fields,
and one-query snapshots of every table.

A page's forms are read from its HTML (``<form>`` with its controls) and matched with the Django forms
the request built, which say what each control is (a date, a decimal, a choice of records...).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

RTL = "\u202e"
LONG_TEXT = RTL + "x" * 10_000 + "\x00"
SHORT_TEXT = RTL + "RTL\x00 text"
HUGE_INTEGER = str(10**20)
HUGE_DECIMAL = "9999999999999.99"
UNKNOWN_CHOICE = "ZZZ"
BUTTON_TYPES = {"submit", "button", "reset", "image"}
SKIPPED_TABLES = {"django_session", "idm_cache"}


# --- The forms in a page -----------------------------------------------------------------------


@dataclass
class Control:
    name: str
    kind: str  # input type, "select", "select-multiple" or "textarea"
    value: str = ""
    options: list[str] = field(default_factory=list)


@dataclass
class HtmlForm:
    method: str
    action: str
    enctype: str
    controls: list[Control] = field(default_factory=list)

    def names(self) -> set[str]:
        return {control.name for control in self.controls}


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[HtmlForm] = []
        self._form: HtmlForm | None = None
        self._select: Control | None = None
        self._textarea: Control | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._form = HtmlForm(
                attrs.get("method", "get").lower(), attrs.get("action", ""), attrs.get("enctype", "").lower()
            )
            self.forms.append(self._form)
            return
        form = self._form
        if form is None or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in ("checkbox", "radio") and any(c.name == attrs["name"] for c in form.controls):
                control = next(c for c in form.controls if c.name == attrs["name"])
                control.options.append(attrs.get("value", "on"))
                return
            control = Control(attrs["name"], kind, attrs.get("value", ""))
            if kind in ("checkbox", "radio"):
                control.options.append(attrs.get("value", "on"))
            form.controls.append(control)
        elif tag == "button" and attrs.get("type", "submit").lower() == "submit":
            form.controls.append(Control(attrs["name"], "submit", attrs.get("value", "")))
        elif tag == "select":
            self._select = Control(attrs["name"], "select-multiple" if "multiple" in attrs else "select")
            form.controls.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select.options.append(attrs.get("value", ""))
        elif tag == "textarea":
            self._textarea = Control(attrs["name"], "textarea")
            form.controls.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def html_forms(html: str) -> list[HtmlForm]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def field_names(form: forms.BaseForm) -> dict[str, forms.Field]:
    """The names a form's fields send (a split date-time sends two), each with its field."""
    names = {}
    for name, form_field in form.fields.items():
        html_name = form.add_prefix(name)
        widget = form_field.widget
        if isinstance(widget, forms.MultiWidget):
            for suffix in widget.widgets_names:
                names[html_name + suffix] = form_field
        else:
            names[html_name] = form_field
    return names


# --- Hostile values ----------------------------------------------------------------------------


def other_pk(queryset) -> int:
    """A record of the same kind that this field does not offer (another person's, state's, donor's),
    or one that does not exist."""
    model = queryset.model
    allowed = queryset.values("pk")
    other = model._default_manager.exclude(pk__in=allowed).order_by("pk").values_list("pk", flat=True).first()
    if other is not None:
        return other
    last = model._default_manager.order_by("-pk").values_list("pk", flat=True).first() or 0
    return last + 1000


def _plausible(form_field: forms.Field, control: Control | None, index: int) -> str | list[str]:
    """A value the field would take from a careful user (dates one day apart in field order)."""
    if control is not None and control.value and control.kind not in ("checkbox", "radio", "submit"):
        return control.value
    if isinstance(form_field, forms.ModelMultipleChoiceField):
        pk = form_field.queryset.values_list("pk", flat=True).first()
        return [str(pk)] if pk is not None else []
    if isinstance(form_field, forms.ModelChoiceField):
        pk = form_field.queryset.values_list("pk", flat=True).first()
        return str(pk) if pk is not None else ""
    if isinstance(form_field, forms.MultipleChoiceField):
        return [str(value) for value in _choice_values(form_field)[:1]]
    if isinstance(form_field, forms.ChoiceField):
        return next(iter(_choice_values(form_field)), "")
    if isinstance(form_field, forms.BooleanField):
        return "on"
    if isinstance(form_field, forms.DateTimeField):
        return (date(2010, 3, 9) + timedelta(days=index)).isoformat() + "T10:00"
    if isinstance(form_field, forms.DateField):
        return (date(2010, 3, 9) + timedelta(days=index)).isoformat()
    if isinstance(form_field, forms.TimeField):
        return "10:00"
    if isinstance(form_field, forms.DecimalField | forms.FloatField | forms.IntegerField):
        return "1"
    if isinstance(form_field, forms.EmailField):
        return "hostile@example.org"
    if isinstance(form_field, forms.URLField):
        return "https://example.org/"
    return "Hostile test"


def _choice_values(form_field: forms.ChoiceField) -> list[str]:
    values = []
    for value, label in form_field.choices:
        if isinstance(label, list | tuple):
            values.extend(str(inner) for inner, _ in label if str(inner))
        elif str(value):
            values.append(str(value))
    return values


def _raw_hostile(form_field: forms.Field, index: int) -> str | list[str]:
    """The most hostile value of the field's kind: too long, too big, year 1 or 9999, unknown, another's."""
    if isinstance(form_field, forms.ModelMultipleChoiceField):
        return [str(other_pk(form_field.queryset))]
    if isinstance(form_field, forms.ModelChoiceField):
        return str(other_pk(form_field.queryset))
    if isinstance(form_field, forms.MultipleChoiceField):
        return [UNKNOWN_CHOICE]
    if isinstance(form_field, forms.ChoiceField):
        return UNKNOWN_CHOICE
    if isinstance(form_field, forms.BooleanField):
        return LONG_TEXT
    if isinstance(form_field, forms.DateTimeField):
        return "9999-12-31T23:59" if index % 2 else "0001-01-01T00:00"
    if isinstance(form_field, forms.DateField):
        return "0001-01-01" if index % 2 == 0 else "9999-12-31"
    if isinstance(form_field, forms.DecimalField | forms.FloatField):
        return HUGE_DECIMAL
    if isinstance(form_field, forms.IntegerField):
        return HUGE_INTEGER
    return LONG_TEXT


def _candidates(form_field: forms.Field, index: int) -> list[str | list[str]]:
    """Hostile values a field might still accept, most hostile first."""
    if isinstance(form_field, forms.ModelMultipleChoiceField | forms.ModelChoiceField | forms.ChoiceField):
        return [_raw_hostile(form_field, index)]
    if isinstance(form_field, forms.DateTimeField):
        # End before start: later fields get earlier days.
        reversed_day = (date(2010, 3, 20) - timedelta(days=index)).isoformat()
        return ["0001-01-01T00:00", "9999-12-31T23:59", reversed_day + "T10:00"]
    if isinstance(form_field, forms.DateField):
        return ["0001-01-01", "9999-12-31", (date(2010, 3, 20) - timedelta(days=index)).isoformat()]
    if isinstance(form_field, forms.DecimalField | forms.FloatField):
        return [HUGE_DECIMAL, "-1", "0"]
    if isinstance(form_field, forms.IntegerField):
        return [HUGE_INTEGER, "-1", "0"]
    if isinstance(form_field, forms.BooleanField):
        return ["on"]
    return [LONG_TEXT, SHORT_TEXT]


def _accepted(form_field: forms.Field, value) -> bool:
    from directory.hardening import strip_controls

    cleaned = [strip_controls(v) for v in value] if isinstance(value, list) else strip_controls(value)
    try:
        form_field.clean(cleaned)
    except Exception:  # noqa: BLE001 - any refusal of the field (ValidationError, a widget's own error)
        return False
    return True


def _hidden_hostile(control: Control, variant: str) -> str:
    if variant == "empty":
        return ""
    if control.value.isdigit():
        return HUGE_INTEGER if variant == "raw" else str(int(control.value) + 1)
    return control.value


VARIANTS = ("empty", "raw", "accepted")


def payload(html_form: HtmlForm, fields: dict[str, forms.Field], variant: str) -> dict:
    """What one submission sends: ``empty`` (every field empty), ``raw`` (every field at its most hostile)
    or ``accepted`` (in each field the most hostile value that field accepts, else a careful value, so the
    submission reaches the service)."""
    data: dict = {}
    for index, control in enumerate(html_form.controls):
        if control.name == "csrfmiddlewaretoken":
            continue
        form_field = fields.get(control.name)
        if form_field is None:
            if control.kind == "submit":
                data.setdefault(control.name, control.value)
            elif control.kind == "hidden":
                data[control.name] = _hidden_hostile(control, variant)
            continue
        if isinstance(form_field, forms.FileField):
            if variant != "empty":
                data[control.name] = hostile_upload(variant)
            continue
        if variant == "empty":
            data[control.name] = [] if control.kind == "select-multiple" else ""
        elif variant == "raw":
            data[control.name] = _raw_hostile(form_field, index)
        else:
            chosen = next((c for c in _candidates(form_field, index) if _accepted(form_field, c)), None)
            data[control.name] = chosen if chosen is not None else _plausible(form_field, control, index)
    return data


# A file's name as a client may send it: right-to-left override, emoji, NUL, a path, 300 characters
# and an extension longer than any column (the content is what decides the kind: directory/uploads.py).
HOSTILE_FILE_NAME = "../" + RTL + "😀\x00" + "n" * 150 + "." + "e" * 150
MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def hostile_upload(variant: str) -> SimpleUploadedFile:
    """``raw``: bytes of no kind; ``accepted``: a PDF (a form for images refuses it), both so named."""
    content = b"\x00\xff not a document" if variant == "raw" else MINIMAL_PDF
    return SimpleUploadedFile(HOSTILE_FILE_NAME, content, content_type="application/pdf")


def html_field(control: Control) -> forms.Field | None:
    """For a control of a GET form (a search box, a filter) that no Django form declares: the field its
    HTML type stands for. A POST form gets none: what changes records must come through a Django form."""
    kind = control.kind
    if kind in ("text", "search", "tel", "textarea"):
        return forms.CharField(required=False)
    if kind == "email":
        return forms.EmailField(required=False)
    if kind == "url":
        return forms.URLField(required=False)
    if kind == "number":
        return forms.IntegerField(required=False)
    if kind == "date":
        return forms.DateField(required=False)
    if kind == "datetime-local":
        return forms.DateTimeField(required=False)
    if kind == "time":
        return forms.TimeField(required=False)
    if kind == "checkbox" and len(control.options) == 1:
        return forms.BooleanField(required=False)
    if kind in ("select", "radio", "select-multiple", "checkbox"):
        choices = [(option, option) for option in control.options]
        multiple = kind in ("select-multiple", "checkbox")
        return (forms.MultipleChoiceField if multiple else forms.ChoiceField)(choices=choices, required=False)
    return None


def unfillable(html_form: HtmlForm, fields: dict[str, forms.Field]) -> list[str]:
    """Controls the test cannot fill: shown to the user, but not a field of any form of the page."""
    return sorted(
        control.name
        for control in html_form.controls
        if control.name not in fields
        and control.name != "csrfmiddlewaretoken"
        and control.kind not in ("hidden", "submit")
        and control.kind not in BUTTON_TYPES
    )


# --- Every table in one query ------------------------------------------------------------------


def _sqlite_row_hash(*values) -> int:
    return zlib.crc32(repr(values).encode())


class Snapshot:
    """Exact row counts and a checksum of every table, read in ONE query."""

    def __init__(self) -> None:
        with connection.cursor() as cursor:
            tables = [t for t in connection.introspection.table_names(cursor) if t not in SKIPPED_TABLES]
            quote = connection.ops.quote_name
            if connection.vendor == "postgresql":
                parts = [
                    f"SELECT '{t}', count(*), coalesce(sum(hashtext(x::text)::bigint), 0) FROM {quote(t)} x"  # noqa: S608 - our own table names
                    for t in tables
                ]
            else:
                connection.connection.create_function("idm_row_hash", -1, _sqlite_row_hash, deterministic=True)
                parts = []
                for t in tables:
                    description = connection.introspection.get_table_description(cursor, t)
                    columns = ", ".join(quote(column.name) for column in description)
                    parts.append(f"SELECT '{t}', count(*), coalesce(sum(idm_row_hash({columns})), 0) FROM {quote(t)}")  # noqa: S608
        self.sql = " UNION ALL ".join(parts)

    def take(self) -> dict[str, tuple[int, int]]:
        with connection.cursor() as cursor:
            cursor.execute(self.sql)
            return {table: (count, int(checksum)) for table, count, checksum in cursor.fetchall()}


def changed(before: dict, after: dict) -> dict[str, tuple]:
    return {table: (before.get(table), after.get(table)) for table in after if before.get(table) != after[table]}
