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

from ..models import DocumentKind, DocumentSubject, Variant
from . import attendance, consultations, funding, letters, notes, workshops

# Bump when a template changes the document for the same records: the files made before are then no
# longer "the same document", and a new request renders again.
LAYOUT_VERSION = 2


@dataclass(frozen=True)
class KindSpec:
    kind: str
    source: str  # the DocumentSubject field: note, workshop, year, donor, consultation, registration, letter
    build: Callable[[Any, str], dict]  # the three of a snapshot module's Recipe
    present: Callable[[dict], dict]
    filename: Callable[[dict, str, str, int], str]
    variants: tuple[str, ...] = (Variant.NONE,)
    template_name: str = ""  # documents/pdf/<name>.html; the kind's own name unless another is given

    @property
    def template(self) -> str:
        return "documents/pdf/%s.html" % (self.template_name or self.kind.replace("-", "_"))

    @property
    def model(self) -> type[Model]:
        """What the documents of this kind are of: the model the subject's ``source`` field points at."""
        return DocumentSubject._meta.get_field(self.source).related_model


DRAFT_OR_ISSUED = (Variant.DRAFT, Variant.ISSUED)
PROVISIONAL_OR_FINAL = (Variant.PROVISIONAL, Variant.FINAL)

KINDS: dict[str, KindSpec] = {
    spec.kind: spec
    for spec in (
        KindSpec(DocumentKind.DISCUSSION_NOTE, "note", *notes.NOTE, variants=DRAFT_OR_ISSUED),
        KindSpec(DocumentKind.WORKSHOP_REPORT, "workshop", *workshops.REPORT),
        KindSpec(DocumentKind.PARTICIPANTS, "workshop", *workshops.PARTICIPANTS, variants=PROVISIONAL_OR_FINAL),
        KindSpec(DocumentKind.FUNDING_REPORT, "year", *funding.REPORT),
        KindSpec(DocumentKind.DONOR_STATEMENT, "donor", *funding.STATEMENT),
        KindSpec(DocumentKind.CONSULTATION_RESULTS, "consultation", *consultations.RESULTS),
        KindSpec(DocumentKind.BADGES, "workshop", *attendance.BADGES),
        KindSpec(DocumentKind.BADGE, "registration", *attendance.BADGE, template_name="badges"),
        KindSpec(DocumentKind.CERTIFICATE, "registration", *attendance.CERTIFICATE),
        KindSpec(DocumentKind.LETTER, "letter", *letters.LETTER),
    )
}


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def checksum_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def snapshot(*, kind: str, variant: str, records: dict) -> str:
    """The canonical JSON the checksum is taken of: the records, and what they are rendered as."""
    return canonical_json({"kind": kind, "variant": variant, "layout": LAYOUT_VERSION, "records": records})
