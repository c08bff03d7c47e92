"""Invitation and visa support letters: asked, approved or refused with a reason, revoked (by hand or by
the cancellation of the registration), rendered by the document workers, checked on the public page."""

import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from documents import services as document_services
from documents.models import DocumentJob, DocumentKind
from travel import services
from travel.models import InvitationLetter, LetterSeries, TravelAuditEntry
from workshops import services as workshop_services

from .. import factories
from .factories import DETAILS, approved_file, complete, funded_workshop

pytestmark = pytest.mark.django_db
L = InvitationLetter.Status


@pytest.fixture
def traveller(db):
    user = factories.make_delegate(email="traveller@state.example", first_name="Amani", last_name="Wanjiru")
    user.preferred_language = "fr"
    user.save(update_fields=["preferred_language"])
    return user


@pytest.fixture
def travel_file(traveller, secretariat):
    workshop = funded_workshop(title="Migration and social change", venue="Palais des Nations, Geneva")
    return complete(approved_file(workshop, user=traveller, secretariat=secretariat), traveller)


def ask(travel_file, by, language="fr"):
    return services.request_letter(travel_file=travel_file, by=by, language=language, note="For the consulate.")


def test_a_letter_is_asked_approved_with_reference_and_code_and_the_traveller_told(
    travel_file, traveller, secretariat, django_capture_on_commit_callbacks
):
    LetterSeries.objects.create(year=travel_file.registration.workshop.start_date.year, next_number=7)
    with django_capture_on_commit_callbacks(execute=True):
        letter = ask(travel_file, traveller)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        letter = services.approve_letter(letter=letter, by=secretariat)

    year = travel_file.registration.workshop.start_date.year
    assert (letter.status, letter.reference, len(letter.verification_code), letter.decided_by) == (
        L.APPROVED,
        "IDM/%d/L/7" % year,
        32,
        secretariat,
    )
    assert LetterSeries.objects.get(year=year).next_number == 8
    assert [m.subject for m in mail.outbox if "lettre" in m.subject] == [
        "[IDM] Votre lettre d’invitation pour Migration and social change"
    ]
    ready = [m for m in mail.outbox if "lettre" in m.subject][0]
    assert ready.to == ["traveller@state.example"]
    assert "IDM/%d/L/7" % year in ready.body
    job = DocumentJob.objects.get(subject__letter=letter)
    assert (job.kind, job.language, job.status, job.filename) == (
        DocumentKind.LETTER,
        "fr",
        DocumentJob.Status.DONE,  # rendered after commit (the tests run the tasks eagerly)
        "letter-IDM-%d-L-7-fr.pdf" % year,
    )
    history = [(e.action, e.after.get("status")) for e in TravelAuditEntry.objects.filter(kind="letter").order_by("pk")]
    assert history == [("created", "Requested"), ("changed", "Approved")]
    letter_entries = TravelAuditEntry.objects.filter(kind="letter").order_by("pk")
    assert ["verification_code" in e.after for e in letter_entries] == [False, False]


