"""Fixtures of the documents' tests: the 2010 demo data, and a real Celery worker process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from kombu import pools

from consultations import demo as consultations_demo
from directory import demo as directory_demo
from documents.models import DocumentJob
from funding import demo as funding_demo
from idm_portal import demo_accounts
from idm_portal.celery import app as celery_app
from sessions_council import demo as sessions_council_demo
from workshops import demo as workshops_demo

WORKER_START_TIMEOUT = 240
JOB_TIMEOUT = 120


def load_demo() -> None:
    """What ``manage.py load_demo`` loads, in its order: IC/2010/1 as records."""
    directory_demo.load()
    workshops_demo.load()
    sessions_council_demo.load()
    funding_demo.load()
    demo_accounts.load()
    consultations_demo.load()


@pytest.fixture
def demo(db):
    load_demo()


def _database_url() -> str:
    """The TEST database this test runs on, as a URL the worker process can open."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return "sqlite:///" + str(Path(db["NAME"]).resolve())
    auth = db["USER"] or ""
    if db.get("PASSWORD"):
        auth += ":" + db["PASSWORD"]
    host = "%s:%s" % (db["HOST"] or "127.0.0.1", db["PORT"] or 5432)
    return "postgres://%s@%s/%s" % (auth, host, db["NAME"])


class Worker:
    """One ``celery worker`` process on the configured broker and the test database."""

    def __init__(self, *, pool: str, extra_env: dict[str, str], folder: Path, beat: bool = False) -> None:
        celery = Path(sys.executable).with_name("celery")
        env = {
            **os.environ,
            # Run from a folder of the test's own: the filesystem broker keeps its control files
            # (remote-control mailboxes) in the working directory.
            "PYTHONPATH": str(settings.BASE_DIR),
            "DJANGO_SETTINGS_MODULE": "idm_portal.settings",
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "IDM_VAR_DIR": str(settings.VAR_DIR),
            "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "DJANGO_DEBUG": "1",
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "PYTHONUNBUFFERED": "1",
            **extra_env,
        }
        args = [str(celery), "-A", "idm_portal", "worker", f"--pool={pool}", "--loglevel=INFO"]
        args += ["--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"docs-{uuid.uuid4().hex[:8]}@%h"]
        if pool == "prefork":
            args += ["--concurrency=1"]
        if beat:  # the periodic sweeps too, as `make run` starts it
            args += ["--beat", "--schedule", str(folder / f"beat-{uuid.uuid4().hex[:8]}")]
        self.log: list[str] = []
        self._ready = threading.Event()
        self.process = subprocess.Popen(
            args, cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        threading.Thread(target=self._read, daemon=True).start()
        if not self._ready.wait(WORKER_START_TIMEOUT):
            self.stop()
            raise AssertionError("The Celery worker did not start:\n" + "".join(self.log[-40:]))

    def _read(self) -> None:
        for line in self.process.stdout:
            self.log.append(line)
            if " ready." in line:
                self._ready.set()

    def kill(self, pid: int | None = None) -> None:
        """SIGKILL: no clean-up, no acknowledgement, like a machine losing power."""
        os.kill(pid or self.process.pid, signal.SIGKILL)
        if pid is None:
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@pytest.fixture
def start_worker(tmp_path):
    """Start real worker processes (``start_worker(pool="solo", env={...})``); all are stopped after the test.

    On the filesystem broker the test and its workers get a queue folder of their own, so a worker
    of ``make run`` on the same var folder cannot take the test's messages (and the other way round).
    """
    folder = tmp_path / "worker"
    folder.mkdir()
    broker_env, previous = {}, celery_app.conf.broker_transport_options
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        var = tmp_path / "var"
        queue, processed = var / "celery" / "queue", var / "celery" / "processed"
        queue.mkdir(parents=True)
        processed.mkdir(parents=True)
        _use_transport_options(
            {
                **(previous or {}),
                "data_folder_in": str(queue),
                "data_folder_out": str(queue),
                "processed_folder": str(processed),
            }
        )
        broker_env["IDM_VAR_DIR"] = str(var)
    _purge_queue()
    workers: list[Worker] = []

    def start(*, pool: str = "solo", env: dict[str, str] | None = None, beat: bool = False) -> Worker:
        worker = Worker(pool=pool, extra_env={**broker_env, **(env or {})}, folder=folder, beat=beat)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()
    _purge_queue()
    if broker_env:
        _use_transport_options(previous)


def _use_transport_options(options: dict | None) -> None:
    """Publish with other transport options from now on: drop the connections made with the old ones
    (what Celery itself does in a forked child)."""
    celery_app.conf.broker_transport_options = options
    pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def _purge_queue() -> None:
    """Messages another run left behind (their jobs are in another database) are dropped."""
    with celery_app.connection_for_write() as conn:
        try:
            conn.default_channel.queue_purge(celery_app.conf.task_default_queue)
        except conn.channel_errors:  # RabbitMQ: no queue yet, so nothing left behind
            pass


def wait_for(job: DocumentJob, *statuses: str, timeout: float = JOB_TIMEOUT, progress: int = 0) -> DocumentJob:
    """Poll the job's row until it has one of the statuses (and at least this progress)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in statuses and job.progress >= progress:
            return job
        time.sleep(0.1)
    raise AssertionError(f"Job {job.pk} is {job.status} at {job.progress}% after {timeout}s")


def wait_for_log(worker: Worker, text: str, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(text in line for line in worker.log):
            return True
        time.sleep(0.1)
    return False
