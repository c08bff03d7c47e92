"""Publishing for real (not eager) to a broker at an address of the test's choosing: one that refuses
(nothing listens), one that never answers (``blackhole`` in tests/conftest.py); a redis-server of the
test's own, for a broker or a cache stopped, started or refusing at will."""

import contextlib
import shutil
import socket
import subprocess
import time
from pathlib import Path

from kombu import pools

from idm_portal.celery import app as celery_app

# What settings.py gives a Redis broker, with shorter timeouts: a broker that never answers costs a
# publish about 1 s.
PACKET_LOSS_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 1.0, "max_retries": 0}


REDIS = shutil.which("redis-server")


class RedisServer:
    """A redis-server of the test's own on a free port, stopped and started at will (no persistence)."""

    def __init__(self, folder: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.folder = folder
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        args = [REDIS, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(args, cwd=self.folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.process = None


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
