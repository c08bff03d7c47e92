"""What each kind of document is built from.

For every kind, ``build`` reads the records at request time and returns them as plain JSON values
(dates as ISO strings, money as decimal strings): that snapshot is stored on the job and hashed, so
the same records give the same checksum and the renderer reads nothing else. ``present`` runs at
render time, inside the document's language, and turns the snapshot into the template's context.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model

from consultations.models import Consultation
from funding.models import Donor
from travel.models import InvitationLetter
from workshops.models import DialogueYear, Registration, Workshop

from ..models import DiscussionNote, DocumentKind, Variant
from . import attendance, consultations, funding, letters, notes, workshops

# Bump when a template changes the document for the same records: the files made before are then no
# longer "the same document", and a new request renders again.
LAYOUT_VERSION = 2


@dataclass(frozen=True)
class KindSpec:
    kind: str
    template: str
    source: str  # the DocumentSubject field: note, workshop, year, donor, consultation, registration, letter
    model: type[Model]
    variants: tuple[str, ...]
    build: Callable[[Any, str], dict]
    present: Callable[[dict], dict]
    filename: Callable[[dict, str, str, int], str]


KINDS: dict[str, KindSpec] = {
    spec.kind: spec
    for spec in (
        KindSpec(
            kind=DocumentKind.DISCUSSION_NOTE,
            template="documents/pdf/discussion_note.html",
            source="note",
            model=DiscussionNote,
            variants=(Variant.DRAFT, Variant.ISSUED),
            build=notes.build,
            present=notes.present,
            filename=notes.filename,
        ),
        KindSpec(
            kind=DocumentKind.WORKSHOP_REPORT,
            template="documents/pdf/workshop_report.html",
            source="workshop",
            model=Workshop,
            variants=(Variant.NONE,),
            build=workshops.build_report,
            present=workshops.present_report,
            filename=workshops.report_filename,
        ),
        KindSpec(
            kind=DocumentKind.PARTICIPANTS,
            template="documents/pdf/participants.html",
            source="workshop",
            model=Workshop,
            variants=(Variant.PROVISIONAL, Variant.FINAL),
            build=workshops.build_participants,
            present=workshops.present_participants,
            filename=workshops.participants_filename,
        ),
        KindSpec(
            kind=DocumentKind.FUNDING_REPORT,
            template="documents/pdf/funding_report.html",
            source="year",
            model=DialogueYear,
            variants=(Variant.NONE,),
            build=funding.build_report,
            present=funding.present_report,
            filename=funding.report_filename,
        ),
        KindSpec(
            kind=DocumentKind.DONOR_STATEMENT,
            template="documents/pdf/donor_statement.html",
            source="donor",
            model=Donor,
            variants=(Variant.NONE,),
            build=funding.build_statement,
            present=funding.present_statement,
            filename=funding.statement_filename,
        ),
        KindSpec(
            kind=DocumentKind.CONSULTATION_RESULTS,
            template="documents/pdf/consultation_results.html",
            source="consultation",
            model=Consultation,
            variants=(Variant.NONE,),
            build=consultations.build,
            present=consultations.present,
            filename=consultations.filename,
        ),
        KindSpec(
            kind=DocumentKind.BADGES,
            template="documents/pdf/badges.html",
            source="workshop",
            model=Workshop,
            variants=(Variant.NONE,),
            build=attendance.build_badges,
            present=attendance.present_badges,
            filename=attendance.badges_filename,
        ),
        KindSpec(
            kind=DocumentKind.BADGE,
            template="documents/pdf/badges.html",
            source="registration",
            model=Registration,
            variants=(Variant.NONE,),
            build=attendance.build_badge,
            present=attendance.present_badges,
            filename=attendance.badge_filename,
        ),
        KindSpec(
            kind=DocumentKind.CERTIFICATE,
            template="documents/pdf/certificate.html",
            source="registration",
            model=Registration,
            variants=(Variant.NONE,),
            build=attendance.build_certificate,
            present=attendance.present_certificate,
            filename=attendance.certificate_filename,
        ),
        KindSpec(
            kind=DocumentKind.LETTER,
            template="documents/pdf/letter.html",
            source="letter",
            model=InvitationLetter,
            variants=(Variant.NONE,),
            build=letters.build_letter,
            present=letters.present_letter,
            filename=letters.letter_filename,
        ),
    )
}


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def checksum_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def snapshot(*, kind: str, variant: str, records: dict) -> str:
    """The canonical JSON the checksum is taken of: the records, and what they are rendered as."""
    return canonical_json({"kind": kind, "variant": variant, "layout": LAYOUT_VERSION, "records": records})
