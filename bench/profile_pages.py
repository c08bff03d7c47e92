#!/usr/bin/env python
"""Per-request cost of the pages bench/portal_bench.py measures, one request at a time, in one process.

Wall-clock requests a second are noisy on a shared machine; this prints, for each page, the median
time of one request through the Django test client (DEBUG off, the production middleware stack and
settings, PostgreSQL and Redis as in the benchmark), its CPU time, and its number of SQL queries. The
bare Django view (bench/bare) is measured the same way in the same run, so the ratios are comparable
with the benchmark's. With ``PROFILE=<substring of a page label>`` it prints cProfile's top functions
for that page.

    .venv/bin/python bench/profile_pages.py            # loads the data once (BENCH_DATABASE_URL)
    BENCH_RELOAD=1 ...                                 # drop the data and load it again
    PROFILE="donor portal" PROFILE_TOP=40 ...          # where one request of that page spends its time
    BENCH_ONLY=anonymous,health ...                    # groups, as in portal_bench.py
    BENCH_ONLY=registration ...                        # the benchmark's delegates posting the registration
    PROFILE=registration ...                           # form, one at a time (a fresh delegate each POST)

Settings as portal_bench.py (BENCH_DATABASE_URL, BENCH_CACHE_URL), plus BENCH_REQUESTS (25 a page).
"""

import contextlib
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import portal_bench  # noqa: E402 - sets the environment of the benchmark (DEBUG off, production settings)

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "25"))
PROFILE = os.environ.get("PROFILE", "")
PROFILE_TOP = int(os.environ.get("PROFILE_TOP", "30"))
# What load() returned (page addresses, session cookies), kept beside the loaded database between runs.
DATA_FILE = Path(
    os.environ.get(
        "BENCH_DATA_FILE",
        str(portal_bench.BASE / "var" / ("profile-pages-%s.json" % portal_bench.DATABASE_URL.rsplit("/")[-1])),
    )
)


def loaded() -> dict:
    if DATA_FILE.exists() and not os.environ.get("BENCH_RELOAD"):
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)  # the data stays; migrations landed since are applied
        return json.loads(DATA_FILE.read_text())
    portal_bench.recreate_database()
    data = portal_bench.load()
    DATA_FILE.parent.mkdir(parents=True, exist_ok=True)
    DATA_FILE.write_text(json.dumps(data))
    return data


def bare_handler():
    """The bare project's view through Django's handler and its own settings' middleware, in this process:
    a WSGI request to the bare project, without a server, costs what its middleware and view cost."""
    from django.conf import settings
    from django.core.handlers.base import BaseHandler
    from django.test import RequestFactory

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bare import settings as bare_settings
    from bare import urls as bare_urls

    def run() -> float:
        with _settings(MIDDLEWARE=bare_settings.MIDDLEWARE, ROOT_URLCONF=bare_urls):
            handler = BaseHandler()
            handler.load_middleware()
            request = RequestFactory(SERVER_NAME="127.0.0.1").get("/")
            started = time.process_time()
            handler.get_response(request)
            return time.process_time() - started

    del settings
    return run


class _settings:
    def __init__(self, **values):
        from django.test.utils import override_settings

        self.override = override_settings(**values)

    def __enter__(self):
        self.override.enable()

    def __exit__(self, *exc):
        self.override.disable()


def measure(call, expected: int = 200) -> tuple[float, float, int, int]:
    """``call()`` makes one request and returns its response: the median wall and CPU time of
    ``REQUESTS`` of them (after 3 to warm up), then the queries and bytes of one more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        response = call()
    if response.status_code != expected:
        raise RuntimeError("answered %d, not %d" % (response.status_code, expected))
    wall, cpu = [], []
    for _ in range(REQUESTS):
        started, started_cpu = time.perf_counter(), time.process_time()
        call()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    with CaptureQueriesContext(connection) as captured:
        response = call()
    return statistics.median(wall), statistics.median(cpu), len(captured), len(response.content)


def profile(call) -> None:
    for _ in range(3):
        call()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(10):
        call()
    profiler.disable()
    stats = pstats.Stats(profiler).strip_dirs().sort_stats("cumulative")
    stats.print_stats(PROFILE_TOP)
    stats.sort_stats("tottime").print_stats(PROFILE_TOP)


def getter(client, path: str, cookie: str):
    headers = {"HTTP_COOKIE": cookie} if cookie else {}
    return lambda: client.get(path, **headers)


@contextlib.contextmanager
def registering(client, data: dict):
    """A call that makes the next of the benchmark's delegates post the registration form once, as its
    clients do (register_all), one at a time. The throughput workshop starts with no registration and
    is left so: its registrations, their history and the e-mails written meanwhile deleted."""
    from django.db.models import Max

    from directory.models import OutboxMail
    from workshops.models import Registration

    registrations = Registration.objects.filter(workshop__slug=data["target"])
    registrations.delete()
    last_mail = OutboxMail.objects.aggregate(last=Max("pk"))["last"] or 0
    cookies = iter(data["registrants"])
    path = portal_bench.registration_path(data["target"])
    body = urllib.parse.urlencode(portal_bench.REGISTRATION_FORM)  # as register_all sends it, not multipart
    try:
        yield lambda: client.post(
            path,
            body,
            content_type="application/x-www-form-urlencoded",
            HTTP_COOKIE=portal_bench.registration_cookie(next(cookies)),
        )
    finally:
        registrations.delete()
        OutboxMail.objects.filter(pk__gt=last_mail).delete()


def row(group: str, label: str, call, expected: int, reference: float) -> None:
    wall, cpu, queries, size = measure(call, expected)
    print(
        "%-12s %-50s %8.2f %8.2f %8.3f %7d %8d"
        % (group, label[:50], wall * 1000, cpu * 1000, reference / cpu, queries, size)
    )


def main() -> None:
    data = loaded()
    from django.test import Client

    bare = bare_handler()
    for _ in range(20):
        bare()
    reference = statistics.mean(bare() for _ in range(400))  # CPU time: the clock's resolution needs a mean
    client = Client(SERVER_NAME="127.0.0.1", enforce_csrf_checks=True)
    print(
        "bare view: %.3f CPU ms a request (in-process, no server); %s" % (reference * 1000, portal_bench.load_average())
    )
    print("%-12s %-50s %8s %8s %8s %7s %8s" % ("who", "page", "ms", "cpu ms", "cpu ÷", "queries", "bytes"))
    for group, label, path, cookie in portal_bench.pages(data):
        if portal_bench.ONLY and group not in portal_bench.ONLY:
            continue
        if PROFILE:
            if PROFILE in label or PROFILE == path:
                print("== %s %s %s" % (group, label, path))
                profile(getter(client, path, cookie))
            continue
        row(group, label, getter(client, path, cookie), 200, reference)
    if portal_bench.ONLY and "registration" not in portal_bench.ONLY:
        return
    label = "POST the registration form (%d seats)" % portal_bench.THROUGHPUT_SEATS
    if PROFILE:
        if PROFILE in label:
            print("== registration %s" % label)
            with registering(client, data) as call:
                profile(call)
        return
    with registering(client, data) as call:
        row("registration", label, call, 302, reference)


if __name__ == "__main__":
    main()
