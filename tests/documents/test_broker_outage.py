"""The broker really stopped, then started again, with a real Celery worker (and its beat) running.

While the broker is down a delegate registers and the secretariat asks for a document and writes to
sixty participants in one transaction: every page answers normally. Once the broker is back, the
periodic sweeps find what no message announced: every e-mail is sent once and the job is rendered once.
"""

from __future__ import annotations

import email
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from kombu import pools

from directory.mail import send_mail_on_commit
from directory.models import OutboxMail
from documents.models import DocumentJob, DocumentKind
from idm_portal.celery import app as celery_app
from tests import factories
from workshops.models import Registration

from ..brokers import REDIS, RedisServer
from ..workshops.factories import WorkshopFactory, person_of
from .conftest import JOB_TIMEOUT, Worker, wait_for
from .helpers import participant

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]
DEADLINE = 240  # seconds: the worker reconnects with back-off, the sweeps run every second


def _use_broker(url: str, transport_options: dict | None) -> None:
    celery_app.conf.broker_url = url
    celery_app.conf.broker_transport_options = transport_options
    pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def redis_broker(tmp_path):
    if REDIS is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer(tmp_path)
    previous = (celery_app.conf.broker_url, celery_app.conf.broker_transport_options)
    _use_broker(server.url, {})
    yield server
    server.stop()
    _use_broker(*previous)


def sent_messages(folder: Path) -> list[email.message.Message]:
    """Every message the worker's file backend wrote (several per file when sent on one connection)."""
    messages = []
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk))
    return messages


def wait_until(condition, what: str, timeout: float = DEADLINE):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"{what} after {timeout}s")


def test_with_the_broker_stopped_pages_answer_and_once_it_is_back_everything_is_done_once(
    redis_broker, tmp_path, client
):
    event = WorkshopFactory(capacity=100)
    kenya = factories.MemberStateFactory(country="KE", name="Kenya")
    participants = [participant(event, given="Given%02d" % n, family="Family", state=kenya) for n in range(60)]
    delegate = factories.make_delegate(email="delegate@state.example")
    staff = factories.make_secretariat(email="staff@iom.example")
    var = tmp_path / "worker-var"
    (tmp_path / "worker").mkdir()
    redis_broker.start()
    worker = Worker(
        pool="solo",
        beat=True,
        folder=tmp_path / "worker",
        extra_env={"CELERY_BROKER_URL": redis_broker.url, "IDM_VAR_DIR": str(var), "IDM_SWEEP_SECONDS": "1"},
    )
    try:
        redis_broker.stop()

        client.force_login(delegate)
        registered = client.post(reverse("workshops:register", args=[event.slug]), {"participant": "self"})
        client.force_login(staff)
        asked = client.post(
            reverse("documents:generate", args=[DocumentKind.PARTICIPANTS, event.pk]), {"language": "en"}
        )
        with transaction.atomic():  # a message to every participant: sixty rows, two publications, both lost
            for registration in participants:
                send_mail_on_commit(
                    template="workshops/email/registration_confirmed",
                    context={"registration": registration, "workshop": event, "person": registration.person},
                    to=["p%d@state.example" % registration.pk],
                )
        job = DocumentJob.objects.get()
        while_down = (
            registered.status_code,
            Registration.objects.get(person=person_of(delegate)).status,
            asked.status_code,
            asked["Location"],
            job.status,
            OutboxMail.objects.filter(sent_at__isnull=True).count(),
        )

        redis_broker.start()
        try:
            wait_until(lambda: not OutboxMail.objects.filter(sent_at__isnull=True).exists(), "e-mails still unsent")
        except AssertionError as error:
            raise AssertionError(str(error) + "\n" + "".join(worker.log[-150:])) from None
        job = wait_for(job, DocumentJob.Status.DONE, DocumentJob.Status.FAILED, timeout=max(JOB_TIMEOUT, DEADLINE))
        messages = wait_until(lambda: len(sent_messages(var / "mail")) >= 61 and sent_messages(var / "mail"), "mail")
    finally:
        worker.stop()

    rows = list(OutboxMail.objects.order_by("pk"))
    assert while_down == (
        302,
        Registration.Status.CONFIRMED,
        302,
        reverse("documents:job", args=[job.pk]),
        "queued",
        61,
    )
    assert [row.attempts for row in rows] == [1] * 61
    assert sorted(message["Message-ID"] for message in messages) == sorted(
        "<outbox.%d.%s@iom.int>" % (row.pk, row.created_at.strftime("%Y%m%d%H%M%S")) for row in rows
    )
    assert sorted(message["To"] for message in messages) == sorted(
        ["delegate@state.example"] + ["p%d@state.example" % registration.pk for registration in participants]
    )
    assert (job.status, job.attempts, job.error) == (DocumentJob.Status.DONE, 1, "")
    assert DocumentJob.objects.count() == 1
    media = Path(settings.MEDIA_ROOT)
    assert sorted(path for path in media.rglob("*") if path.is_file()) == [
        media / "documents" / "jobs" / str(job.pk) / job.filename
    ]
