"""Document pages: the job page polled by htmx, the download, who sees what, queries per page."""

from datetime import date

import pytest
from django.template import Context, Template
from django.urls import reverse

from documents.models import DiscussionNote, DocumentJob, DocumentKind, DocumentSubject, NoteParagraph, Variant
from workshops.models import DialogueYear, Registration

from ..workshops.factories import WorkshopFactory, person_of, registration
from .helpers import make_job, workshop

J = DocumentJob.Status


@pytest.fixture
def statement(donor_contact):
    """A donor statement of the donor_contact's donor, ready to download."""
    donor = donor_contact.donor_contact.donor
    subject = DocumentSubject.objects.create(kind=DocumentKind.DONOR_STATEMENT, donor=donor)
    return make_job(subject, by=donor_contact)


# --- The job page and its progress ----------------------------------------------------------


def test_a_queued_job_page_polls_its_status_every_two_seconds(staff_client, statement):
    DocumentJob.objects.filter(pk=statement.pk).update(status=J.RUNNING, progress=40)

    page = staff_client.get(reverse("documents:job", args=[statement.pk]))
    status = staff_client.get(reverse("documents:job_status", args=[statement.pk]))

    html = page.content.decode()
    url = reverse("documents:job_status", args=[statement.pk])
    assert page.status_code == 200
    assert f'hx-get="{url}" hx-trigger="every 2s" hx-swap="outerHTML"' in html
    assert '<progress id="job-progress-%d" max="100" value="40">40%%</progress>' % statement.pk in html
    assert status.content.decode().startswith('<div class="job-status" id="job-status" hx-get="%s"' % url)
    assert "<html" not in status.content.decode()


def test_a_done_job_stops_polling_and_offers_the_download(staff_client, statement):
    html = staff_client.get(reverse("documents:job_status", args=[statement.pk])).content.decode()

    assert "hx-get" not in html
    assert f'href="{reverse("documents:download", args=[statement.pk])}"' in html
    assert "1 page, 27\xa0bytes" in html


