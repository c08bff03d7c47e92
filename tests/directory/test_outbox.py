"""The mail outbox: a row in the caller's transaction, published in batches, each row sent once."""

import datetime
import socket
from types import SimpleNamespace

import pytest
from celery.signals import task_prerun
from django.core import mail
from django.db import transaction
from django.utils import timezone
from kombu import pools

from directory import outbox
from directory.broker import publish
from directory.mail import send_mail_on_commit
from directory.models import OutboxMail
from directory.tasks import task_dispatch_mail, task_sweep_outbox
from idm_portal.celery import app as celery_app

pytestmark = pytest.mark.django_db

TEMPLATE = "directory/email/affiliation_received"
CONTEXT = {
    "user": SimpleNamespace(get_full_name="Amina Odhiambo", email="amina@state.example"),
    "affiliation": SimpleNamespace(member_state=SimpleNamespace(name="Kenya")),
}


def write(n: int, *, prefix: str = "person") -> None:
    for i in range(n):
        send_mail_on_commit(template=TEMPLATE, context=CONTEXT, to=["%s%03d@state.example" % (prefix, i)])


@pytest.fixture
def dispatches():
    """The dispatch tasks that ran (eager in these tests), with the rows each one was given."""
    seen: list[list[int]] = []

    def record(sender=None, kwargs=None, **extra):
        if sender.name == task_dispatch_mail.name:
            seen.append(list(kwargs["mail_ids"]))

    task_prerun.connect(record, weak=False)
    yield seen
    task_prerun.disconnect(record)


def test_many_mails_in_one_transaction_are_published_in_batches_and_each_sent_once(
    django_capture_on_commit_callbacks, dispatches
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        write(120)
        written = OutboxMail.objects.count()
        sent_before_commit = len(mail.outbox)

    rows = list(OutboxMail.objects.order_by("pk"))
    ids = [row.pk for row in rows]
    assert (written, sent_before_commit) == (120, 0)
    assert dispatches == [ids[:50], ids[50:100], ids[100:]]
    assert sorted(message.to[0] for message in mail.outbox) == ["person%03d@state.example" % i for i in range(120)]
    assert [(row.attempts, row.sent_at is not None) for row in rows] == [(1, True)] * 120


def test_a_rolled_back_transaction_leaves_no_mail(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            write(3)
            raise RuntimeError("the change is refused")

    assert (OutboxMail.objects.count(), len(mail.outbox)) == (0, 0)


def test_a_message_arriving_twice_sends_nothing_the_second_time(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        write(2)
    ids = list(OutboxMail.objects.values_list("pk", flat=True))

    again = outbox.dispatch(mail_ids=ids)

    assert (again, len(mail.outbox)) == (outbox.Dispatched(), 2)
    assert list(OutboxMail.objects.values_list("attempts", flat=True)) == [1, 1]


def test_the_sweep_sends_what_no_message_announced_and_claims_that_died_after_the_timeout():
    now = timezone.now()
    lost = OutboxMail.objects.create(subject="Lost message", body="b", to=["lost@state.example"])
    died = OutboxMail.objects.create(
        subject="Worker died", body="b", to=["died@state.example"], claim="dead", claimed_at=now - outbox.CLAIM_TIMEOUT
    )
    busy = OutboxMail.objects.create(
        subject="Worker busy", body="b", to=["busy@state.example"], claim="alive", claimed_at=now, attempts=1
    )
    sent = OutboxMail.objects.create(subject="Sent", body="b", to=["sent@state.example"], sent_at=now, attempts=1)

    task_sweep_outbox.delay()

    assert sorted(message.subject for message in mail.outbox) == ["Lost message", "Worker died"]
    states = {row.pk: (row.sent_at is not None, row.attempts) for row in OutboxMail.objects.all()}
    assert states == {lost.pk: (True, 1), died.pk: (True, 1), busy.pk: (False, 1), sent.pk: (True, 1)}


def test_the_same_message_id_when_a_mail_has_to_go_again():
    row = OutboxMail.objects.create(
        subject="S", body="b", to=["a@state.example"], attachments=[["a.txt", "x", "text/plain"]]
    )
    outbox.dispatch(mail_ids=[row.pk])
    OutboxMail.objects.filter(pk=row.pk).update(sent_at=None, claimed_at=timezone.now() - outbox.CLAIM_TIMEOUT)
    outbox.sweep()

    first, second = mail.outbox
    assert first.extra_headers["Message-ID"] == second.extra_headers["Message-ID"]
    assert first.extra_headers["Message-ID"].startswith("<outbox.%d." % row.pk)
    assert (first.attachments[0][0], first.attachments[0][1]) == ("a.txt", "x")


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_mail_server_that_is_down_leaves_the_rows_for_a_later_attempt(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _closed_port()
    row = OutboxMail.objects.create(subject="S", body="b", to=["a@state.example"])

    result = outbox.sweep()
    soon_after = outbox.sweep()
    row.refresh_from_db()

    assert (result, soon_after) == (outbox.Dispatched(failed=1), outbox.Dispatched())
    assert (row.sent_at, row.attempts, row.last_error.startswith("ConnectionRefusedError")) == (None, 1, True)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMail.objects.filter(pk=row.pk).update(claimed_at=timezone.now() - outbox.CLAIM_TIMEOUT)
    later = outbox.sweep()
    row.refresh_from_db()
    assert (later, row.attempts, row.last_error, len(mail.outbox)) == (outbox.Dispatched(sent=1), 2, "", 1)


def test_a_row_tried_too_often_is_left_for_the_admin():
    old = timezone.now() - outbox.CLAIM_TIMEOUT - datetime.timedelta(minutes=1)
    OutboxMail.objects.create(
        subject="S", body="b", to=["a@state.example"], claimed_at=old, attempts=outbox.MAX_ATTEMPTS, last_error="E"
    )

    assert (outbox.sweep(), len(mail.outbox)) == (outbox.Dispatched(), 0)


@pytest.fixture
def broker_down(monkeypatch):
    """A broker address where nothing listens, and publishing for real (not eager)."""
    # Celery reads CELERY_BROKER_URL from the environment before its own setting (CI sets it).
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    previous = (celery_app.conf.broker_url, celery_app.conf.broker_transport_options, celery_app.conf.task_always_eager)
    celery_app.conf.broker_url = "redis://127.0.0.1:%d/0" % _closed_port()
    celery_app.conf.broker_transport_options = {}
    celery_app.conf.task_always_eager = False
    pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    yield
    celery_app.conf.broker_url, celery_app.conf.broker_transport_options, celery_app.conf.task_always_eager = previous
    pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def test_publishing_to_a_broker_that_is_down_returns_false_and_keeps_the_rows(
    broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        write(2)

    assert publish(task_sweep_outbox) is False
    assert (OutboxMail.objects.filter(sent_at__isnull=True).count(), len(mail.outbox)) == (2, 0)
