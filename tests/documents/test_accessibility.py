"""Every kind of document is a tagged, accessible PDF (PDF/UA-1): a structure tree with headings in
reading order, the document's language and its title, alternative text on every figure; read back
from the PDF with pypdf. The kinds are enumerated from the model (``DocumentKind``): a new kind is
tested as soon as it exists, from a demo record of its model (or a source named in ``SOURCES``)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import pytest
from django.utils import timezone, translation
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from consultations.models import Consultation
from directory.models import User
from documents import services
from documents.models import DocumentKind, Variant
from documents.rendering import french_spacing
from documents.services.jobs import document_title
from documents.snapshots import KINDS, snapshot
from funding.models import Donor
from workshops.models import DialogueYear, Workshop

pytestmark = pytest.mark.django_db


def _note():
    year = DialogueYear.objects.get(year=2010)
    return services.draft_discussion_note(year=year, by=User.objects.get(email="secretariat@idm.example"))


def _letter():
    from travel import demo as travel_demo
    from travel.models import InvitationLetter

    travel_demo.load()
    return InvitationLetter.objects.filter(status=InvitationLetter.Status.APPROVED).order_by("pk").first()


# The record each kind is rendered from, where the first demo record of its model is not the one.
SOURCES: dict[str, Callable] = {
    DocumentKind.DISCUSSION_NOTE: _note,
    DocumentKind.WORKSHOP_REPORT: lambda: Workshop.objects.get(slug="migration-and-transnationalism"),
    DocumentKind.PARTICIPANTS: lambda: Workshop.objects.get(slug="migration-and-transnationalism"),
    DocumentKind.FUNDING_REPORT: lambda: DialogueYear.objects.get(year=2010),
    DocumentKind.DONOR_STATEMENT: lambda: Donor.objects.get(name="Government of Sweden"),
    DocumentKind.CONSULTATION_RESULTS: lambda: Consultation.objects.get(year=2010),
    DocumentKind.LETTER: _letter,
}


def source_of(kind: str):
    spec = KINDS[kind]
    if kind in SOURCES:
        return SOURCES[kind]()
    record = spec.model.objects.order_by("pk").first()
    assert record is not None, "No demo %s to render a %s from: name one in SOURCES." % (spec.model.__name__, kind)
    return record


def structure_tags(reader: PdfReader) -> list[tuple[str, DictionaryObject]]:
    """The structure elements in the tree's order (the reading order): (tag, element)."""
    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    found: list[tuple[str, DictionaryObject]] = []

    def walk(node) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, ArrayObject):
            for child in node:
                walk(child)
        elif isinstance(node, DictionaryObject):
            if "/S" in node:
                found.append((str(node["/S"]), node))
            if "/K" in node:
                walk(node["/K"])

    walk(root["/K"])
    return found


@pytest.mark.parametrize("kind", DocumentKind.values)
def test_every_kind_of_document_is_a_tagged_pdf_with_its_language_and_title(demo, kind):
    spec = KINDS[kind]
    source = source_of(kind)
    records = snapshot(kind=kind, variant=spec.variants[0], records=spec.build(source, spec.variants[0]))
    for language in ("fr", "es"):
        with translation.override(language):
            title = document_title(kind, spec.present(json.loads(records)["records"]))

        pdf, _pages = services.render_snapshot(
            kind=kind, records=records, language=language, generated_on=timezone.localdate()
        )
        reader = PdfReader(io.BytesIO(pdf))
        catalog = reader.trailer["/Root"]
        tags = structure_tags(reader)
        names = [tag for tag, _element in tags]
        headings = [tag for tag in names if tag in ("/H1", "/H2", "/H3")]

        assert "/StructTreeRoot" in catalog
        assert catalog["/MarkInfo"]["/Marked"].value is True
        assert (str(catalog["/Lang"]), reader.metadata.title) == (language, title)
        assert names[0] == "/Document"
        assert headings[0] == "/H1"  # the document's title comes first in reading order
        assert [tag for tag, element in tags if tag == "/Figure" and not element.get("/Alt")] == []


