"""Publishing for real (not eager) to a broker at an address of the test's choosing: one that refuses
(nothing listens), one that never answers (``blackhole`` in tests/conftest.py)."""

import contextlib
import socket

from kombu import pools

from idm_portal.celery import app as celery_app

# What settings.py gives a Redis broker, with shorter timeouts: a broker that never answers costs a
# publish about 1 s.
PACKET_LOSS_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 1.0, "max_retries": 0}


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _drop_connections() -> None:
    pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextlib.contextmanager
def broker_at(url: str, transport_options: dict, monkeypatch):
    """The broker at ``url``, and publishing for real (not eager)."""
    # Celery reads CELERY_BROKER_URL from the environment before its own setting (CI sets it).
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    previous = (celery_app.conf.broker_url, celery_app.conf.broker_transport_options, celery_app.conf.task_always_eager)
    celery_app.conf.broker_url = url
    celery_app.conf.broker_transport_options = transport_options
    celery_app.conf.task_always_eager = False
    _drop_connections()
    try:
        yield
    finally:
        celery_app.conf.broker_url, celery_app.conf.broker_transport_options, celery_app.conf.task_always_eager = (
            previous
        )
        _drop_connections()
