"""The mail outbox: a row in the caller's transaction, one drain announced per commit (one a second with
Redis), each row sent once."""

import datetime
import threading
import time
from types import SimpleNamespace

import pytest
from celery.signals import task_prerun
from django.core import mail
from django.db import transaction
from django.utils import timezone

from directory import outbox
from directory.broker import publish
from directory.mail import send_mail_on_commit
from directory.models import OutboxMail
from directory.tasks import task_drain_outbox, task_sweep_outbox
from idm_portal.celery import app as celery_app
from tests.brokers import PACKET_LOSS_OPTIONS, broker_at, closed_port

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
def drains():
    """The drain tasks that ran (eager in these tests)."""
    seen: list[str] = []

    def record(sender=None, **extra):
        if sender.name == task_drain_outbox.name:
            seen.append(sender.name)

    task_prerun.connect(record, weak=False)
    yield seen
    task_prerun.disconnect(record)


def test_many_mails_in_one_transaction_are_announced_once_and_each_sent_once(
    django_capture_on_commit_callbacks, drains
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        write(120)
        written = OutboxMail.objects.count()
        sent_before_commit = len(mail.outbox)

    rows = list(OutboxMail.objects.order_by("pk"))
    assert (written, sent_before_commit, len(drains)) == (120, 0, 1)
    assert sorted(message.to[0] for message in mail.outbox) == ["person%03d@state.example" % i for i in range(120)]
    assert [(row.attempts, row.sent_at is not None) for row in rows] == [(1, True)] * 120


def test_each_commit_announces_a_drain_when_tasks_are_eager(django_capture_on_commit_callbacks, drains):
    for i in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            write(1, prefix="commit%d-" % i)

    assert (len(drains), len(mail.outbox)) == (3, 3)


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


def test_a_mail_server_that_is_down_leaves_the_rows_for_a_later_attempt(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
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
    with broker_at("redis://127.0.0.1:%d/0" % closed_port(), {}, monkeypatch):
        yield


def test_publishing_to_a_broker_that_never_answers_holds_the_commit_briefly(blackhole, monkeypatch):
    with broker_at(blackhole, PACKET_LOSS_OPTIONS, monkeypatch):
        started = time.monotonic()
        published = publish(task_sweep_outbox)
        publish_seconds = time.monotonic() - started
        started = time.monotonic()
        announced = outbox._announce(outbox._drain_flag())
        announce_seconds = time.monotonic() - started
        announced_again = outbox._announce(outbox._drain_flag())

    # Not sent (the sweep will), not waited for longer than the timeouts, and the flag's Redis (the
    # broker) not asked again at once.
    assert (published, announced, announced_again) == (False, False, False)
    assert (publish_seconds < 2, announce_seconds < 2) == (True, True), (publish_seconds, announce_seconds)


def test_publishing_to_a_broker_that_is_down_returns_false_and_keeps_the_rows(
    broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        write(2)

    assert publish(task_sweep_outbox) is False
    assert (OutboxMail.objects.filter(sent_at__isnull=True).count(), len(mail.outbox)) == (2, 0)


REDIS_BROKER = str(celery_app.conf.broker_url or "").startswith("redis://")


@pytest.fixture
def flagged(monkeypatch):
    """Publishing for real (not eager) on the configured Redis broker, the flag down at the start; the
    messages recorded instead of sent (True: the broker took it, as ``published`` says)."""
    if not REDIS_BROKER:
        pytest.skip("needs a Redis broker")
    eager, celery_app.conf.task_always_eager = celery_app.conf.task_always_eager, False
    flag = outbox._drain_flag()
    flag.delete(outbox.DRAIN_FLAG)
    outbox._up_until.clear()
    published: list[str] = []
    answers = {"ok": True}

    def recording(task, **kwargs):
        published.append(task.name)
        return answers["ok"]

    monkeypatch.setattr(outbox, "publish", recording)
    yield SimpleNamespace(flag=flag, published=published, answers=answers)
    flag.delete(outbox.DRAIN_FLAG)
    outbox._up_until.clear()
    celery_app.conf.task_always_eager = eager


def test_while_the_flag_is_up_commits_announce_no_other_drain(flagged, django_capture_on_commit_callbacks):
    for i in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            write(1, prefix="commit%d-" % i)
    ttl = flagged.flag.pttl(outbox.DRAIN_FLAG)

    assert flagged.published == [task_drain_outbox.name]
    assert 0 < ttl <= outbox.DRAIN_INTERVAL * 1000
    assert (OutboxMail.objects.filter(sent_at__isnull=True).count(), len(mail.outbox)) == (3, 0)

    time.sleep(ttl / 1000)  # expired
    with django_capture_on_commit_callbacks(execute=True):
        write(1, prefix="later-")
    assert flagged.published == [task_drain_outbox.name] * 2


def test_a_flag_raised_by_another_process_is_known_without_asking_until_it_expires(
    flagged, django_capture_on_commit_callbacks
):
    flagged.flag.set(outbox.DRAIN_FLAG, 1, px=800)
    with django_capture_on_commit_callbacks(execute=True):
        write(1, prefix="first-")
    flagged.flag.delete(outbox.DRAIN_FLAG)  # what only an expiry does: this process does not look again
    with django_capture_on_commit_callbacks(execute=True):
        write(1, prefix="second-")
    assert flagged.published == []

    time.sleep(0.8)
    with django_capture_on_commit_callbacks(execute=True):
        write(1, prefix="third-")
    assert flagged.published == [task_drain_outbox.name]


def test_a_drain_the_broker_refused_lowers_the_flag_for_the_next_commit(flagged, django_capture_on_commit_callbacks):
    flagged.answers["ok"] = False
    with django_capture_on_commit_callbacks(execute=True):
        write(1, prefix="refused-")
    assert flagged.flag.exists(outbox.DRAIN_FLAG) == 0

    flagged.answers["ok"] = True
    with django_capture_on_commit_callbacks(execute=True):
        write(1, prefix="next-")
    assert flagged.published == [task_drain_outbox.name] * 2
    assert flagged.flag.exists(outbox.DRAIN_FLAG) == 1


@pytest.mark.django_db(transaction=True)
def test_the_drain_sends_what_is_committed_while_the_flag_is_up_then_stops(flagged):
    write(2, prefix="before-")
    flagged.flag.set(outbox.DRAIN_FLAG, 1, px=400)
    late = threading.Timer(0.15, lambda: write(1, prefix="meanwhile-"))  # a commit that saw the flag up

    started = time.monotonic()
    late.start()
    result = outbox.drain()
    took = time.monotonic() - started
    late.join()

    assert result == outbox.Dispatched(sent=3)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "before-000@state.example",
        "before-001@state.example",
        "meanwhile-000@state.example",
    ]
    assert 0.4 <= took < 2 * outbox.DRAIN_INTERVAL + 0.5
