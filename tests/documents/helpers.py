"""Reading PDFs back, and small records for the documents' tests."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

from django.utils import timezone
from pypdf import PdfReader

from directory.models import Person
from workshops.models import Registration, Workshop

from .. import factories
from ..workshops.factories import DialogueYearFactory


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page, with runs of white space made single spaces."""
    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages]


def pdf_text(data: bytes) -> str:
    return " ".join(pdf_pages(data))


def job_pdf(job) -> bytes:
    with job.file.open("rb") as handle:
        return handle.read()


def workshop(**fields) -> Workshop:
    year = DialogueYearFactory()
    start = date(2010, 3, 9)
    defaults = {
        "year": year,
        "title": "Migration and Transnationalism: Opportunities and Challenges",
        "slug": "migration-and-transnationalism",
        "start_date": start,
        "end_date": start + timedelta(days=1),
        "venue": "International Conference Centre Geneva (CICG), Geneva",
        "status": Workshop.Status.CONFIRMED,
    }
    return Workshop.objects.create(**{**defaults, **fields})


def participant(
    workshop: Workshop,
    *,
    given: str,
    family: str,
    state,
    status: str = Registration.Status.CONFIRMED,
    consent: bool = True,
    organisation=None,
    position: str = "Counsellor",
    head: bool = False,
) -> Registration:
    user = factories.UserFactory(first_name=given, last_name=family)
    person = Person.objects.create(
        given_name=given, family_name=family, position=position, member_state=state, organisation=organisation
    )
    return Registration.objects.create(
        workshop=workshop,
        person=person,
        member_state=state,
        registered_by=user,
        status=status,
        consent_to_publish=consent,
        is_head_of_delegation=head,
        decided_at=timezone.now(),
    )


def make_job(subject, *, version: int = 1, language: str = "en", status: str = "done", by=None, error: str = ""):
    """A job row as a worker would leave it, with a small PDF file when done (no rendering)."""
    from django.core.files.base import ContentFile

    from documents.models import DocumentJob
    from documents.snapshots import KINDS, snapshot

    records = KINDS[subject.kind].build(subject.source, subject.variant)
    job = DocumentJob.objects.create(
        subject=subject,
        kind=subject.kind,
        language=language,
        version=version,
        records=snapshot(kind=subject.kind, variant=subject.variant, records=records),
        checksum=f"{subject.pk:08d}{version:08d}{language}".ljust(64, "0"),
        filename=f"{subject.kind}-v{version}-{language}.pdf",
        status=status,
        progress=100 if status == "done" else 0,
        attempts=1 if status in ("done", "failed") else 0,
        requested_by=by,
        error=error,
    )
    if status == "done":
        job.file.save(job.filename, ContentFile(b"%PDF-1.7\n% a test document\n"), save=False)
        job.size, job.pages = 27, 1
        job.save()
    return job
