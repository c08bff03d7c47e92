"""The broker failing document jobs: one that drops packets while documents are asked for (the first
request waits for the broker's timeout, the next ones not at all: directory/broker.py's pause; every
job is found by the sweep and rendered once the broker answers again), one that refuses a worker's
message."""

import time

import pytest
from django.utils import timezone

from documents import services
from documents.models import DocumentJob, DocumentKind
from documents.tasks import task_render_document
from tests import factories
from tests.brokers import PACKET_LOSS_OPTIONS, broker_at, closed_port

from .helpers import participant, workshop

pytestmark = pytest.mark.django_db
J = DocumentJob.Status


def test_document_requests_after_a_failed_publish_do_not_wait_and_the_sweep_renders_them(
    blackhole, monkeypatch, django_capture_on_commit_callbacks
):
    kenya = factories.MemberStateFactory(country="KE", name="Kenya")
    events = [workshop(), workshop(slug="societies", title="Societies and Identities")]
    for event in events:
        participant(event, given="Amina", family="Odhiambo", state=kenya)
    staff = factories.make_secretariat(email="staff@iom.example")

    seconds, jobs = [], []
    with broker_at(blackhole, PACKET_LOSS_OPTIONS, monkeypatch):
        for kind, source in [(DocumentKind.PARTICIPANTS, events[0]), (DocumentKind.PARTICIPANTS, events[1])]:
            with django_capture_on_commit_callbacks(execute=True):
                jobs.append(services.request_document(kind=kind, source=source, language="en", by=staff))
                started = time.monotonic()  # what follows the commit: the publishing
            seconds.append(round(time.monotonic() - started))  # whole seconds: the broker's timeout is 1 s
    waiting = [DocumentJob.objects.get(pk=job.pk).status for job in jobs]
    with django_capture_on_commit_callbacks(execute=True):  # the broker back (eager tasks): the sweep
        requeued = services.requeue_stale_jobs(queued_since=timezone.now())

    assert (seconds, waiting) == ([1, 0], [J.QUEUED, J.QUEUED])
    assert sorted(requeued) == [job.pk for job in jobs]
    assert [DocumentJob.objects.get(pk=job.pk).status for job in jobs] == [J.DONE, J.DONE]


def test_a_job_another_worker_renders_is_left_to_it_when_the_broker_fails_its_next_look(monkeypatch):
    """Busy elsewhere: the task asks to look again later; that message lost with the broker, the job
    is still the other worker's (the sweep looks again if that worker dies), never marked failed."""
    event = workshop()
    participant(event, given="Amina", family="Odhiambo", state=factories.MemberStateFactory(country="KE", name="Kenya"))
    job = services.request_document(kind=DocumentKind.PARTICIPANTS, source=event, language="en", by=None)
    DocumentJob.objects.filter(pk=job.pk).update(
        status=J.RUNNING, attempts=1, claimed_by="another-machine.example:4242", heartbeat_at=timezone.now()
    )

    with broker_at("redis://127.0.0.1:%d/0" % closed_port(), {}, monkeypatch):
        result = task_render_document.apply(kwargs={"job_id": job.pk})
    job.refresh_from_db()

    assert (result.state, result.result) == ("SUCCESS", "busy")
    assert (job.status, job.error, job.claimed_by) == (J.RUNNING, "", "another-machine.example:4242")
