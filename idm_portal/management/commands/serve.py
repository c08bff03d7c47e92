"""`make run`'s last step: the web server and a real Celery worker (with its beat) side by side.

Ctrl-C (or SIGTERM) stops both within seconds. Each child runs in a session of its own and is stopped
by a SIGTERM to its main process only: a signal sent to a whole process group (Ctrl-C in a terminal,
a shell's ``kill 0``) would also reach the worker's pool processes, and a pool process that dies while
holding the pool's queue lock leaves the worker's warm shutdown waiting for that lock for ever (seen
as a worker hanging after "beat: Shutting down...").
"""

import signal
import subprocess
import sys
import threading
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

STOP_TIMEOUT = 30  # seconds a child gets to stop after SIGTERM before it is killed


class Command(BaseCommand):
    help = "Run the web server and a Celery worker with its beat; Ctrl-C or SIGTERM stops both."

    def add_arguments(self, parser) -> None:
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--concurrency", type=int, default=2)

    def handle(self, *args, address: str, concurrency: int, **options) -> None:
        folder = Path(settings.VAR_DIR) / "celery"
        folder.mkdir(parents=True, exist_ok=True)
        celery = str(Path(sys.executable).with_name("celery"))
        worker = subprocess.Popen(  # noqa: S603 - our own executables, fixed arguments
            [celery, "-A", "idm_portal", "worker", "--beat", "--schedule", str(folder / "beat-schedule")]
            + ["--loglevel=INFO", f"--concurrency={concurrency}"],
            cwd=settings.BASE_DIR,
            start_new_session=True,
        )
        web = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "runserver", address, "--noreload"],
            cwd=settings.BASE_DIR,
            start_new_session=True,
        )
        self.stdout.write(f"IDM portal: http://{address}/  (worker pid {worker.pid}, web server pid {web.pid})")
        self.stdout.flush()
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, lambda *_args: stop.set())
        while not stop.wait(0.5):
            if worker.poll() is not None or web.poll() is not None:
                break
        for child in (web, worker):
            _stop(child)
        self.stdout.write("IDM portal stopped.")
        if not stop.is_set():  # one of them ended on its own: say so with the exit status
            sys.exit(1)


def _stop(child: subprocess.Popen) -> None:
    if child.poll() is None:
        child.terminate()
    try:
        child.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
