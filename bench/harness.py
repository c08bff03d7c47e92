"""What the gunicorn benchmarks share (bench/portal_bench.py, bench/api_bench.py): the environment of a
production-like run (DEBUG off, the portal's settings from the environment), a scratch PostgreSQL
database dropped and made again, the portal and ``bench/bare`` under the same gunicorn, a request, a
pool of client threads, and the median round of a page measured right after its bare reference.

Not a benchmark itself: the benchmarks import it (they run with bench/ on sys.path, as scripts do).
"""

import contextlib
import http.client
import os
import queue
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent


def configure(
    *, prefix: str, database_url: str, cache_url: str, broker_url: str, extra: dict[str, str] | None = None
) -> Path:
    """Set the environment the portal reads its settings from (before Django is set up), with a
    benchmark's ``extra`` variables; returns the scratch IDM_VAR_DIR it made (``serve`` removes it)."""
    var_dir = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "idm_portal.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
            "DJANGO_SECURE_HSTS_SECONDS": "0",
            "IDM_MANIFEST_STATIC": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DATABASE_URL": database_url,
            "CACHE_URL": cache_url,
            "CELERY_BROKER_URL": broker_url,
            "IDM_VAR_DIR": str(var_dir),
            **(extra or {}),
        }
    )
    sys.path.insert(0, str(BASE))
    return var_dir


def load_average() -> str:
    return "load average %.2f %.2f %.2f" % os.getloadavg()


def recreate_database() -> None:
    """Drop the database of DATABASE_URL (as ``configure`` set it) and create it again, empty."""
    import psycopg2

    parsed = urllib.parse.urlparse(os.environ["DATABASE_URL"])
    name = parsed.path.lstrip("/")
    admin = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute('DROP DATABASE IF EXISTS "%s"' % name)
        cursor.execute('CREATE DATABASE "%s"' % name)
    admin.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int, app: str, *, workers: int) -> subprocess.Popen:
    """The portal (``idm_portal.wsgi``) or ``bare.wsgi`` (bench/bare, its own settings), same workers;
    returned once every worker has loaded the application (bench/gunicorn_ready.py)."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    bare = app.startswith("bare")
    ready = Path(tempfile.mkdtemp(prefix="idm-bench-ready-"))
    process = subprocess.Popen(
        [str(gunicorn), app, "--workers", str(workers), "--bind", "127.0.0.1:%d" % port, "--log-level", "warning"]
        + ["--config", str(BASE / "bench" / "gunicorn_ready.py")],
        cwd=BASE / "bench" if bare else BASE,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bare.settings" if bare else "idm_portal.settings",
            "BENCH_READY_DIR": str(ready),
        },
    )
    try:
        for _ in range(1200):
            if len(list(ready.iterdir())) >= workers:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return process
            time.sleep(0.1)
        process.terminate()
        raise RuntimeError("gunicorn did not start: %s" % app)
    finally:
        shutil.rmtree(ready, ignore_errors=True)


@contextlib.contextmanager
def serve(*, workers: int, var_dir: Path, redis_urls: Iterable[str]) -> Iterator[tuple[int, int]]:
    """The portal and bench/bare under gunicorn; yields their ports. At the end: both stopped, the
    scratch var dir removed, the Redis databases of the run flushed."""
    portal_port, bare_port = free_port(), free_port()
    servers = [start_gunicorn(portal_port, "idm_portal.wsgi", workers=workers)]
    try:
        servers.append(start_gunicorn(bare_port, "bare.wsgi", workers=workers))
        yield portal_port, bare_port
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(var_dir, ignore_errors=True)
        import redis

        for url in set(redis_urls):
            redis.Redis.from_url(url).flushdb()


def get(port: int, path: str, headers: dict[str, str]) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def warm(port: int, path: str, headers: dict[str, str], *, times: int) -> None:
    """Check the page answers 200, then ask it ``times`` more (every worker warm: connections, templates)."""
    status, _ = get(port, path, headers)
    if status != 200:
        raise RuntimeError("%s answered %d" % (path, status))
    for _ in range(times):
        get(port, path, headers)


def run_clients(work: Iterable, *, clients: int, call: Callable) -> float:
    """``clients`` threads take the items of ``work`` one at a time and ``call`` each until none is left;
    returns the seconds it took."""
    items = queue.Queue()
    for item in work:
        items.put(item)

    def client():
        while True:
            try:
                item = items.get_nowait()
            except queue.Empty:
                return
            call(item)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def median_round(page: Callable[[], float], reference: Callable[[], float], *, rounds: int) -> tuple[float, float]:
    """The page's req/s and the bare view's, measured right before it; the median round by ratio."""
    pairs = []
    for _ in range(rounds):
        bare = reference()
        pairs.append((page(), bare))
    return sorted(pairs, key=lambda pair: pair[0] / pair[1])[len(pairs) // 2]
