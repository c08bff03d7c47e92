"""The discussion note: its heading block and numbered paragraphs, exactly as edited."""

from __future__ import annotations

from ..models import DiscussionNote
from .common import iso_date, parse_date


def build(note: DiscussionNote, variant: str) -> dict:
    paragraphs = [
        {"heading": p.heading, "heading_style": p.heading_style, "text": p.text} for p in note.paragraphs.all()
    ]
    return {
        "note": {
            "year": note.year.year,
            "series_title": note.series_title,
            "title": note.title,
            "subtitle": note.subtitle,
            "symbol": note.symbol,
            "status": note.status,
            "original_language": note.original_language,
            "place": note.place,
            "issue_date": iso_date(note.issue_date),
        },
        "paragraphs": paragraphs,
    }


def present(records: dict) -> dict:
    note = dict(records["note"], issue_date=parse_date(records["note"]["issue_date"]))
    paragraphs = [dict(p, number=number) for number, p in enumerate(records["paragraphs"], start=1)]
    return {"note": note, "paragraphs": paragraphs, "header": note["symbol"] or note["title"]}


def filename(records: dict, variant: str, language: str, version: int) -> str:
    note = records["note"]
    if note["symbol"]:
        return "%s-%s.pdf" % (note["symbol"].replace("/", "-"), language)
    return "discussion-note-%s-draft-v%d-%s.pdf" % (note["year"], version, language)
