"""A real Celery worker process on the configured broker (the filesystem broker, or Redis in CI),
not eager mode: it renders real PDFs into the test's media folder from the test database."""

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from directory.models import User
from documents import services
from documents.models import DocumentJob, DocumentKind
from documents.rendering import TEST_DELAY_VARIABLE
from documents.tasks import task_render_document
from tests import factories
from workshops.models import DialogueYear, Registration

from .conftest import load_demo, wait_for, wait_for_log
from .helpers import job_pdf, participant, pdf_pages, pdf_text, workshop

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]
J = DocumentJob.Status

PANEL_SPEAKERS = [
    "Kyung-wha Kang, Deputy High Commissioner for Human Rights",
    "Fatima Mohammed Al-Balooshi, Minister of Social Development of Bahrain",
    "Jean-Louis de Brouwer, Directorate-General for Justice, Freedom and Security of the European Commission",
    "Drazen Maravic, Ministry of Interior of Serbia",
    "Elly Anita, Trafficking in Persons Report hero of the year for 2009",
    "H.E. Ellen Johnson Sirleaf, President of Liberia",
]


def files_under(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def test_a_worker_renders_the_2010_discussion_note_from_the_demo_records(start_worker):
    load_demo()
    secretariat = User.objects.get(email="secretariat@idm.example")
    note = services.draft_discussion_note(year=DialogueYear.objects.get(year=2010), by=secretariat)
    start_worker()

    job = services.issue_discussion_note(note=note, by=secretariat, issue_date=date(2010, 2, 8), place="Geneva")
    job = wait_for(job, J.DONE, J.FAILED)

    pages = pdf_pages(job_pdf(job))
    text = " ".join(pages)
    note.refresh_from_db()
    assert (job.status, job.error, job.attempts, job.progress) == (J.DONE, "", 1, 100)
    assert (note.symbol, job.filename) == ("IC/2010/1", "IC-2010-1-en.pdf")
    cover = pages[0]
    assert "IOM International Organization for Migration" in cover
    assert "OIM Organisation internationale pour les migrations" in cover
    assert "OIM Organización Internacional para las Migraciones" in cover
    assert "IC/2010/1 Original: English Geneva, 8 February 2010" in cover
    assert "INTERNATIONAL DIALOGUE ON MIGRATION 2010 Migration and social change" in cover
    assert "Migration and Transnationalism: Opportunities and Challenges (9–10 March 2010)" in text
    assert "Societies and Identities: the Multifaceted Impact of Migration (19–20 July 2010)" in text
    assert "overarching theme “Migration and social change” will guide the IDM in 2010" in text
    assert "IDM at the Ninety-eighth Session of the IOM Council" in text
    assert [speaker in text for speaker in PANEL_SPEAKERS] == [True] * len(PANEL_SPEAKERS)
    numbers = [n for n in range(1, 40) if f" {n}. " in " " + text]
    assert numbers[:12] == list(range(1, 13))
    # Footnotes at the foot of the page that calls them, numbered in order.
    first = next(i for i, page in enumerate(pages) if "For further information on the intersessional" in page)
    second = next(i for i, page in enumerate(pages) if "including the presentations made by the panellists" in page)
    assert "(9–10 July 2009).1" in pages[first]
    assert pages[first].index("(9–10 July 2009).1") < pages[first].index("1 For further information")
    assert "2 Further information on the IDM at the Ninety-eighth Session" in pages[second]
    assert (first, second) == (1, 1)


def test_a_worker_killed_in_the_middle_of_a_render_leaves_one_job_done_with_one_file(start_worker):
    kenya = factories.MemberStateFactory(country="KE", name="Kenya")
    event = workshop()
    participant(event, given="Amina", family="Odhiambo", state=kenya)
    staff = factories.make_secretariat(email="staff@iom.example")
    first = start_worker(env={TEST_DELAY_VARIABLE: "30"})

    job = services.request_document(kind=DocumentKind.PARTICIPANTS, source=event, language="en", by=staff)
    wait_for(job, J.RUNNING, progress=31)
    first.kill()
    job.refresh_from_db()
    killed = (job.status, job.attempts, bool(job.file))
    second = start_worker()
    job = wait_for(job, J.DONE, J.FAILED)
    # The killed worker's message may come back (Redis, after its visibility timeout): nothing changes.
    task_render_document.delay(job_id=job.pk)
    redelivered = wait_for_log(second, "Document job %d: skipped" % job.pk)

    media = Path(settings.MEDIA_ROOT)
    assert killed == (J.RUNNING, 1, False)
    assert (job.status, job.attempts, job.progress, job.error) == (J.DONE, 2, 100, "")
    assert DocumentJob.objects.count() == 1
    assert files_under(media) == [media / "documents" / "jobs" / str(job.pk) / job.filename]
    assert "Amina Odhiambo" in pdf_text(job_pdf(job))
    assert redelivered is True


def test_a_pool_process_killed_in_a_render_is_requeued_by_its_worker(start_worker):
    """prefork: the parent sees its child die and re-queues the message (acks_late, reject_on_worker_lost)."""
    kenya = factories.MemberStateFactory(country="KE", name="Kenya")
    event = workshop()
    participant(event, given="Amina", family="Odhiambo", state=kenya)
    staff = factories.make_secretariat(email="staff@iom.example")
    worker = start_worker(pool="prefork", env={TEST_DELAY_VARIABLE: "2"})

    job = services.request_document(kind=DocumentKind.PARTICIPANTS, source=event, language="en", by=staff)
    job = wait_for(job, J.RUNNING, progress=31)
    pool_process = int(job.claimed_by.rpartition(":")[2])
    worker.kill(pool_process)
    job = wait_for(job, J.DONE, J.FAILED)

    media = Path(settings.MEDIA_ROOT)
    assert pool_process != worker.process.pid
    assert (job.status, job.attempts, job.error) == (J.DONE, 2, "")
    assert files_under(media) == [media / "documents" / "jobs" / str(job.pk) / job.filename]


def test_asking_again_for_unchanged_records_reuses_the_document(start_worker):
    kenya = factories.MemberStateFactory(country="KE", name="Kenya")
    event = workshop()
    registration = participant(event, given="Amina", family="Odhiambo", state=kenya)
    staff = factories.make_secretariat(email="staff@iom.example")
    start_worker()

    first = wait_for(
        services.request_document(kind=DocumentKind.PARTICIPANTS, source=event, language="en", by=staff), J.DONE
    )
    again = services.request_document(kind=DocumentKind.PARTICIPANTS, source=event, language="en", by=staff)
    Registration.objects.filter(pk=registration.pk).update(is_head_of_delegation=True)
    changed = wait_for(
        services.request_document(kind=DocumentKind.PARTICIPANTS, source=event, language="en", by=staff), J.DONE
    )

    assert (again.pk, again.version, again.status) == (first.pk, 1, J.DONE)
    assert (changed.pk != first.pk, changed.version) == (True, 2)
    assert "Amina Odhiambo (Head of delegation)" in pdf_text(job_pdf(changed))
    assert "Head of delegation" not in pdf_text(job_pdf(first))
    assert list(DocumentJob.objects.values_list("version", "status").order_by("version")) == [
        (1, J.DONE),
        (2, J.DONE),
    ]