def test_a_refusal_needs_a_reason_and_sends_it(travel_file, traveller, secretariat, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        letter = ask(travel_file, traveller)
    for reason in ("", "   ", "\x00"):
        with pytest.raises(ValidationError) as error:
            services.refuse_letter(letter=letter, by=secretariat, reason=reason)
        assert error.value.message_dict == {"reason": ["Give the reason; it is sent to the traveller."]}
    with pytest.raises(ValidationError):
        services.refuse_letter(letter=letter, by=secretariat, reason="x" * 2001)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.refuse_letter(letter=letter, by=secretariat, reason="The passport expires too soon.")

    letter.refresh_from_db()
    assert (letter.status, letter.reason, letter.reference, letter.verification_code) == (
        L.REFUSED,
        "The passport expires too soon.",
        None,
        None,
    )
    refusals = [m for m in mail.outbox if "lettre" in m.subject]
    assert len(refusals) == 1
    assert "The passport expires too soon." in refusals[0].body
    with pytest.raises(ValidationError) as error:
        services.approve_letter(letter=letter, by=secretariat)
    assert error.value.messages == ["This letter was already decided (Refused)."]
    # Refused: the traveller may ask again.
    assert ask(travel_file, traveller).status == L.REQUESTED


def test_one_open_letter_at_a_time_and_only_with_complete_details(travel_file, traveller, secretariat):
    letter = ask(travel_file, traveller)
    with pytest.raises(ValidationError) as error:
        ask(travel_file, traveller)
    assert error.value.messages == ["A letter was already asked for; the secretariat is reviewing it."]
    letter = services.approve_letter(letter=letter, by=secretariat)
    with pytest.raises(ValidationError) as error:
        ask(travel_file, traveller)
    assert error.value.messages == ["This traveller already has a valid letter (%s)." % letter.reference]
    with pytest.raises(ValidationError) as error:
        ask(travel_file, traveller, language="de")
    assert error.value.message_dict == {"language": ["Choose English, French or Spanish."]}

    incomplete = approved_file(funded_workshop(), secretariat=secretariat)
    with pytest.raises(ValidationError) as error:
        ask(incomplete, incomplete.registration.registered_by)
    assert error.value.messages[0].startswith("The letter needs the traveller's details first: name as in the passport")
    assert InvitationLetter.objects.count() == 1


def test_revocation_by_the_secretariat_and_by_the_cancellation_of_the_registration(
    travel_file, traveller, secretariat, django_capture_on_commit_callbacks
):
    letter = services.approve_letter(letter=ask(travel_file, traveller), by=secretariat)
    with pytest.raises(ValidationError):
        services.revoke_letter(letter=letter, by=secretariat, reason="")
    revoked = services.revoke_letter(letter=letter, by=secretariat, reason="Issued in error.")
    assert (revoked.status, revoked.reason, revoked.revoked_at is not None) == (L.REVOKED, "Issued in error.", True)

    with django_capture_on_commit_callbacks(execute=True):
        second = services.approve_letter(letter=ask(travel_file, traveller), by=secretariat)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workshop_services.cancel_registration(registration=travel_file.registration, by=traveller)

    second.refresh_from_db()
    assert (second.status, second.reason) == (L.REVOKED, "The registration was cancelled.")
    revoked_mails = [m for m in mail.outbox if second.reference in m.body]
    assert len(revoked_mails) == 1
    assert "The registration was cancelled." in revoked_mails[0].body or "annulée" in revoked_mails[0].body
    entry = TravelAuditEntry.objects.filter(kind="letter", object_id=second.pk).order_by("pk").last()
    assert (entry.by, entry.after["status"], entry.reason) == (None, "Revoked", "The registration was cancelled.")


# --- The PDF ---------------------------------------------------------------------------------------


def _pdf_text(letter) -> tuple[str, DocumentJob]:
    job = DocumentJob.objects.get(subject__letter=letter)
    assert document_services.render_job(job_id=job.pk) == "done"
    job.refresh_from_db()
    with job.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(page.extract_text() for page in reader.pages), job


@pytest.mark.parametrize(
    ("language", "title", "covers"),
    [
        ("en", "Invitation and visa support letter", "IOM covers the participant"),
        ("fr", "Lettre d’invitation et d’appui à la demande de visa", "L’OIM prend en charge"),
        ("es", "Carta de invitación y de apoyo a la solicitud de visado", "La OIM cubre"),
    ],
)
def test_the_letter_pdf_holds_passport_name_reference_and_verification_url(
    settings, travel_file, traveller, secretariat, language, title, covers
):
    settings.PUBLIC_URL = "https://idm.example.org"
    letter = services.approve_letter(letter=ask(travel_file, traveller, language=language), by=secretariat)

    text, job = _pdf_text(letter)
    flat = " ".join(text.split())

    url = "https://idm.example.org/verify/letters/%s/" % letter.verification_code
    assert DETAILS["passport_name"] in flat
    assert DETAILS["passport_number"] in flat
    assert letter.reference in flat
    assert url in flat.replace(" ", "") or url in flat
    assert title in flat
    assert covers in flat
    reader = PdfReader(job.file.open("rb"))
    assert str(reader.trailer["/Root"]["/Lang"]) == language


def test_a_self_funded_participant_s_letter_says_so(travel_file, traveller, secretariat):
    travel_file.funded = False
    travel_file.save(update_fields=["funded"])
    letter = services.approve_letter(letter=ask(travel_file, traveller, language="en"), by=secretariat)
    flat = " ".join(_pdf_text(letter)[0].split())
    assert "The participant is self-funded" in flat
    assert "IOM covers the participant" not in flat


def test_the_erasure_deletes_the_rendered_letters(travel_file, traveller, secretariat):
    letter = services.approve_letter(letter=ask(travel_file, traveller, language="en"), by=secretariat)
    _text, job = _pdf_text(letter)
    storage, name = job.file.storage, job.file.name
    from travel.signals import personal_data_erased

    personal_data_erased.send(sender=type(travel_file), travel_file=travel_file)

    assert DocumentJob.objects.filter(subject__letter=letter).count() == 0
    assert storage.exists(name) is True  # deleted after commit; the test runs inside one transaction


# --- The public verification page -----------------------------------------------------------------


def test_the_verification_page_says_valid_then_revoked_and_nothing_else(client, travel_file, traveller, secretariat):
    letter = services.approve_letter(letter=ask(travel_file, traveller), by=secretariat)
    url = reverse("travel:verify_letter", args=[letter.verification_code])

    page = client.get(url)
    html = page.content.decode()
    assert (page.status_code, page["X-Robots-Tag"]) == (200, "noindex")
    assert '<p class="verification-status" id="verification-status">Valid</p>' in html
    assert DETAILS["passport_name"] in html
    assert "Migration and social change" in html
    for secret in (
        DETAILS["passport_number"],
        "1975",
        "2035",
        "Kenya",
        "Nairobi",
        letter.reference,
        travel_file.registration.member_state.name,
        "traveller@state.example",
        "For the consulate.",
    ):
        assert secret not in html, secret

    services.revoke_letter(letter=letter, by=secretariat, reason="Registration cancelled by the delegation.")
    html = client.get(url).content.decode()
    assert '<p class="verification-status" id="verification-status">Revoked</p>' in html
    assert "Registration cancelled by the delegation." not in html


def test_an_unknown_or_undecided_code_is_404(client, travel_file, traveller):
    ask(travel_file, traveller)
    assert client.get(reverse("travel:verify_letter", args=["x" * 32])).status_code == 404
    assert client.get(reverse("travel:verify_letter", args=["x" * 300])).status_code == 404
