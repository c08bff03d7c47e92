"""A broker that drops packets: after one publish that failed, this process sends it nothing (no
message, no outbox flag) for ``PAUSE_AFTER_FAILURE``, so the requests that follow do not wait; what
they did not announce is found by the sweeps."""

import datetime
import time

import pytest
from django.core import mail

from directory import broker, outbox
from directory.broker import publish
from directory.mail import send_mail_on_commit
from directory.models import OutboxMail
from directory.tasks import task_sweep_outbox
from idm_portal.celery import app as celery_app
from tests.brokers import PACKET_LOSS_OPTIONS, broker_at
from tests.directory.test_outbox import CONTEXT, TEMPLATE

pytestmark = pytest.mark.django_db
REDIS_BROKER = str(celery_app.conf.broker_url or "").startswith("redis://")


def timed(action, *args, **kwargs):
    started = time.monotonic()
    answer = action(*args, **kwargs)
    return answer, round(time.monotonic() - started)  # whole seconds: the broker's timeout is 1 s


def test_after_a_publish_the_broker_did_not_answer_none_is_tried_until_the_pause_ends(blackhole, monkeypatch):
    monkeypatch.setattr(broker, "PAUSE_AFTER_FAILURE", 0.3)
    with broker_at(blackhole, PACKET_LOSS_OPTIONS, monkeypatch):
        first = timed(publish, task_sweep_outbox)
        during_the_pause = timed(publish, task_sweep_outbox)
        time.sleep(0.3)
        after_it = timed(publish, task_sweep_outbox)

    # socket_timeout is 1 s: the first waits it, the next not at all, the one after the pause again.
    assert (first, during_the_pause, after_it) == ((False, 1), (False, 0), (False, 1))


def test_a_commit_after_a_failed_publish_does_not_wait_for_the_outbox_flag_and_its_mail_is_swept(
    blackhole, monkeypatch, django_capture_on_commit_callbacks
):
    with broker_at(blackhole, PACKET_LOSS_OPTIONS, monkeypatch):
        failed = timed(publish, task_sweep_outbox)
        with django_capture_on_commit_callbacks(execute=True):
            send_mail_on_commit(template=TEMPLATE, context=CONTEXT, to=["amina@state.example"])
            started = time.monotonic()
        commit_seconds = round(time.monotonic() - started)
        unsent = OutboxMail.objects.filter(sent_at__isnull=True).count()

    swept = outbox.sweep()

    assert (failed, commit_seconds, unsent) == ((False, 1), 0, 1)
    assert (swept, [message.to for message in mail.outbox]) == (outbox.Dispatched(sent=1), [["amina@state.example"]])


def test_a_flag_the_broker_did_not_answer_pauses_the_publishing_too(blackhole, monkeypatch):
    with broker_at(blackhole, PACKET_LOSS_OPTIONS, monkeypatch):
        announced = timed(outbox._announce, outbox._drain_flag())
        published = timed(publish, task_sweep_outbox)

    assert (announced, published) == ((False, 1), (False, 0))


@pytest.mark.skipif(not REDIS_BROKER, reason="needs a Redis broker")
def test_a_countdown_is_sent_with_the_message_as_its_eta(monkeypatch):
    queue = celery_app.conf.task_default_queue
    with broker_at(celery_app.conf.broker_url, celery_app.conf.broker_transport_options, monkeypatch):
        with celery_app.connection_for_write() as connection:
            connection.default_channel.queue_purge(queue)
            before = datetime.datetime.now(datetime.UTC)
            published = publish(task_sweep_outbox, countdown=30)
            message = connection.default_channel.basic_get(queue, no_ack=True)
            connection.default_channel.queue_purge(queue)
    eta = datetime.datetime.fromisoformat(message.headers["eta"])

    assert (published, message.headers["task"], 29 < (eta - before).total_seconds() <= 30.5) == (
        True,
        task_sweep_outbox.name,
        True,
    )
