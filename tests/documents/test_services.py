"""The pipeline in one process (eager tasks): asking, reusing, claiming, finishing once, failing."""

import datetime
import io
import os
import socket
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from documents import services
from documents.models import DocumentJob, DocumentKind, DocumentSubject, Variant
from tests import factories
from workshops.models import Registration

from .helpers import job_pdf, participant, pdf_text, workshop

J = DocumentJob.Status
PARTICIPANTS = DocumentKind.PARTICIPANTS
OTHER_HOST = "another-machine.example:4242"


@pytest.fixture
def staff(db):
    return factories.make_secretariat(email="staff@iom.example")


@pytest.fixture
def event(db):
    event = workshop()
    kenya = factories.MemberStateFactory(country="KE", name="Kenya")
    participant(event, given="Amina", family="Odhiambo", state=kenya)
    return event


@pytest.fixture
def ask(staff, django_capture_on_commit_callbacks):
    """Ask for a document and run what is queued after commit (the task, eagerly)."""

    def ask(source, *, kind=PARTICIPANTS, language="en", variant="", run=True) -> DocumentJob:
        with django_capture_on_commit_callbacks(execute=run):
            job = services.request_document(kind=kind, source=source, language=language, by=staff, variant=variant)
        job.refresh_from_db()
        return job

    return ask


def job_files(job) -> list[str]:
    folder = Path(settings.MEDIA_ROOT) / "documents" / "jobs" / str(job.pk)
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


TITLE = "List of participants: Migration and Transnationalism: Opportunities and Challenges"


def pdf_facts(data: bytes) -> tuple[int, str]:
    """The page count and the title a PDF carries (read back with pypdf)."""
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), reader.metadata.title


