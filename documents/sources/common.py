"""Snapshot helpers: records as plain JSON values, read back at render time."""

from __future__ import annotations

import datetime
from decimal import Decimal

from directory.models import Person


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
    return {
        "name": record.full_name,
        "family_name": record.family_name,
        "position": record.position,
        "organisation": record.organisation.name if record.organisation_id else "",
        "state": record.member_state.name if record.member_state_id else "",
    }