def test_the_title_says_the_kind_and_the_subject_in_the_document_s_language(demo):
    workshop = Workshop.objects.get(slug="migration-and-transnationalism")

    titles = [
        PdfReader(
            io.BytesIO(
                services.generate_pdf(
                    kind=DocumentKind.PARTICIPANTS, source=workshop, language=language, variant=Variant.PROVISIONAL
                )[0]
            )
        ).metadata.title
        for language in ("en", "fr", "es")
    ]

    assert titles == [
        "List of participants: Migration and Transnationalism: Opportunities and Challenges",
        "Liste des participants\u00a0: Migration et transnationalisme\u00a0: opportunités et défis",
        "Lista de participantes: Migración y transnacionalismo: oportunidades y desafíos",
    ]


def test_french_documents_set_a_no_break_space_before_high_punctuation_in_text_only():
    html = '<p class="a:b">Titre : Espagnol; quoi? 10:45 R&amp; D <a href="http://x?y">ok !</a></p><style>a:b</style>'

    assert french_spacing(html) == (
        '<p class="a:b">Titre\u00a0: Espagnol\u00a0; quoi\u00a0? 10:45 R&amp; D <a href="http://x?y">ok\u00a0!</a></p>'
        "<style>a:b</style>"
    )


def test_every_kind_has_a_template_with_a_title_and_a_language():
    # The one base template carries both; a kind's own template must extend it, directly or through
    # the report base (documents/pdf/report.html, the masthead and title of reports, lists and statements).
    from django.template.loader import get_template
    from django.template.loader_tags import ExtendsNode

    def parents(name: str) -> list[str]:
        (extends,) = get_template(name).template.nodelist.get_nodes_by_type(ExtendsNode)
        parent = extends.parent_name.var
        return [parent] + ([] if parent == "documents/pdf/base.html" else parents(parent))

    chains = {kind: parents(spec.template)[-1] for kind, spec in KINDS.items()}

    assert chains == dict.fromkeys(KINDS, "documents/pdf/base.html")


# --- A note drafted and issued in French ------------------------------------------------------------


def test_a_note_drafted_in_french_carries_french_sentences_and_the_records_french_text(
    demo, django_capture_on_commit_callbacks
):
    from datetime import date

    from directory.models import User
    from documents.models import DiscussionNote

    year = DialogueYear.objects.get(year=2010)
    staff = User.objects.get(email="secretariat@idm.example")
    note = services.draft_discussion_note(year=year, by=staff, language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        job = services.issue_discussion_note(note=note, by=staff, issue_date=date(2010, 3, 1))
    job.refresh_from_db()
    with job.file.open("rb") as handle:
        text = " ".join(page.extract_text() for page in PdfReader(handle).pages)
    text = " ".join(text.split())

    assert (DiscussionNote.objects.get(pk=note.pk).original_language, job.language) == ("fr", "fr")
    assert (note.series_title, note.title, note.subtitle, note.place) == (
        "Consultations informelles sur le Dialogue international sur la migration",
        "Dialogue international sur la migration 2010",
        "Migration et changement social",
        "Genève",
    )
    assert "Original : français" in text
    assert "Genève, 1er mars 2010" in text
    assert "Le thème général « Migration et changement social » guidera l'IDM en 2010." in text
    assert "Migration et transnationalisme : opportunités et défis (9–10 mars 2010)" in text
    assert "The overarching theme" not in text


def test_badge_sheets_have_their_heading_and_each_qr_code_the_participant_s_name_as_alternative_text(demo):
    workshop = Workshop.objects.get(slug="migration-and-transnationalism")
    pdf, _name = services.generate_pdf(kind=DocumentKind.BADGES, source=workshop, language="fr")
    records = json.loads(
        snapshot(kind=DocumentKind.BADGES, variant="", records=KINDS[DocumentKind.BADGES].build(workshop, ""))
    )
    with translation.override("fr"):
        sheets = KINDS[DocumentKind.BADGES].present(records["records"])["sheets"]

    tags = structure_tags(PdfReader(io.BytesIO(pdf)))
    headings = [element for tag, element in tags if tag == "/H1"]
    figures = [str(element["/Alt"]) for tag, element in tags if tag == "/Figure"]

    assert len(headings) == 1
    assert len(figures) == len(records["records"]["badges"])
    assert figures == ["Code du badge de %s" % badge["name"] for sheet in sheets for badge in sheet]
