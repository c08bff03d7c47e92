"""What each document says, read back from the PDF (tasks run eagerly in this process)."""

from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from directory.models import Organisation, User
from documents import services
from documents.models import DiscussionNote, DocumentKind, Variant
from funding.models import Donor
from tests import factories
from workshops.models import DialogueYear, Registration, Workshop

from .helpers import job_pdf, participant, pdf_pages, pdf_text, workshop

S = Registration.Status
TRANSNATIONALISM = "migration-and-transnationalism"


@pytest.fixture
def render(django_capture_on_commit_callbacks):
    """Ask for a document as the secretariat and return its PDF, rendered by the (eager) task."""

    def render(kind, source, *, language="en", variant="") -> bytes:
        staff = User.objects.filter(email="staff@iom.example").first() or factories.make_secretariat(
            email="staff@iom.example"
        )
        with django_capture_on_commit_callbacks(execute=True):
            job = services.request_document(kind=kind, source=source, language=language, by=staff, variant=variant)
        job.refresh_from_db()
        assert (job.status, job.error) == ("done", "")
        return job_pdf(job)

    return render


# --- List of participants -------------------------------------------------------------------


@pytest.fixture
def listed(db):
    event = workshop()
    kenya = factories.MemberStateFactory(country="KE", name="Kenya")
    ecuador = factories.MemberStateFactory(country="EC", name="Ecuador")
    ministry = Organisation.objects.create(name="Ministry of Foreign Affairs", kind=Organisation.Kind.MINISTRY)
    participant(event, given="Zawadi", family="Otieno", state=kenya, status=S.ATTENDED, organisation=ministry)
    participant(event, given="Amina", family="Odhiambo", state=kenya, head=True, position="Ambassador")
    participant(event, given="Diego", family="Cevallos", state=ecuador, status=S.ATTENDED)
    participant(event, given="Hidden", family="Person", state=ecuador, consent=False)
    participant(event, given="Waiting", family="Person", state=kenya, status=S.WAITLISTED)
    participant(event, given="Pending", family="Person", state=kenya, status=S.PENDING)
    participant(event, given="Gone", family="Person", state=ecuador, status=S.CANCELLED)
    return event


def test_the_provisional_list_shows_consenting_participants_with_a_seat_by_state_and_organisation(listed, render):
    text = pdf_text(render(DocumentKind.PARTICIPANTS, listed))

    assert text == (
        "IOM International Organization for Migration OIM Organisation internationale pour les migrations "
        "OIM Organización Internacional para las Migraciones LIST OF PARTICIPANTS "
        "Migration and Transnationalism: Opportunities and Challenges "
        "9–10 March 2010, International Conference Centre Geneva (CICG), Geneva PROVISIONAL LIST "
        "Ecuador Diego Cevallos Counsellor "
        "Kenya Amina Odhiambo (Head of delegation) Ambassador "
        "Ministry of Foreign Affairs Zawadi Otieno Counsellor "
        "3 participants listed. Page 1 of 1"
    )


def test_the_final_list_shows_those_who_attended(listed, render):
    text = pdf_text(render(DocumentKind.PARTICIPANTS, listed, variant=Variant.FINAL))

    assert "FINAL LIST Ecuador Diego Cevallos Counsellor Kenya Ministry of Foreign Affairs Zawadi Otieno" in text
    assert [name in text for name in ("Amina", "Hidden", "Waiting", "Pending", "Gone")] == [False] * 5
    assert "2 participants listed." in text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "LISTE DES PARTICIPANTS Migration and Transnationalism: Opportunities and Challenges 9–10 mars 2010"),
        (
            "es",
            "LISTA DE PARTICIPANTES Migration and Transnationalism: Opportunities and Challenges 9–10 de marzo de 2010",
        ),
    ],
)
def test_the_list_in_french_and_spanish(listed, render, language, expected):
    text = pdf_text(render(DocumentKind.PARTICIPANTS, listed, language=language))

    assert expected in text
    assert ("Jefe de delegación" if language == "es" else "Chef de délégation") in text


# --- From the 2010 demo records ------------------------------------------------------------


def test_the_workshop_report(demo, render):
    event = Workshop.objects.get(slug=TRANSNATIONALISM)
    services.save_workshop_outcomes(
        workshop=event, text="Transnationalism is a reality.\n\nStates cooperate.", by=User.objects.first()
    )

    pages = pdf_pages(render(DocumentKind.WORKSHOP_REPORT, event))
    text = " ".join(pages)

    assert pages[0].startswith(
        "IOM International Organization for Migration OIM Organisation internationale pour les migrations "
        "OIM Organización Internacional para las Migraciones WORKSHOP REPORT "
        "Migration and Transnationalism: Opportunities and Challenges 9–10 March 2010, "
        "International Conference Centre Geneva (CICG), Geneva International Dialogue on Migration 2010: "
        "Migration and social change About the workshop Migration is, on the one hand,"
    )
    assert (
        "Agenda 9 March 2010 09:30–10:15 CET Opening and keynote address (Opening) "
        "Chair: Anna Keller, Head, International Dialogue on Migration Division (demo) "
        "Keynote speaker: Peter Lindqvist, Professor of Sociology of Migration (demo)"
    ) in text
    assert "Speakers Claire Dubois, Policy analyst, social cohesion (demo) Nadia Haddad, " in text
    # Who came, not who registered (30 confirmed).
    assert "Participants by member state 28 participants from 10 member states. Colombia 1 Ecuador 3" in text
    assert "Documents Concept note (Concept note, English)" in text
    assert text.endswith(
        "Outcomes Transnationalism is a reality. States cooperate. "
        "Migration and Transnationalism: Opportunities and Challenges Page 3 of 3"
    )