def test_a_failed_job_shows_the_error_and_a_retry(staff_client, donor_contact, django_capture_on_commit_callbacks):
    donor = donor_contact.donor_contact.donor
    subject = DocumentSubject.objects.create(kind=DocumentKind.DONOR_STATEMENT, donor=donor)
    job = make_job(subject, status=J.FAILED, error="TemplateSyntaxError: broken")

    html = staff_client.get(reverse("documents:job", args=[job.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("documents:retry", args=[job.pk]))

    job.refresh_from_db()
    assert '<p class="job-error" role="alert">TemplateSyntaxError: broken</p>' in html
    assert f'action="{reverse("documents:retry", args=[job.pk])}"' in html
    assert (response.status_code, response["Location"]) == (302, reverse("documents:job", args=[job.pk]))
    assert (job.status, job.error) == (J.DONE, "")


# --- The download -----------------------------------------------------------------------------


def test_the_download_is_an_attachment_never_sniffed(client, donor_contact, statement):
    client.force_login(donor_contact)

    response = client.get(reverse("documents:download", args=[statement.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="donor-statement-v1-en.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == b"%PDF-1.7\n% a test document\n"


def test_a_job_not_done_has_nothing_to_download(staff_client, statement):
    DocumentJob.objects.filter(pk=statement.pk).update(status=J.QUEUED)

    assert staff_client.get(reverse("documents:download", args=[statement.pk])).status_code == 404


def test_a_done_job_whose_file_has_gone_answers_404(staff_client, statement):
    statement.file.storage.delete(statement.file.name)

    response = staff_client.get(reverse("documents:download", args=[statement.pk]))

    assert response.status_code == 404


# --- Donor statements: that donor's contacts and the secretariat only ------------------------


def test_another_donor_gets_404_for_every_page_of_a_statement(client, other_donor_contact, statement):
    client.force_login(other_donor_contact)
    donor = statement.subject.donor

    answers = [
        client.get(reverse("documents:list", args=[DocumentKind.DONOR_STATEMENT, donor.pk])).status_code,
        client.get(reverse("documents:job", args=[statement.pk])).status_code,
        client.get(reverse("documents:job_status", args=[statement.pk])).status_code,
        client.get(reverse("documents:download", args=[statement.pk])).status_code,
        client.post(reverse("documents:retry", args=[statement.pk])).status_code,
        client.post(
            reverse("documents:generate", args=[DocumentKind.DONOR_STATEMENT, donor.pk]), {"language": "en"}
        ).status_code,
    ]

    assert answers == [404] * 6
    assert DocumentJob.objects.count() == 1


def test_a_donor_contact_generates_their_own_statement(client, donor_contact, django_capture_on_commit_callbacks):
    client.force_login(donor_contact)
    donor = donor_contact.donor_contact.donor

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("documents:generate", args=[DocumentKind.DONOR_STATEMENT, donor.pk]), {"language": "fr"}
        )

    job = DocumentJob.objects.get()
    assert (response.status_code, response["Location"]) == (302, reverse("documents:job", args=[job.pk]))
    assert (job.status, job.language, job.requested_by, job.subject.donor) == (J.DONE, "fr", donor_contact, donor)


def test_a_delegate_reads_the_workshop_report_but_does_not_generate_it(client, delegate):
    event = workshop()
    client.force_login(delegate)

    page = client.get(reverse("documents:list", args=[DocumentKind.WORKSHOP_REPORT, event.pk]))
    post = client.post(reverse("documents:generate", args=[DocumentKind.WORKSHOP_REPORT, event.pk]), {"language": "en"})

    assert page.status_code == 200
    assert "Generate the PDF" not in page.content.decode()
    assert post.status_code == 403


def test_a_draft_note_is_the_secretariats_alone(client, delegate, secretariat):
    year = DialogueYear.objects.create(year=2010, theme="Migration and social change")
    note = DiscussionNote.objects.create(year=year, title="International Dialogue on Migration 2010")
    subject = DocumentSubject.objects.create(kind=DocumentKind.DISCUSSION_NOTE, variant=Variant.DRAFT, note=note)
    job = make_job(subject)
    client.force_login(delegate)

    answers = [
        client.get(reverse("documents:list", args=[DocumentKind.DISCUSSION_NOTE, note.pk])).status_code,
        client.get(reverse("documents:job", args=[job.pk])).status_code,
    ]

    assert answers == [404, 404]


def test_unknown_kinds_and_records_are_404(staff_client):
    assert staff_client.get(reverse("documents:list", args=["minutes", 1])).status_code == 404
    assert staff_client.get(reverse("documents:list", args=[DocumentKind.WORKSHOP_REPORT, 999])).status_code == 404


# --- The secretariat's pages ------------------------------------------------------------------


def test_the_secretariat_drafts_edits_and_issues_a_note(staff_client, secretariat, django_capture_on_commit_callbacks):
    year = DialogueYear.objects.create(year=2010, theme="Migration and social change")

    created = staff_client.post(reverse("documents:note_create"), {"year": year.pk})
    note = DiscussionNote.objects.get()
    first, *rest = note.paragraphs.all()
    form = staff_client.get(reverse("documents:note_edit", args=[note.pk])).context["formset"]
    data = {
        "series_title": note.series_title,
        "title": note.title,
        "subtitle": "Migration and social change",
        "place": "Geneva",
        "form-TOTAL_FORMS": str(len(form.forms)),
        "form-INITIAL_FORMS": str(len(form.initial_forms)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for n, paragraph in enumerate([first, *rest]):
        data |= {
            f"form-{n}-id": paragraph.pk,
            f"form-{n}-heading": paragraph.heading,
            f"form-{n}-heading_style": paragraph.heading_style,
            f"form-{n}-text": paragraph.text,
            f"form-{n}-ORDER": n + 2,
        }
    new = len(rest) + 1
    data |= {
        f"form-{new}-heading_style": "section",
        f"form-{new}-text": "A new first paragraph.",
        f"form-{new}-ORDER": 1,
    }
    saved = staff_client.post(reverse("documents:note_edit", args=[note.pk]), data)
    with django_capture_on_commit_callbacks(execute=True):
        issued = staff_client.post(
            reverse("documents:note_issue", args=[note.pk]), {"issue_date": "2010-02-08", "place": "Geneva"}
        )

    note.refresh_from_db()
    job = DocumentJob.objects.get()
    assert (created.status_code, created["Location"]) == (302, reverse("documents:note_edit", args=[note.pk]))
    assert (saved.status_code, saved["Location"]) == (302, reverse("documents:note_edit", args=[note.pk]))
    assert list(note.paragraphs.values_list("text", flat=True))[:2] == ["A new first paragraph.", first.text]
    assert (issued.status_code, issued["Location"]) == (302, reverse("documents:job", args=[job.pk]))
    assert (note.symbol, note.issue_date, job.status, job.filename) == (
        "IC/2010/1",
        date(2010, 2, 8),
        J.DONE,
        "IC-2010-1-en.pdf",
    )


def test_outcomes_are_saved_for_the_report(staff_client):
    event = workshop()

    response = staff_client.post(reverse("documents:outcomes_edit", args=[event.pk]), {"text": "States cooperate."})

    assert (response.status_code, response["Location"]) == (
        302,
        reverse("documents:list", args=[DocumentKind.WORKSHOP_REPORT, event.pk]),
    )
    assert event.outcomes.text == "States cooperate."


# --- Queries per page do not grow with the rows -----------------------------------------------


@pytest.mark.parametrize("rows", [1, 30])
def test_the_versions_page_costs_the_same_queries_for_1_or_30_versions(
    client, donor_contact, django_assert_num_queries, rows
):
    donor = donor_contact.donor_contact.donor
    subject = DocumentSubject.objects.create(kind=DocumentKind.DONOR_STATEMENT, donor=donor)
    for n in range(rows):
        make_job(subject, version=n // 3 + 1, language=("en", "fr", "es")[n % 3], by=donor_contact)
    client.force_login(donor_contact)
    url = reverse("documents:list", args=[DocumentKind.DONOR_STATEMENT, donor.pk])

    with django_assert_num_queries(4):
        response = client.get(url)

    assert response.content.decode().count('<td><span class="badge badge-done">') == rows


@pytest.mark.parametrize("rows", [1, 30])
def test_the_staff_job_list_costs_the_same_queries_for_1_or_30_jobs(staff_client, django_assert_num_queries, rows):
    for n in range(rows):
        event = workshop(slug=f"workshop-{n}", title=f"Workshop {n}")
        subject = DocumentSubject.objects.create(kind=DocumentKind.PARTICIPANTS, variant=Variant.FINAL, workshop=event)
        make_job(subject)

    with django_assert_num_queries(3):
        response = staff_client.get(reverse("documents:job_list"))

    assert response.content.decode().count('<span class="badge badge-done">') == rows


def test_the_staff_job_list_filtered_to_failed_jobs_shows_only_them(staff_client):
    event = workshop(slug="workshop-failed", title="Workshop failed")
    subject = DocumentSubject.objects.create(kind=DocumentKind.PARTICIPANTS, variant=Variant.FINAL, workshop=event)
    make_job(subject)
    make_job(subject, version=2, status=J.FAILED, error="WeasyPrint stopped")

    failed = staff_client.get(reverse("documents:job_list"), {"status": "failed"}).content.decode()
    everything = staff_client.get(reverse("documents:job_list"), {"status": "nonsense"}).content.decode()

    def badges(html: str) -> tuple[int, int]:
        return html.count('<span class="badge badge-failed">'), html.count('<span class="badge badge-done">')

    assert (badges(failed), badges(everything)) == ((1, 0), (1, 1))
    assert "Only the documents in the state “Failed”." in failed


@pytest.mark.parametrize("rows", [1, 30])
def test_the_note_list_costs_the_same_queries_for_1_or_30_notes(staff_client, django_assert_num_queries, rows):
    year = DialogueYear.objects.create(year=2010, theme="Migration and social change")
    for n in range(rows):
        note = DiscussionNote.objects.create(year=year, title=f"Note {n}")
        NoteParagraph.objects.create(note=note, text="A paragraph.")

    with django_assert_num_queries(4):
        response = staff_client.get(reverse("documents:note_list"))

    assert response.content.decode().count('<span class="badge badge-draft">') == rows


def _note_form_data(note, **changes) -> dict:
    """The editor's form as the browser sends it, every paragraph as saved, with ``changes`` over it."""
    paragraphs = list(note.paragraphs.all())
    data = {
        "series_title": note.series_title,
        "title": note.title,
        "subtitle": note.subtitle,
        "place": note.place,
        "preview-language": "en",
        "preview-variant": "draft",
        "form-TOTAL_FORMS": str(len(paragraphs)),
        "form-INITIAL_FORMS": str(len(paragraphs)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for n, paragraph in enumerate(paragraphs):
        data |= {
            f"form-{n}-id": paragraph.pk,
            f"form-{n}-heading": paragraph.heading,
            f"form-{n}-heading_style": paragraph.heading_style,
            f"form-{n}-text": paragraph.text,
            f"form-{n}-ORDER": n + 1,
        }
    return data | changes


@pytest.fixture
def draft_note(db):
    year = DialogueYear.objects.create(year=2010, theme="Migration and social change")
    note = DiscussionNote.objects.create(year=year, title="International Dialogue on Migration 2010")
    for order, text in enumerate(["The old first paragraph.", "The old second paragraph."]):
        NoteParagraph.objects.create(note=note, order=order, text=text)
    return note


def test_preview_saves_the_edits_first_and_renders_the_saved_text(
    staff_client, draft_note, django_capture_on_commit_callbacks
):
    from .helpers import job_pdf, pdf_pages

    data = _note_form_data(draft_note, action="preview", **{"form-0-text": "The edited first paragraph."})

    with django_capture_on_commit_callbacks(execute=True):
        previewed = staff_client.post(reverse("documents:note_edit", args=[draft_note.pk]), data)
    editor = staff_client.get(reverse("documents:note_edit", args=[draft_note.pk]))

    job = DocumentJob.objects.get()
    pages = pdf_pages(job_pdf(job))
    assert (previewed.status_code, previewed["Location"]) == (302, reverse("documents:job", args=[job.pk]))
    assert (job.status, job.subject.variant, job.language) == (J.DONE, "draft", "en")
    assert pages[1].startswith(
        "INTERNATIONAL DIALOGUE ON MIGRATION 2010 1. The edited first paragraph. 2. The old second paragraph."
    )
    assert list(draft_note.paragraphs.values_list("text", flat=True)) == [
        "The edited first paragraph.",
        "The old second paragraph.",
    ]
    assert [f["text"].value() for f in editor.context["formset"].forms[:2]] == [
        "The edited first paragraph.",
        "The old second paragraph.",
    ]


def test_a_preview_with_an_error_keeps_the_typed_text_saves_nothing_and_renders_nothing(staff_client, draft_note):
    data = _note_form_data(
        draft_note,
        action="preview",
        **{"form-0-text": "Typed but not yet valid.", "form-1-heading": "H" * 401},
    )

    response = staff_client.post(reverse("documents:note_edit", args=[draft_note.pk]), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Typed but not yet valid." in html
    assert "Ensure this value has at most 400 characters (it has 401)." in html
    assert "Nothing was saved and no PDF was made: correct the marked fields first." in html
    assert DocumentJob.objects.count() == 0
    assert list(draft_note.paragraphs.values_list("text", flat=True)) == [
        "The old first paragraph.",
        "The old second paragraph.",
    ]


def test_a_preview_in_an_unknown_language_saves_nothing(staff_client, draft_note):
    data = _note_form_data(draft_note, action="preview", **{"form-0-text": "Edited.", "preview-language": "xx"})

    response = staff_client.post(reverse("documents:note_edit", args=[draft_note.pk]), data)

    assert response.status_code == 200
    assert "Edited." in response.content.decode()
    assert DocumentJob.objects.count() == 0
    assert draft_note.paragraphs.first().text == "The old first paragraph."


def test_the_editor_shows_each_field_once_and_its_actions_in_the_sticky_bar(staff_client, draft_note):
    html = staff_client.get(reverse("documents:note_edit", args=[draft_note.pk])).content.decode()

    bar = html[html.index('<div class="action-bar"') :]
    bar = bar[: bar.index("</div>")]
    assert html.count(">Place of issue:</label>") == 1
    assert html.count('name="place"') == 1
    assert html.count('name="issue_date"') == 1
    assert html.count('name="preview-language"') == 1
    assert 'name="action" value="save"' in bar
    assert 'name="action" value="preview"' in bar
    assert "/css/action-bar.css" in html
    assert "style=" not in html
    assert "<script>" not in html


# --- The generate button other apps' pages include ------------------------------------------


def test_the_generate_partial_posts_the_fields_the_request_form_reads(rf):
    template = Template(
        '{% include "documents/includes/generate_form.html" with kind="participants" pk=7 variant="final" '
        'label="Final list" hidden_label="Workshop" button_class="button-secondary" %}'
    )
    request = rf.get("/")
    html = template.render(Context({"request": request, "LANGUAGE_CODE": "fr", "csrf_token": "token"}))

    assert html == (
        '<form method="post" action="/documents/participants/7/generate/" class="inline-form">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="token">'
        '<input type="hidden" name="language" value="fr"><input type="hidden" name="variant" value="final">'
        '<button type="submit" class="button-secondary">Final list<span class="visually-hidden"> Workshop</span>'
        "</button></form>\n"
    )


def test_the_certificate_button_asks_in_the_participants_language(client, delegate):
    delegate.preferred_language = "es"
    delegate.save(update_fields=["preferred_language"])
    attended = registration(WorkshopFactory(), status=Registration.Status.ATTENDED, person=person_of(delegate))
    client.force_login(delegate)

    html = client.get(reverse("workshops:my_registrations")).content.decode()

    action = reverse("documents:generate", kwargs={"kind": "certificate", "pk": attended.pk})
    assert html.count('action="%s"' % action) == 1
    assert html.count('<input type="hidden" name="language" value="es">') == 1


def test_drafting_again_says_what_it_replaces_and_asks_first(staff_client, draft_note):
    from documents import drafting

    drafted = len(drafting.draft_paragraphs(draft_note.year, "en"))

    page = staff_client.get(reverse("documents:note_redraft", args=[draft_note.pk]))
    editor = staff_client.get(reverse("documents:note_edit", args=[draft_note.pk])).content.decode()

    html = page.content.decode()
    assert page.status_code == 200
    assert (
        "The draft's 2 paragraphs will be deleted and replaced by %d paragraphs drafted from the records as they "
        "stand now." % drafted
    ) in html
    assert "Replace the 2 paragraphs" in html
    assert list(draft_note.paragraphs.values_list("text", flat=True)) == [
        "The old first paragraph.",
        "The old second paragraph.",
    ]
    redraft = reverse("documents:note_redraft", args=[draft_note.pk])
    assert f'href="{redraft}"' in editor
    assert f'action="{redraft}"' not in editor


def test_confirming_drafts_again(staff_client, draft_note):
    from documents import drafting

    drafted = [p.text for p in drafting.draft_paragraphs(draft_note.year, "en")]

    response = staff_client.post(reverse("documents:note_redraft", args=[draft_note.pk]))

    assert response["Location"] == reverse("documents:note_edit", args=[draft_note.pk])
    assert list(draft_note.paragraphs.values_list("text", flat=True)) == drafted
