"""Document jobs: asking for a document, and rendering it in a worker exactly once.

A job is claimed under its row lock before rendering and finished under the same lock: the first
attempt to finish saves the one file, any other attempt (a redelivered message, a second worker)
finds the job done and throws its bytes away. A job whose worker died is claimed again: on the
same host when its process is gone, anywhere when it has given no sign of life for ``STALE_AFTER``.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import socket
import threading
from dataclasses import dataclass
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from directory.broker import publish_on_commit
from directory.models import User

from ..models import (
    DocumentJob,
    DocumentKind,
    DocumentSubject,
    Variant,
)
from ..rendering import Progress, render_pdf, typeset
from ..snapshots import KINDS, checksum_of, snapshot

logger = logging.getLogger(__name__)

J = DocumentJob.Status
# Database and storage trouble: worth another try later. Anything else a render raises is a failure.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, OSError)
MAX_ATTEMPTS = 5
HEARTBEAT_SECONDS = 5
STALE_AFTER = datetime.timedelta(seconds=30)
RENDER_TASK = "documents.render_document"  # documents.tasks.task_render_document


class Outcome:
    DONE = "done"
    FAILED = "failed"
    SKIPPED = "skipped"  # already done, failed, or gone: nothing to do
    BUSY = "busy"  # another live process renders it: look again later


def this_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


# --- Asking for a document ------------------------------------------------------------------


def variant_for(kind: str, source: Any, variant: str = "") -> str:
    """The variant a request means: a discussion note's follows its status; others are chosen."""
    spec = KINDS[kind]
    if kind == DocumentKind.DISCUSSION_NOTE:
        return Variant.DRAFT if source.is_draft else Variant.ISSUED
    if variant in spec.variants:
        return variant
    if variant:
        raise ValidationError(_("This document has no such variant."))
    return spec.variants[0]


def subject_for(*, kind: str, source: Any, variant: str) -> DocumentSubject:
    spec = KINDS[kind]
    subject, _created = DocumentSubject.objects.get_or_create(kind=kind, variant=variant, **{spec.source: source})
    return subject


@transaction.atomic
def request_document(*, kind: str, source: Any, language: str, by: User | None, variant: str = "") -> DocumentJob:
    """The job for this document as the records stand now: the existing one when the same records
    were already asked for in this language (a failed one is queued again), else a new job, queued
    after commit. Versions count the states of the records, shared by the languages."""
    spec = KINDS[kind]
    source = spec.model.objects.get(pk=source.pk)  # the records as they stand, not as the caller last read them
    variant = variant_for(kind, source, variant)
    subject = subject_for(kind=kind, source=source, variant=variant)
    subject = DocumentSubject.objects.select_for_update().get(pk=subject.pk)
    records = snapshot(kind=kind, variant=variant, records=spec.build(source, variant))
    checksum = checksum_of(records)
    job = subject.jobs.filter(language=language, checksum=checksum).first()
    if job is not None:
        if job.status == J.FAILED:
            _requeue(job, attempts_reset=True)
        return job
    version = subject.jobs.filter(checksum=checksum).values_list("version", flat=True).first()
    if version is None:
        subject.last_version += 1
        subject.save(update_fields=["last_version"])
        version = subject.last_version
    job = DocumentJob.objects.create(
        subject=subject,
        kind=kind,
        language=language,
        version=version,
        records=records,
        checksum=checksum,
        filename=spec.filename(json.loads(records)["records"], variant, language, version),
        requested_by=by,
    )
    _queue_after_commit(job)
    return job


@transaction.atomic
def retry_document_job(*, job: DocumentJob, by: User) -> DocumentJob:
    """Queue a failed job again, from the same records."""
    job = DocumentJob.objects.select_for_update().get(pk=job.pk)
    if job.status != J.FAILED:
        raise ValidationError(_("Only a failed document can be generated again."))
    _requeue(job, attempts_reset=True)
    return job


def _requeue(job: DocumentJob, *, attempts_reset: bool = False) -> None:
    job.status = J.QUEUED
    job.progress = 0
    job.claimed_by = ""
    job.error = ""
    if attempts_reset:
        job.attempts = 0
    job.save(update_fields=["status", "progress", "claimed_by", "error", "attempts", "updated_at"])
    _queue_after_commit(job)


def _queue_after_commit(job: DocumentJob) -> None:
    """The message after commit; a broker that is down loses only the message, the sweep re-sends it.
    The task by its name: the worker's task module imports these services, not the other way round."""
    publish_on_commit(RENDER_TASK, job_id=job.pk)


# --- Rendering (in the worker) --------------------------------------------------------------


@dataclass
class _Claim:
    outcome: str | None
    job: DocumentJob | None = None


