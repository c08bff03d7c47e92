"""Every kind of document in English, French and Spanish: the labels in the document's language, the
records' own text in it where translated (English where not), and one snapshot of the records for the
three languages. Rendered through the documents app's own function and read back from the PDF."""

import pytest

from documents import services
from documents.models import DocumentKind, Variant
from tests import factories
from tests.documents.helpers import participant, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db


def render(source, kind: str, language: str, **options) -> str:
    pdf, _filename = services.generate_pdf(kind=kind, source=source, language=language, **options)
    return pdf_text(pdf)


def test_a_french_workshop_report_holds_french_labels_and_french_text(workshop):
    text = render(workshop, DocumentKind.WORKSHOP_REPORT, "fr")

    assert (
        "RAPPORT DE L'ATELIER Migration et transnationalisme : opportunités et défis 9–10 mars 2010, "
        "Centre international de conférences de Genève (CICG), Genève "
        "Dialogue international sur la migration 2010 : Migration et changement social "
        "À propos de l'atelier La migration est un aspect du changement social. "
        "L'atelier examinera le transnationalisme. "
        "Questions directrices How do societies manage diversity ? "  # not translated yet: English, French spacing
        "Ordre du jour 9 mars 2010 10:45–13:00 CET Session I: Transnationalism and participation"
    ) in text
    assert "Page 1 sur 1" in text


def test_a_spanish_workshop_report(workshop):
    text = render(workshop, DocumentKind.WORKSHOP_REPORT, "es")

    assert (
        "INFORME DEL TALLER Migration and Transnationalism: Opportunities and Challenges 9–10 de marzo de 2010"
    ) in text
    assert "Preguntas orientativas ¿Cómo gestionan las sociedades la diversidad? Programa 9 de marzo de 2010 " in text
    assert "10:45–13:00 CET Sesión I: El transnacionalismo y la participación" in text


def test_a_french_list_of_participants(workshop):
    kenya = factories.MemberStateFactory(country="KE", name="Kenya")
    participant(workshop, given="Amina", family="Odhiambo", state=kenya, position="Ambassador", head=True)

    text = render(workshop, DocumentKind.PARTICIPANTS, "fr", variant=Variant.PROVISIONAL)

    assert text.endswith(
        "LISTE DES PARTICIPANTS Migration et transnationalisme : opportunités et défis 9–10 mars 2010, "
        "Centre international de conférences de Genève (CICG), Genève LISTE PROVISOIRE "
        "Kenya Amina Odhiambo (Chef de délégation) Ambassador 1 participant inscrit sur la liste. Page 1 sur 1"
    )


def test_the_languages_share_one_snapshot_and_its_version(workshop, secretariat):
    english = services.request_document(
        kind=DocumentKind.WORKSHOP_REPORT, source=workshop, language="en", by=secretariat
    )
    french = services.request_document(
        kind=DocumentKind.WORKSHOP_REPORT, source=workshop, language="fr", by=secretariat
    )

    assert (french.checksum, french.version) == (english.checksum, english.version)
    assert french.filename == "workshop-report-migration-and-transnationalism-v1-fr.pdf"


@pytest.mark.parametrize(
    ("language", "original"),
    [("en", "Original: English"), ("fr", "Original : anglais"), ("es", "Original: inglés")],
)
def test_a_discussion_note_shows_its_original_language(secretariat, language, original):
    from workshops.models import DialogueYear

    year = DialogueYear.objects.create(
        year=2010, theme="Migration and social change", theme_fr="Migration et changement social"
    )
    note = services.draft_discussion_note(year=year, by=secretariat)

    cover = pdf_pages(services.generate_pdf(kind=DocumentKind.DISCUSSION_NOTE, source=note, language=language)[0])[0]

    assert original in cover
    # The drafted text stays in its original language, whatever the language of the cover.
    assert "The overarching theme “Migration and social change” will guide the IDM in 2010." in pdf_text(
        services.generate_pdf(kind=DocumentKind.DISCUSSION_NOTE, source=note, language=language)[0]
    )
