"""The worker survives a Redis broker that goes away while a message is in hand (see idm_portal/celery.py)."""

import os
import uuid

import pytest
from kombu import Connection
from kombu.transport import redis as kombu_redis

BROKER = os.environ.get("CELERY_BROKER_URL", "")
pytestmark = pytest.mark.skipif(not BROKER.startswith("redis://"), reason="needs a Redis broker")


def _connection_left_by_a_lost_broker() -> Connection:
    """A connection holding one delivered, unacknowledged message, its transport detached as after a loss."""
    connection = Connection(BROKER)
    queue = connection.SimpleQueue("idm-test-%s" % uuid.uuid4().hex)
    queue.put({"job": 1})
    queue.get(timeout=5)
    assert len(connection.default_channel.qos._delivered) == 1
    connection._do_close_transport()
    return connection


def test_closing_the_channel_of_a_lost_broker_keeps_the_worker_alive():
    connection = _connection_left_by_a_lost_broker()

    connection.release()

    assert connection._closed is True


def test_without_the_guard_closing_raises_what_killed_the_worker(monkeypatch):
    monkeypatch.setattr(kombu_redis.QoS, "restore_unacked", kombu_redis.QoS.restore_unacked.__wrapped__)
    connection = _connection_left_by_a_lost_broker()

    with pytest.raises(AttributeError, match="hostname"):
        connection.release()