def test_asking_queues_a_job_after_commit(event, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        job = services.request_document(kind=PARTICIPANTS, source=event, language="en", by=staff)

    assert (job.status, job.version, job.attempts, job.progress, bool(job.file)) == (J.QUEUED, 1, 0, 0, False)
    assert (job.subject.kind, job.subject.variant, job.subject.workshop) == (PARTICIPANTS, Variant.PROVISIONAL, event)
    assert len(callbacks) == 1
    assert len(job.checksum) == 64


def test_the_worker_renders_the_job_into_one_file(event, ask):
    job = ask(event)

    assert (job.status, job.progress, job.attempts, job.error) == (J.DONE, 100, 1, "")
    assert job.filename == "participants-migration-and-transnationalism-provisional-v1-en.pdf"
    assert job_files(job) == [job.filename]
    assert (job.size, job.pages) == (len(job_pdf(job)), 1)
    assert pdf_facts(job_pdf(job)) == (1, TITLE)
    assert "Amina Odhiambo" in pdf_text(job_pdf(job))


def test_the_same_records_give_the_same_document_without_a_new_render(event, ask, django_capture_on_commit_callbacks):
    first = ask(event)
    with django_capture_on_commit_callbacks() as callbacks:
        again = services.request_document(kind=PARTICIPANTS, source=event, language="en", by=None)

    assert (again.pk, again.file.name, again.attempts) == (first.pk, first.file.name, 1)
    assert callbacks == []
    assert DocumentJob.objects.count() == 1


def test_changed_records_give_a_new_version_and_languages_share_the_version(event, ask):
    first = ask(event)
    french_first = ask(event, language="fr")
    registration = Registration.objects.get(workshop=event)
    registration.is_head_of_delegation = True
    registration.save()
    second = ask(event)
    spanish_second = ask(event, language="es")

    assert [(j.version, j.language) for j in (first, french_first, second, spanish_second)] == [
        (1, "en"),
        (1, "fr"),
        (2, "en"),
        (2, "es"),
    ]
    assert len({first.checksum, french_first.checksum}) == 1
    assert first.checksum != second.checksum
    assert DocumentSubject.objects.get().last_version == 2


def test_final_and_provisional_lists_are_separate_documents(event, ask):
    provisional = ask(event)
    final = ask(event, variant=Variant.FINAL)

    assert provisional.subject_id != final.subject_id
    assert (provisional.version, final.version) == (1, 1)
    with pytest.raises(ValidationError):
        ask(event, variant="draft")


def test_a_message_delivered_twice_renders_once(event, ask):
    job = ask(event, run=False)

    outcomes = [services.render_job(job_id=job.pk), services.render_job(job_id=job.pk)]

    job.refresh_from_db()
    assert outcomes == [services.Outcome.DONE, services.Outcome.SKIPPED]
    assert (job.status, job.attempts, job_files(job)) == (J.DONE, 1, [job.filename])


def test_a_job_claimed_by_a_live_process_elsewhere_is_left_to_it(event, ask):
    job = ask(event, run=False)
    DocumentJob.objects.filter(pk=job.pk).update(
        status=J.RUNNING, attempts=1, claimed_by=OTHER_HOST, heartbeat_at=timezone.now()
    )

    outcome = services.render_job(job_id=job.pk)

    job.refresh_from_db()
    assert outcome == services.Outcome.BUSY
    assert (job.status, job.attempts, job.claimed_by, job_files(job)) == (J.RUNNING, 1, OTHER_HOST, [])


def test_a_job_whose_worker_went_silent_is_claimed_again(event, ask):
    job = ask(event, run=False)
    silent = timezone.now() - services.STALE_AFTER - datetime.timedelta(seconds=1)
    DocumentJob.objects.filter(pk=job.pk).update(
        status=J.RUNNING, attempts=1, claimed_by=OTHER_HOST, heartbeat_at=silent
    )

    outcome = services.render_job(job_id=job.pk)

    job.refresh_from_db()
    assert outcome == services.Outcome.DONE
    assert (job.status, job.attempts, job.claimed_by) == (J.DONE, 2, services.this_worker())


def test_a_job_whose_worker_process_on_this_host_is_gone_is_claimed_again_at_once(event, ask):
    job = ask(event, run=False)
    gone = 2**22 + 12345  # above Linux's largest process number: no such process
    DocumentJob.objects.filter(pk=job.pk).update(
        status=J.RUNNING, attempts=1, claimed_by=f"{socket.gethostname()}:{gone}", heartbeat_at=timezone.now()
    )

    outcome = services.render_job(job_id=job.pk)

    assert outcome == services.Outcome.DONE


def test_the_sweep_at_worker_start_queues_the_jobs_of_dead_workers(event, ask, django_capture_on_commit_callbacks):
    job = ask(event, run=False)
    alive = ask(workshop(slug="other", title="Societies and Identities"), run=False)
    DocumentJob.objects.filter(pk=job.pk).update(
        status=J.RUNNING, attempts=1, claimed_by=f"{socket.gethostname()}:{2**22 + 1}", heartbeat_at=timezone.now()
    )
    DocumentJob.objects.filter(pk=alive.pk).update(
        status=J.RUNNING, attempts=1, claimed_by=f"{socket.gethostname()}:{os.getppid()}", heartbeat_at=timezone.now()
    )

    with django_capture_on_commit_callbacks(execute=True):
        requeued = services.requeue_stale_jobs()

    job.refresh_from_db()
    alive.refresh_from_db()
    assert requeued == [job.pk]
    assert (job.status, job.attempts, alive.status) == (J.DONE, 2, J.RUNNING)


def test_a_crashed_attempts_leftover_file_is_replaced_not_kept_beside(event, ask):
    job = ask(event, run=False)
    folder = Path(settings.MEDIA_ROOT) / "documents" / "jobs" / str(job.pk)
    folder.mkdir(parents=True)
    (folder / job.filename).write_bytes(b"%PDF-1.7 half written")

    services.render_job(job_id=job.pk)

    job.refresh_from_db()
    assert job_files(job) == [job.filename]
    assert job.file.name == f"documents/jobs/{job.pk}/{job.filename}"
    assert pdf_facts(job_pdf(job)) == (1, TITLE)


def test_storage_trouble_puts_the_job_back_in_the_queue_for_a_retry(event, ask):
    job = ask(event, run=False)
    jobs = Path(settings.MEDIA_ROOT) / "documents" / "jobs"
    jobs.mkdir(parents=True)
    (jobs / str(job.pk)).write_text("a file where the job's folder should be")

    with pytest.raises(OSError):
        services.render_job(job_id=job.pk)
    job.refresh_from_db()
    released = (job.status, job.attempts, job.claimed_by, job.error.startswith("Will try again: "))
    (jobs / str(job.pk)).unlink()
    outcome = services.render_job(job_id=job.pk)

    job.refresh_from_db()
    assert released == (J.QUEUED, 1, "", True)
    assert (outcome, job.status, job.attempts, job.error) == (services.Outcome.DONE, J.DONE, 2, "")


def test_a_failing_template_marks_the_job_failed_and_a_retry_works(
    event, ask, staff, settings, tmp_path, django_capture_on_commit_callbacks
):
    broken = tmp_path / "templates" / "documents" / "pdf"
    broken.mkdir(parents=True)
    (broken / "participants.html").write_text("{% load no_such_library %}")
    working = settings.TEMPLATES
    settings.TEMPLATES = [{**working[0], "DIRS": [tmp_path / "templates", *working[0]["DIRS"]]}]

    job = ask(event)
    failed = (job.status, job.error.split(" Must be")[0], job.attempts, job_files(job))
    settings.TEMPLATES = working
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_document_job(job=job, by=staff)

    job.refresh_from_db()
    assert failed == (J.FAILED, "TemplateSyntaxError: 'no_such_library' is not a registered tag library.", 1, [])
    assert (job.status, job.error, job.attempts, job_files(job)) == (J.DONE, "", 1, [job.filename])


def test_gave_up_after_the_last_attempt(event, ask):
    job = ask(event, run=False)
    DocumentJob.objects.filter(pk=job.pk).update(attempts=services.MAX_ATTEMPTS)

    outcome = services.render_job(job_id=job.pk)

    job.refresh_from_db()
    assert (outcome, job.status, job.error) == (services.Outcome.FAILED, J.FAILED, "Gave up after 5 attempts.")


def test_retries_exhausted_the_job_says_so(event, ask):
    job = ask(event, run=False)

    services.give_up_job(job_id=job.pk, error="OperationalError: the database is unreachable")

    job.refresh_from_db()
    assert (job.status, job.error) == (J.FAILED, "OperationalError: the database is unreachable")


def test_only_a_failed_job_is_generated_again(event, ask, staff):
    job = ask(event)

    with pytest.raises(ValidationError) as error:
        services.retry_document_job(job=job, by=staff)

    assert error.value.messages == ["Only a failed document can be generated again."]
