"""The discussion note: its heading block and numbered paragraphs, exactly as edited."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from ..models import DiscussionNote
from .common import Recipe, iso_date, parse_date


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


# "Original: English", "Original : anglais", "Original: inglés": the name as that phrase needs it.
ORIGINAL_LANGUAGE_NAMES = {
    "en": pgettext_lazy("original language of a document", "English"),
    "fr": pgettext_lazy("original language of a document", "French"),
    "es": pgettext_lazy("original language of a document", "Spanish"),
}


def present(records: dict) -> dict:
    note = dict(records["note"], issue_date=parse_date(records["note"]["issue_date"]))
    note["original_language_name"] = ORIGINAL_LANGUAGE_NAMES.get(note["original_language"], note["original_language"])
    paragraphs = [dict(p, number=number) for number, p in enumerate(records["paragraphs"], start=1)]
    return {"note": note, "paragraphs": paragraphs, "header": note["symbol"] or note["title"]}


def filename(records: dict, variant: str, language: str, version: int) -> str:
    note = records["note"]
    if note["symbol"]:
        return "%s-%s.pdf" % (note["symbol"].replace("/", "-"), language)
    return "discussion-note-%s-draft-v%d-%s.pdf" % (note["year"], version, language)


NOTE = Recipe(build, present, filename)
