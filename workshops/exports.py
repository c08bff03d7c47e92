"""Lists of participants as CSV and XLSX: the same columns and rows in both."""

import csv
import io
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from directory.translation import translated

from .models import Registration

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def header() -> list[str]:
    return [
        _("Workshop"),
        _("Honorific"),
        _("Given name"),
        _("Family name"),
        _("Position"),
        _("Organisation"),
        _("Member state"),
        _("E-mail address"),
        _("Status"),
        _("Head of delegation"),
        _("On the published list"),
        _("Funded participation"),
        _("Travelling from"),
        _("Registered at"),
    ]


def rows(registrations: Iterable[Registration]) -> Iterable[list[str]]:
    yes, no = _("yes"), _("no")
    for registration in registrations:
        person = registration.person
        yield [
            translated(registration.workshop, "title"),
            person.honorific,
            person.given_name,
            person.family_name,
            person.local_position,
            person.organisation.local_name if person.organisation_id else "",
            str(registration.member_state),
            person.email,
            registration.get_status_display(),
            yes if registration.is_head_of_delegation else no,
            yes if registration.consent_to_publish else no,
            registration.get_funding_display() if registration.funding else "",
            registration.travel_from,
            timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M %Z"),
        ]


def _inert(value: str) -> str:
    """Spreadsheets run a cell that starts with = + - @ as a formula: a name typed by anyone must not."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def csv_text(columns: list[str], table: Iterable[list[str]]) -> str:
    """A table as CSV, every cell inert for spreadsheets."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows([_inert(value) for value in row] for row in table)
    return buffer.getvalue()


def xlsx_bytes(columns: list[str], table: Iterable[list[str]], *, title: str) -> bytes:
    """A table as one XLSX sheet, bold header, every cell text."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31] or "Sheet"
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(table, start=2):
        for column, value in enumerate(row, start=1):
            # Set as text explicitly: openpyxl would store "=..." as a formula.
            cell = sheet.cell(row=number, column=column)
            cell.value = value
            cell.data_type = "s"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_csv(registrations: Iterable[Registration]) -> str:
    return csv_text(header(), rows(registrations))


def to_xlsx(registrations: Iterable[Registration], *, title: str) -> bytes:
    return xlsx_bytes(header(), rows(registrations), title=title or "Participants")
