"""`make run`'s processes stop within seconds of a signal, however it arrives.

The old ``make run`` sent SIGTERM to its whole process group, which reached the worker's pool
processes too: one of them died holding the pool's queue lock and the worker hung for ever after
"beat: Shutting down...". Here the portal is started as ``make run`` starts it and stopped as a
terminal's Ctrl-C or a shell's ``kill 0`` stops it: a signal to the whole process group.
"""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from .documents.conftest import _database_url

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]
START_DEADLINE = 180
STOP_DEADLINE = 90  # generous: the stop takes a few seconds, the machine may be loaded


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _session_members(session: int) -> list[int]:
    """The processes still alive in this session (a child's pool and beat processes share its session)."""
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (FileNotFoundError, ProcessLookupError):
                continue
            if fields[0] != "Z" and int(fields[3]) == session:
                members.append(int(entry.name))
    return members


def _pids(line: str) -> tuple[int, int]:
    """From "IDM portal: http://…/  (worker pid 123, web server pid 456)"."""
    return int(line.split("worker pid ")[1].split(",")[0]), int(line.split("web server pid ")[1].split(")")[0])


def _health(port: int) -> int | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=10) as response:  # noqa: S310
            return response.status
    except OSError:
        return None


def _wait(condition, deadline: float) -> bool:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_the_portal_and_its_worker_stop_within_seconds_of_a_signal_to_their_group(tmp_path, signum):
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": _database_url(),
        "IDM_VAR_DIR": str(tmp_path / "var"),
        "CELERY_BROKER_URL": "filesystem://",  # a queue of the test's own, whatever the suite's broker
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "PYTHONUNBUFFERED": "1",
    }
    serve = subprocess.Popen(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "serve", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    log: list[str] = []
    threading.Thread(target=lambda: log.extend(serve.stdout), daemon=True).start()
    try:
        ready = _wait(lambda: any(" ready." in line for line in log), START_DEADLINE)
        health = _wait(lambda: _health(port) == 200, START_DEADLINE)
        worker_pid, web_pid = _pids(next(line for line in log if "worker pid" in line))
        worker_processes = len(_session_members(worker_pid))

        started = time.monotonic()
        os.killpg(serve.pid, signum)
        stopped = _wait(lambda: serve.poll() is not None, STOP_DEADLINE)
        elapsed = time.monotonic() - started
        left = _session_members(worker_pid) + _session_members(web_pid)
    finally:  # nothing left running, whatever happened
        sessions = [serve.pid] + [int(word) for line in log if "worker pid" in line for word in _pids(line)]
        for session in sessions:
            for pid in _session_members(session):
                os.kill(pid, signal.SIGKILL)
    assert (ready, health) == (True, True), "".join(log[-40:])
    assert worker_processes == 4  # the worker, its two pool processes and its beat
    assert (stopped, serve.returncode, left) == (True, 0, []), "".join(log[-40:])
    assert "IDM portal stopped." in "".join(log)
    print(f"stopped {elapsed:.1f}s after {signal.Signals(signum).name}")