def render_job(*, job_id: int, worker: str | None = None) -> str:
    """Render one job, at most one file ever. Returns an ``Outcome``; raises transient errors."""
    worker = worker or this_worker()
    claim = _claim(job_id, worker)
    if claim.outcome is not None:
        return claim.outcome
    job = claim.job
    # In a worker the render runs outside any transaction; inside one (a test, an eager task) a
    # second connection could not see the job, and nobody else waits for its sign of life.
    heartbeat = _Heartbeat(job_id, worker) if not connection.in_atomic_block else None
    if heartbeat is not None:
        heartbeat.start()
    try:
        pdf, pages = render_snapshot(
            kind=job.kind,
            records=job.records,
            language=job.language,
            generated_on=timezone.localdate(job.created_at),
            progress=lambda value: _progress(job_id, worker, value),
        )
    except SoftTimeLimitExceeded:
        _fail(job_id, worker, _("The document took too long to generate."))
        return Outcome.FAILED
    except (OperationalError, InterfaceError) as error:
        _release(job_id, worker, error)
        raise
    except Exception as error:  # a template or layout error: recorded on the job, shown to the user
        logger.exception("Document job %s failed", job_id)
        _fail(job_id, worker, f"{type(error).__name__}: {error}")
        return Outcome.FAILED
    finally:
        if heartbeat is not None:
            heartbeat.stop()
    try:
        return _finish(job_id, worker, pdf, pages)
    except TRANSIENT_ERRORS as error:
        _release(job_id, worker, error)
        raise


def render_snapshot(
    *, kind: str, records: str, language: str, generated_on: datetime.date, progress: Progress | None = None
) -> tuple[bytes, int]:
    """The PDF of a records snapshot (see snapshots.snapshot) in a language, and its page count."""
    spec = KINDS[kind]
    with translation.override(language):  # present() picks the records' text in the document's language
        context = {**spec.present(json.loads(records)["records"]), "generated_on": generated_on}
        context["document_title"] = document_title(kind, context)
    return render_pdf(template=spec.template, context=context, language=language, progress=progress)


def document_title(kind: str, context: dict) -> str:
    """The PDF's title, read out by screen readers and shown by viewers instead of the file name: the
    kind of document and what it is about ("List of participants: Migration and Transnationalism…")."""
    label = DocumentKind(kind).label
    subject = context.get("header", "")
    title = _("%(kind)s: %(subject)s") % {"kind": label, "subject": subject} if subject else str(label)
    return typeset(title, translation.get_language() or "en")


def generate_pdf(*, kind: str, source: Any, language: str, variant: str = "") -> tuple[bytes, str]:
    """Render one document now, in this process, without a job: for operators (``generate_document``).
    Same records, same templates, same renderer as the worker. Returns the PDF and a file name."""
    spec = KINDS[kind]
    variant = variant_for(kind, source, variant)
    records = snapshot(kind=kind, variant=variant, records=spec.build(source, variant))
    pdf, _pages = render_snapshot(kind=kind, records=records, language=language, generated_on=timezone.localdate())
    return pdf, spec.filename(json.loads(records)["records"], variant, language, 0)


@transaction.atomic
def _claim(job_id: int, worker: str) -> _Claim:
    job = DocumentJob.objects.select_for_update().filter(pk=job_id).first()
    if job is None:
        logger.warning("Document job %s is gone", job_id)
        return _Claim(Outcome.SKIPPED)
    if job.status in (J.DONE, J.FAILED):
        return _Claim(Outcome.SKIPPED)
    if job.status == J.RUNNING and not claimant_gone(job):
        return _Claim(Outcome.BUSY)
    if job.attempts >= MAX_ATTEMPTS:
        _mark_failed(job, _("Gave up after %(n)d attempts.") % {"n": job.attempts})
        return _Claim(Outcome.FAILED)
    now = timezone.now()
    job.status = J.RUNNING
    job.attempts += 1
    job.progress = 5
    job.claimed_by = worker
    job.heartbeat_at = now
    job.started_at = now
    job.error = ""
    job.save(
        update_fields=[
            "status",
            "attempts",
            "progress",
            "claimed_by",
            "heartbeat_at",
            "started_at",
            "error",
            "updated_at",
        ]
    )
    return _Claim(None, job)


@transaction.atomic
def _finish(job_id: int, worker: str, pdf: bytes, pages: int) -> str:
    job = DocumentJob.objects.select_for_update().get(pk=job_id)
    if job.status == J.DONE:
        logger.info("Document job %s was finished by another attempt; %s discards its copy", job_id, worker)
        return Outcome.SKIPPED
    _clear_folder(job)
    job.file.save(job.filename, ContentFile(pdf), save=False)
    job.status = J.DONE
    job.progress = 100
    job.size = len(pdf)
    job.pages = pages
    job.error = ""
    job.finished_at = timezone.now()
    job.save()
    return Outcome.DONE


