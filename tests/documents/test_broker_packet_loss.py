"""A broker that drops packets while documents are asked for: the first request waits for the
broker's timeout, the next ones not at all (directory/broker.py's pause), and every job is found by
the sweep and rendered once the broker answers again."""

import time

import pytest
from django.utils import timezone

from documents import services
from documents.models import DocumentJob, DocumentKind
from tests import factories
from tests.brokers import PACKET_LOSS_OPTIONS, broker_at

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
