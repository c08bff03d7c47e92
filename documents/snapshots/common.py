"""Snapshot helpers: records as plain JSON values, read back at render time."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any, NamedTuple

from directory.models import MemberState, Organisation, Person
from directory.translation import ORIGINAL, TRANSLATIONS, companion, content_language


class Recipe(NamedTuple):
    """How one kind of document is made: ``build(source, variant)`` reads the records at request time as
    plain JSON values, ``present(records)`` makes the template's context at render time, in the document's
    language, and ``filename(records, variant, language, version)`` names the PDF."""

    build: Callable[[Any, str], dict]
    present: Callable[[dict], dict]
    filename: Callable[[dict, str, str, int], str]


def iso_date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def parse_date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def parse_datetime(value: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(value) if value else None


def money(value: Decimal | int | None) -> str:
    return str(Decimal(value or 0))


def parse_money(value: str | None) -> Decimal:
    return Decimal(value or 0)


def person(record: Person) -> dict:
    """A person with position, organisation and member state in the three languages (``in_language(entry,
    *PERSON_TEXTS)`` at render time)."""
    return {
        "name": record.full_name,
        "family_name": record.family_name,
        **texts(record, "position"),
        **organisation_names(record.organisation if record.organisation_id else None),
        **state_names(record.member_state if record.member_state_id else None),
    }


PERSON_TEXTS = ("position", "organisation", "state")


def state_names(state: MemberState | None, *, name: str = "state") -> dict:
    """``{"state": "Switzerland", "state_fr": "Suisse", "state_es": "Suiza"}``: django-countries' ISO name
    in each language, or the secretariat's override (``MemberState.name_in``)."""
    return {companion(name, language): state.name_in(language) if state else "" for language in LANGUAGES}


def organisation_names(organisation: Organisation | None, *, name: str = "organisation") -> dict:
    if organisation is None:
        return {companion(name, language): "" for language in LANGUAGES}
    return texts(organisation, "name", name=name)


# --- Text in three languages ------------------------------------------------------------------
# A snapshot holds a record's text in English, French and Spanish ("title", "title_fr", "title_es"),
# so one snapshot serves every language (versions are shared by the languages); ``in_language`` picks
# the document's language at render time, English where the translation is missing.


def texts(obj, field: str, shape: Callable = str, *, name: str = "") -> dict:
    """``{"title": …, "title_fr": …, "title_es": …}``: ``field`` of ``obj`` in the three languages, each
    passed through ``shape`` (paragraphs, lines), under ``name`` (``field`` by default)."""
    name = name or field
    return {companion(name, language): shape(getattr(obj, companion(field, language))) for language in LANGUAGES}


def in_language(record: dict, *fields: str) -> dict:
    """``record`` with each of ``fields`` in the active language (English where it is missing), without
    the French and Spanish keys. Snapshots made before they held translations read as English."""
    language = content_language()
    drop = {companion(field, other) for field in fields for other in TRANSLATIONS}
    shown = {key: value for key, value in record.items() if key not in drop}
    for field in fields:
        if field in record and language != ORIGINAL:
            shown[field] = record.get(companion(field, language)) or record[field]
    return shown


def paragraphs(text: str) -> list[str]:
    return [part.strip() for part in text.split("\n\n") if part.strip()]


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


LANGUAGES = (ORIGINAL, *TRANSLATIONS)