def test_the_funding_report_of_2010(demo, render):
    text = pdf_text(render(DocumentKind.FUNDING_REPORT, DialogueYear.objects.get(year=2010)))

    assert "FUNDING REPORT 2010 International Dialogue on Migration 2010: Migration and social change" in text
    assert "Budget of the workshops 362,000.00 Covered (committed or paid, earmarked or allocated) 294,000.00" in text
    assert (
        "Migration and Transnationalism: Opportunities and Challenges 9–10 March 2010 · Confirmed · 100% covered · "
        "24 funded seats"
    ) in text
    assert "Total 180,000.00 / 130,000.00 / 50,000.00" in text
    assert (
        "Government of Sweden Pledge 0.00 Commitment 0.00 Paid 152,790.00 "
        "IDM 2010 programme: SEK 1,100,000.00 = USD 152,790.00, paid · SE-IDM-2010"
    ) in text
    assert "Government of Switzerland Pledge 37,920.00" in text


def test_the_donor_statement_shows_only_that_donor(demo, render):
    sweden = Donor.objects.get(name="Government of Sweden")

    text = pdf_text(render(DocumentKind.DONOR_STATEMENT, sweden))

    assert "DONOR STATEMENT Government of Sweden Contributions to the International Dialogue on Migration" in text
    assert "IDM 2010 Committed 152,790.00 Paid 152,790.00" in text
    assert (
        "Payment received on 15 February 2010: SEK 700,000.00 (USD 97,230.00) · SE-2010-PAY-1 "
        "Payment received on 1 June 2010: SEK 400,000.00 (USD 55,560.00) · SE-2010-PAY-2"
    ) in text
    assert "Your share of programme money allocated to it 54,390.00" in text
    others = Donor.objects.exclude(pk=sweden.pk).values_list("name", flat=True)
    assert [name for name in others if name in text] == []


def test_the_discussion_note_in_french_keeps_its_english_text(demo, render, django_capture_on_commit_callbacks):
    staff = factories.make_secretariat(email="staff@iom.example")
    note = services.draft_discussion_note(year=DialogueYear.objects.get(year=2010), by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_discussion_note(note=note, by=staff, issue_date=date(2010, 2, 8))

    cover = pdf_pages(render(DocumentKind.DISCUSSION_NOTE, note, language="fr"))[0]

    assert "IC/2010/1 Original : anglais Geneva, 8 février 2010" in cover


# --- For operators --------------------------------------------------------------------------


def test_generate_document_writes_the_same_document_to_a_file(listed, tmp_path, capsys):
    output = tmp_path / "list.pdf"

    call_command(
        "generate_document", "participants", "--workshop", TRANSNATIONALISM, "--language", "es", "--output", str(output)
    )

    text = pdf_text(Path(output).read_bytes())
    assert "LISTA DE PARTICIPANTES" in text
    assert "Diego Cevallos" in text
    assert capsys.readouterr().out.startswith(f"{output} (")


def test_generate_document_drafts_a_note_for_a_year_without_one_and_keeps_nothing(demo, tmp_path):
    output = tmp_path / "note.pdf"

    call_command("generate_document", "discussion-note", "--year", "2010", "--output", str(output))

    pages = pdf_pages(output.read_bytes())
    assert "DRAFT Original: English Geneva INTERNATIONAL DIALOGUE ON MIGRATION 2010" in pages[0]
    assert "IDM 2010: Migration and social change" in " ".join(pages)
    assert DiscussionNote.objects.count() == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["participants", "--year", "2010"], "participants needs --workshop."),
        (["participants", "--workshop", "nowhere"], "No workshop at the address 'nowhere'."),
        (["donor-statement", "--donor", "999"], "No donor number 999."),
        (["funding-report", "--year", "1999"], "No IDM year 1999."),
        (["participants", "--workshop", TRANSNATIONALISM, "--variant", "draft"], "This document has no such variant."),
    ],
)
def test_generate_document_says_what_is_wrong(listed, tmp_path, args, message):
    with pytest.raises(CommandError) as error:
        call_command("generate_document", *args, "--output", str(tmp_path / "x.pdf"))

    assert str(error.value) == message
