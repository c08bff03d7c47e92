"""The results as a PDF, through the documents pipeline: asked for once the survey is closed,
rendered by the (eager) task, readable by every signed-in user; refused before closing."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultations.models import Consultation, ConsultationMeeting
from documents import queries as document_queries
from documents import services as document_services
from documents.models import DocumentKind
from tests import factories
from tests.documents.helpers import job_pdf, pdf_text

from .factories import ConsultationFactory, ballot, state, themes, topics

pytestmark = pytest.mark.django_db

KIND = DocumentKind.CONSULTATION_RESULTS


@pytest.fixture
def closed():
    consultation = ConsultationFactory(year=2010, title="Overarching theme and workshops of the IDM in 2010")
    social, environment, health = themes(
        consultation, "Migration and social change", "Migration and the environment", "Health and migration"
    )
    transnationalism, families = topics(consultation, "Migration and Transnationalism", "Migration and the Family")
    families.merged_into = transnationalism
    families.save()
    ballot(consultation, state("SN", name="Senegal"), [social, environment, health], [transnationalism])
    ballot(consultation, state("KE", name="Kenya"), [environment, social, health], [transnationalism])
    meeting = ConsultationMeeting.objects.create(consultation=consultation, date="2009-10-20")
    meeting.states_present.set(consultation.ballots.values_list("member_state", flat=True))
    Consultation.objects.filter(pk=consultation.pk).update(status=Consultation.Status.CLOSED)
    consultation.refresh_from_db()
    return consultation


def request(consultation, django_capture_on_commit_callbacks):
    staff = factories.make_secretariat(email="staff@iom.example")
    with django_capture_on_commit_callbacks(execute=True):
        job = document_services.request_document(kind=KIND, source=consultation, language="en", by=staff)
    job.refresh_from_db()
    return job


def test_the_results_pdf_shows_the_ranking_method_topics_and_participation(closed, django_capture_on_commit_callbacks):
    job = request(closed, django_capture_on_commit_callbacks)

    text = pdf_text(job_pdf(job))

    assert (job.status, job.error, job.filename) == ("done", "", "theme-survey-results-2010-v1-en.pdf")
    assert "RESULTS OF THE THEME SURVEY" in text
    assert "2 of 2 member states cast a ballot (100%)." in text
    assert "1. Migration and social change 3" in text
    assert "2. Migration and the environment 3" in text
    assert "Equal points and equal preferences at every place: placed in alphabetical order." in text
    assert "3. Health and migration 0" in text
    assert "Borda count: with 3 candidate themes, a ballot gives 2 points to the theme it places first" in text
    assert "1. Migration and Transnationalism 2" in text
    assert "Originally proposed: “Migration and the Family”, incorporated into “Migration and Transnationalism”" in text
    assert "Africa 2 / 2 (100%)" in text
    assert "20 October 2009: Informal consultations (2 member states present)" in text


def test_the_same_results_give_the_same_document(closed, django_capture_on_commit_callbacks):
    first = request(closed, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        again = document_services.request_document(kind=KIND, source=closed, language="en", by=first.requested_by)

    assert again.pk == first.pk


@pytest.mark.parametrize("status", [Consultation.Status.DRAFT, Consultation.Status.OPEN])
def test_no_results_pdf_before_the_survey_closes(closed, status, django_capture_on_commit_callbacks):
    Consultation.objects.filter(pk=closed.pk).update(status=status)

    with pytest.raises(ValidationError) as error:
        request(closed, django_capture_on_commit_callbacks)

    assert error.value.messages == ["The results are published when the survey closes."]


def test_every_signed_in_user_sees_the_pdf_once_closed(client, closed, django_capture_on_commit_callbacks):
    job = request(closed, django_capture_on_commit_callbacks)
    delegate = factories.make_delegate(email="delegate@state.example")
    donor = factories.make_donor_contact(email="donor@donor.example")
    list_url = reverse("documents:list", kwargs={"kind": KIND, "pk": closed.pk})

    anonymous = client.get(list_url)
    client.force_login(delegate)
    page = client.get(list_url)
    download = client.get(reverse("documents:download", kwargs={"pk": job.pk}))

    assert anonymous.status_code == 302
    assert anonymous["Location"] == "%s?next=%s" % (reverse("account_login"), list_url)
    assert page.status_code == 200
    assert job.filename in page.content.decode()
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="theme-survey-results-2010-v1-en.pdf"'
    assert b"".join(download.streaming_content) == job_pdf(job)
    assert list(document_queries.jobs_visible_to(donor)) == [job]
    assert client.post(reverse("documents:generate", kwargs={"kind": KIND, "pk": closed.pk})).status_code == 403


def test_before_closing_the_pdf_page_does_not_exist_for_delegates(client, closed):
    Consultation.objects.filter(pk=closed.pk).update(status=Consultation.Status.OPEN)
    client.force_login(factories.make_delegate(email="delegate@state.example"))

    response = client.get(reverse("documents:list", kwargs={"kind": KIND, "pk": closed.pk}))

    assert response.status_code == 404


def test_the_results_page_links_to_the_pdf(client, closed):
    response = client.get(reverse("consultations:results", kwargs={"pk": closed.pk}))

    assert reverse("documents:list", kwargs={"kind": KIND, "pk": closed.pk}) in response.content.decode()