def _clear_folder(job: DocumentJob) -> None:
    """Under the job's lock and before it is done, any file in its folder is a crashed attempt's."""
    storage = job.file.storage
    folder = f"documents/jobs/{job.pk}"
    if storage.exists(folder):
        for name in storage.listdir(folder)[1]:
            storage.delete(f"{folder}/{name}")


def _progress(job_id: int, worker: str, value: int) -> None:
    DocumentJob.objects.filter(pk=job_id, status=J.RUNNING, claimed_by=worker).update(
        progress=value, heartbeat_at=timezone.now()
    )


@transaction.atomic
def _fail(job_id: int, worker: str, error: str) -> None:
    job = DocumentJob.objects.select_for_update().get(pk=job_id)
    if job.status == J.RUNNING and job.claimed_by == worker:
        _mark_failed(job, error)


@transaction.atomic
def _release(job_id: int, worker: str, error: Exception) -> None:
    """A transient error: the job waits for the task's next try (Celery retries with backoff)."""
    try:
        job = DocumentJob.objects.select_for_update().get(pk=job_id)
        if job.status == J.RUNNING and job.claimed_by == worker:
            job.status = J.QUEUED
            job.claimed_by = ""
            job.error = _("Will try again: %(error)s") % {"error": error}
            job.save(update_fields=["status", "claimed_by", "error", "updated_at"])
    except TRANSIENT_ERRORS:
        logger.warning("Document job %s: could not release after %s", job_id, error)


def _mark_failed(job: DocumentJob, error: str) -> None:
    job.status = J.FAILED
    job.error = error
    job.claimed_by = ""
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "claimed_by", "finished_at", "updated_at"])


@transaction.atomic
def give_up_job(*, job_id: int, error: str) -> None:
    """The task failed for good (retries exhausted): the job says so, unless it was done meanwhile."""
    job = DocumentJob.objects.select_for_update().filter(pk=job_id).first()
    if job is not None and job.status in (J.QUEUED, J.RUNNING):
        _mark_failed(job, error)


def claimant_gone(job: DocumentJob, now: datetime.datetime | None = None) -> bool:
    """Whether the process that claimed this running job can no longer finish it."""
    host, _sep, pid_text = job.claimed_by.rpartition(":")
    if host == socket.gethostname() and pid_text.isdigit():
        pid = int(pid_text)
        if pid == os.getpid():
            return True  # a worker process renders one job at a time: its earlier attempt has ended
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            pass
    now = now or timezone.now()
    return job.heartbeat_at is None or now - job.heartbeat_at > STALE_AFTER


def requeue_stale_jobs(*, queued_since: datetime.datetime | None = None) -> list[int]:
    """Queue again the running jobs whose worker died, and publish again the queued jobs no worker
    picked up since ``queued_since`` (default: ``STALE_AFTER`` ago): their message was lost (broker
    down at the request, a filesystem broker) or comes back much later (Redis' visibility timeout).
    Run by every starting worker and by the periodic sweep. A job announced twice is still claimed
    once under its row lock: one file."""
    now = timezone.now()
    queued_since = queued_since or now - STALE_AFTER
    requeued = []
    for job_id in DocumentJob.objects.filter(status=J.RUNNING).values_list("pk", flat=True):
        with transaction.atomic():
            job = DocumentJob.objects.select_for_update().get(pk=job_id)
            if job.status == J.RUNNING and claimant_gone(job):
                logger.warning("Document job %s: its worker %s is gone; queued again", job.pk, job.claimed_by)
                _requeue(job)
                requeued.append(job.pk)
    waiting = DocumentJob.objects.filter(status=J.QUEUED, updated_at__lt=queued_since)
    for job_id in waiting.values_list("pk", flat=True):
        with transaction.atomic():
            # updated_at moves on: a job waiting behind a long queue is announced once per sweep, not more.
            if DocumentJob.objects.filter(pk=job_id, status=J.QUEUED, updated_at__lt=queued_since).update(
                updated_at=now
            ):
                _queue_after_commit(DocumentJob(pk=job_id))
                requeued.append(job_id)
    return requeued


class _Heartbeat:
    """Says the claimant is alive while WeasyPrint works, from a thread with its own connection."""

    def __init__(self, job_id: int, worker: str) -> None:
        self.job_id = job_id
        self.worker = worker
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"document-job-{job_id}-heartbeat", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=HEARTBEAT_SECONDS * 2)

    def _run(self) -> None:
        try:
            while not self._stop.wait(HEARTBEAT_SECONDS):
                try:
                    DocumentJob.objects.filter(pk=self.job_id, status=J.RUNNING, claimed_by=self.worker).update(
                        heartbeat_at=timezone.now()
                    )
                except TRANSIENT_ERRORS:
                    logger.warning("Document job %s: heartbeat not recorded", self.job_id)
        finally:
            connection.close()
