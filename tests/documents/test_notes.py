"""Discussion notes: drafted from the records, edited, issued with the next symbol of the series."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from documents import drafting, services
from documents.models import DiscussionNote, DocumentJob, NoteParagraph, SymbolSeries
from tests import factories
from workshops.models import DialogueYear

from .helpers import job_pdf, pdf_pages

SECTION, SUBSECTION = NoteParagraph.HeadingStyle.SECTION, NoteParagraph.HeadingStyle.SUBSECTION


@pytest.fixture
def staff(db):
    return factories.make_secretariat(email="staff@iom.example")


@pytest.fixture
def year(db):
    return DialogueYear.objects.create(year=2010, theme="Migration and social change")


def draft(year, staff, texts=("First paragraph.", "Second paragraph.")) -> DiscussionNote:
    note = DiscussionNote.objects.create(year=year, title="International Dialogue on Migration 2010")
    for order, text in enumerate(texts):
        NoteParagraph.objects.create(note=note, order=order, text=text)
    return note


# --- Symbols --------------------------------------------------------------------------------


def test_symbols_follow_each_other_in_their_year(db):
    symbols = [services.allocate_symbol(prefix="IC", year=y) for y in (2010, 2010, 2011, 2010)]

    assert symbols == ["IC/2010/1", "IC/2010/2", "IC/2011/1", "IC/2010/3"]
    assert list(SymbolSeries.objects.values_list("year", "next_number").order_by("year")) == [(2010, 4), (2011, 2)]


def test_an_issue_that_fails_gives_its_number_back(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.allocate_symbol(prefix="IC", year=2010)
        raise RuntimeError("the issue failed after the symbol was taken")

    assert services.allocate_symbol(prefix="IC", year=2010) == "IC/2010/1"


def test_issuing_gives_the_symbol_freezes_the_note_and_renders_it(year, staff, django_capture_on_commit_callbacks):
    note = draft(year, staff)

    with django_capture_on_commit_callbacks(execute=True):
        job = services.issue_discussion_note(note=note, by=staff, issue_date=date(2010, 2, 8), place="Geneva")

    note.refresh_from_db()
    job.refresh_from_db()
    pages = pdf_pages(job_pdf(job))
    assert (note.status, note.symbol, note.issue_date, note.issued_by) == (
        "issued",
        "IC/2010/1",
        date(2010, 2, 8),
        staff,
    )
    assert (job.status, job.subject.variant, job.language, job.filename) == ("done", "issued", "en", "IC-2010-1-en.pdf")
    assert pages[0] == (
        "IOM International Organization for Migration OIM Organisation internationale pour les migrations "
        "OIM Organización Internacional para las Migraciones INFORMAL CONSULTATIONS ON INTERNATIONAL DIALOGUE ON "
        "MIGRATION IC/2010/1 Original: English Geneva, 8 February 2010 INTERNATIONAL DIALOGUE ON MIGRATION 2010"
    )
    assert pages[1].startswith("INTERNATIONAL DIALOGUE ON MIGRATION 2010 1. First paragraph. 2. Second paragraph.")


def test_an_issued_note_is_not_changed(year, staff, django_capture_on_commit_callbacks):
    note = draft(year, staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_discussion_note(note=note, by=staff, issue_date=date(2010, 2, 8))

    attempts = [
        lambda: services.issue_discussion_note(note=note, by=staff, issue_date=date(2010, 2, 9)),
        lambda: services.redraft_discussion_note(note=note, by=staff),
        lambda: services.update_discussion_note(
            note=note, by=staff, series_title="", title="New", subtitle="", place="", paragraphs=[]
        ),
    ]
    messages = []
    for attempt in attempts:
        with pytest.raises(ValidationError) as error:
            attempt()
        messages.append(error.value.messages)

    note.refresh_from_db()
    assert messages == [["IC/2010/1 is issued; an issued note is not changed."]] * 3
    assert (note.title, note.paragraphs.count(), SymbolSeries.objects.get().next_number) == (
        "International Dialogue on Migration 2010",
        2,
        2,
    )


def test_a_note_without_paragraphs_is_not_issued(year, staff):
    note = draft(year, staff, texts=())

    with pytest.raises(ValidationError) as error:
        services.issue_discussion_note(note=note, by=staff, issue_date=date(2010, 2, 8))

    assert error.value.messages == ["A discussion note needs at least one paragraph before it is issued."]
    assert SymbolSeries.objects.count() == 0


def test_editing_reorders_rewrites_deletes_and_adds_paragraphs(year, staff):
    note = draft(year, staff, texts=("One.", "Two.", "Three."))
    one, two, three = note.paragraphs.all()

    services.update_discussion_note(
        note=note,
        by=staff,
        series_title="Informal consultations on International Dialogue on Migration",
        title="International Dialogue on Migration 2010",
        subtitle="Migration and social change",
        place="Geneva",
        paragraphs=[
            {"id": three.pk, "heading": "Funding approach", "heading_style": SECTION, "text": "Three, first."},
            {"id": one.pk, "heading": "", "heading_style": SECTION, "text": "One.[[A footnote.]]"},
            {"id": two.pk, "heading": "", "heading_style": SECTION, "text": "Two.", "delete": True},
            {"id": None, "heading": "First workshop", "heading_style": SUBSECTION, "text": "New."},
            {"id": None, "heading": "", "heading_style": SECTION, "text": "   "},
        ],
    )

    note.refresh_from_db()
    rows = list(note.paragraphs.values_list("order", "heading", "heading_style", "text"))
    assert rows == [
        (0, "Funding approach", SECTION, "Three, first."),
        (1, "", SECTION, "One.[[A footnote.]]"),
        (2, "First workshop", SUBSECTION, "New."),
    ]
    assert note.subtitle == "Migration and social change"


def test_footnotes_are_numbered_and_set_at_the_foot_of_the_page(year, staff, django_capture_on_commit_callbacks):
    note = draft(
        year, staff, texts=("Workshops were held.[[See the workshop pages.]] More text.", "Panel.[[Panel page.]]")
    )

    with django_capture_on_commit_callbacks(execute=True):
        job = services.issue_discussion_note(note=note, by=staff, issue_date=date(2010, 2, 8))

    body = pdf_pages(job_pdf(DocumentJob.objects.get(pk=job.pk)))[1]
    assert "1. Workshops were held.1 More text. 2. Panel.2 " in body
    assert body.index("2. Panel.2") < body.index("1 See the workshop pages. 2 Panel page.")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_issues_at_once_get_consecutive_symbols():
    staff = factories.make_secretariat(email="staff@iom.example")
    year = DialogueYear.objects.create(year=2010, theme="Migration and social change")
    notes = [draft(year, staff, texts=(f"Note {n}.",)) for n in range(2)]
    barrier = threading.Barrier(len(notes))
    errors = []

    def issue(note):
        try:
            barrier.wait()
            services.issue_discussion_note(note=note, by=staff, issue_date=date(2010, 2, 8))
        except Exception as error:  # noqa: BLE001 - collected and asserted on
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(note,)) for note in notes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    symbols = sorted(DiscussionNote.objects.values_list("symbol", flat=True))
    assert errors == []
    assert symbols == ["IC/2010/1", "IC/2010/2"]
    assert SymbolSeries.objects.get().next_number == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_issues_at_once_leave_no_gap_and_no_duplicate():
    staff = factories.make_secretariat(email="staff@iom.example")
    year = DialogueYear.objects.create(year=2010, theme="Migration and social change")
    barrier = threading.Barrier(20)
    symbols, errors = [], []

    def allocate():
        try:
            barrier.wait()
            with transaction.atomic():
                symbols.append(services.allocate_symbol(prefix="IC", year=year.year))
        except Exception as error:  # noqa: BLE001 - collected and asserted on
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=allocate) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(symbols, key=lambda s: int(s.rsplit("/", 1)[1])) == [f"IC/2010/{n}" for n in range(1, 21)]
    assert staff.is_staff is True


# --- Drafting from the 2010 demo records ----------------------------------------------------


def test_the_2010_draft_follows_ic_2010_1(demo):
    paragraphs = drafting.draft_paragraphs(DialogueYear.objects.get(year=2010))

    headings = [(p.heading, p.heading_style) for p in paragraphs if p.heading]
    texts = [p.text for p in paragraphs]
    assert headings == [
        (
            "IDM at the Ninety-eighth Session of the IOM Council: Human rights and migration: Working together for "
            "safe, dignified and secure migration",
            SECTION,
        ),
        (
            "IDM at the Ninety-eighth Session of the IOM Council: International Dialogue on Migration – Highlights "
            "of global and regional migration dialogues",
            SECTION,
        ),
        ("IDM 2010: Migration and social change", SECTION),
        ("First workshop: Migration and Transnationalism: Opportunities and Challenges (9–10 March 2010)", SUBSECTION),
        (
            "Second workshop: Societies and Identities: the Multifaceted Impact of Migration (19–20 July 2010)",
            SUBSECTION,
        ),
        ("Funding approach", SECTION),
    ]
    assert texts[0] == (
        "This discussion note provides a summary of the 2009 International Dialogue on Migration (IDM), "
        "particularly the IDM at the Ninety-eighth Session of the IOM Council, and information on the IDM for 2010."
    )
    assert texts[1] == (
        "In 2009, the IDM was guided by the overarching theme “Human rights and migration: Working together for "
        "safe, dignified and secure migration”. It was selected by the membership during informal consultations "
        "held in 2008. Two intersessional workshops were convened in 2009 based on the membership's preferences: "
        "Effective Respect for the Human Rights of Migrants: A Shared Responsibility (25–26 March 2009) and "
        "Trafficking in Persons and Exploitation of Migrants: Ensuring Protection of Human Rights (9–10 July 2009)."
        "[[For further information on the intersessional workshops, including reports, agendas, background papers, "
        "the list of participants and additional material, please see the workshop pages of the IDM portal.]]"
    )
    speakers = next(text for text in texts if text.startswith("The speakers were Kyung-wha Kang"))
    assert "H.E. Ellen Johnson Sirleaf, President of Liberia (keynote speech, by video, on migration" in speakers
    conclusions = "The main conclusions of the panel were the following: (a) human rights"
    assert [text.startswith(conclusions) for text in texts].count(True) == 1
    assert (
        "The overarching theme “Migration and social change” will guide the IDM in 2010. The membership selected it "
        "from four candidate themes through informal consultations held on 20 October 2009 and a follow-up survey "
        "to which 22 member states responded."
    ) in texts
    assert next(t for t in texts if t.startswith("Two intersessional workshops have been")) == (
        "Two intersessional workshops have been selected by the membership and are planned for 2010, subject to "
        "available funding: Migration and Transnationalism: Opportunities and Challenges (9–10 March 2010) and "
        "Societies and Identities: the Multifaceted Impact of Migration (19–20 July 2010). As requested by the "
        "membership during the informal consultations, the first workshop, Migration and Transnationalism: "
        "Opportunities and Challenges, incorporates elements of another originally proposed workshop, Migration and "
        "the Family: Ties across Borders."
    )
    assert texts[-2].startswith("IOM seeks funding for the intersessional workshops of 2010 for the entire IDM")
    assert "Demonstration workshop" not in " ".join(texts)


def test_without_a_consultation_the_draft_says_how_the_theme_was_chosen_in_the_years_words(db):
    year = DialogueYear.objects.create(
        year=2010,
        theme="Migration and social change",
        theme_selection="Selected by the membership through the process of informal consultations and a follow-up "
        "survey.",
    )

    paragraphs = drafting.draft_paragraphs(year)

    assert [(p.heading, p.text) for p in paragraphs] == [
        ("", "This discussion note provides information on the International Dialogue on Migration (IDM) for 2010."),
        (
            "IDM 2010: Migration and social change",
            "The overarching theme “Migration and social change” will guide the IDM in 2010. It was selected by the "
            "membership through the process of informal consultations and a follow-up survey.",
        ),
    ]
