#!/usr/bin/env python
"""The portal's pages against a bare Django project, under the same gunicorn, in the same run.

Not a test: it prints figures. Every figure is printed beside the reference measured just before it:
requests a second of ``bench/bare`` (the project ``django-admin startproject`` makes, one view
answering "ok"), served by the same gunicorn with the same workers on the same machine. The machine's
load average is printed with each group, since eight people may share its two cores.

Data (bench/portal_data.py; loaded into a scratch PostgreSQL database, then ANALYZE, as this PostgreSQL
runs without autovacuum): the demo data of IC/2010/1 and its log-ins, plus 1,000 workshops (20 IDM years of 50),
10,000 registrations (1,000 on one workshop), 500 Council speakers, 300 donors with 3,000 contributions
and 30,000 funding audit entries. Then the same heavy pages at 10x the data (10,000 registrations on
the one workshop, 30,000 contributions, 300,000 audit entries): the time per request, each relative to
the bare view of its own round, should stay within 1.3x. Last, 32 concurrent clients register for one
workshop: registrations a second against the bare view's requests a second (the mean of a measure just
before and one just after), and the seats held exactly, after 64 other delegates registered for
another workshop (every worker's registration path warm, as the bare view's is after its first
measure). Each delegate has opened the registration form before (as a browser must, to post it; not
measured), so a POST finds its session kept, as after any page. Measuring starts once every gunicorn
worker of both projects has loaded its application (bench/gunicorn_ready.py).

Goals (issue 14): /health/ >= 0.8x, anonymous pages >= 0.5x, signed-in delegate, focal point and donor
pages >= 0.25x, secretariat pages >= 0.1x, 10x data within 1.3x, registration >= 0.1x.

    .venv/bin/python bench/portal_bench.py            # BENCH_ONLY=anonymous,secretariat to pick groups

Settings: BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/idm_bench_portal; dropped and made
again), BENCH_CACHE_URL / BENCH_BROKER_URL (redis://127.0.0.1:6379/3, flushed at the end),
BENCH_WORKERS (4 sync workers), BENCH_SECONDS (2 per measurement), BENCH_ROUNDS (1 pair per page),
BENCH_CONNECTIONS (16), BENCH_SKIP_GROWTH=1, BENCH_SKIP_REGISTRATION=1, BENCH_COLD_SESSIONS=1 (the delegates
post without opening the form first). Needs wrk (apt-get install wrk).
"""

import os
import re
import socket
import subprocess
import threading
import time
import urllib.parse

import harness
from harness import BASE, load_average, recreate_database  # noqa: F401 - bench/profile_pages.py reads them here

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/idm_bench_portal")
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/3")
CACHE_URL = os.environ.get("BENCH_CACHE_URL", BROKER_URL)
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "2"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "1"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
ONLY = {group for group in os.environ.get("BENCH_ONLY", "").split(",") if group}
REGISTRATION_CLIENTS = 32
COLD_SESSIONS = bool(os.environ.get("BENCH_COLD_SESSIONS"))
GOALS = {"health": 0.8, "anonymous": 0.5, "delegate": 0.25, "focal point": 0.25, "donor": 0.25, "secretariat": 0.1}
VAR_DIR = harness.configure(prefix="idm-bench-", database_url=DATABASE_URL, cache_url=CACHE_URL, broker_url=BROKER_URL)

# After configure: the data module reads the settings configure set. bench/profile_pages.py reads them here.
from portal_data import REGISTRATIONS, THROUGHPUT_SEATS, grow, load  # noqa: E402


def rps(port: int, path: str, cookie: str = "") -> float:
    harness.warm(port, path, {"Cookie": cookie} if cookie else {}, times=2 * WORKERS)
    command = ["wrk", "-t", "2", "-c", str(CONNECTIONS), "-d", "%ds" % SECONDS]
    if cookie:
        command += ["-H", "Cookie: %s" % cookie]
    output = subprocess.run(command + ["http://127.0.0.1:%d%s" % (port, path)], capture_output=True, text=True).stdout
    if re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        raise RuntimeError("errors while measuring %s:\n%s" % (path, output))
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def compare(portal: int, bare: int, path: str, cookie: str = "") -> tuple[float, float]:
    """The page's req/s and the bare view's, measured right before it; the median round by ratio."""
    return harness.median_round(lambda: rps(portal, path, cookie), lambda: rps(bare, "/"), rounds=ROUNDS)


def pages(data: dict) -> list[tuple[str, str, str, str]]:
    cookies = data["cookies"]
    hot = data["hot"]
    anonymous = [
        ("home", "/"),
        ("/workshops/", "/workshops/"),
        ("a workshop (12 agenda items, 1,000 registrations)", "/workshops/%s/" % hot),
        ("/speakers/ (500 speakers)", "/speakers/"),
        ("a speaker", "/speakers/%d/" % data["speaker"]),
        ("/council/", "/council/"),
        ("a Council session (4 panels, 20 speakers)", "/council/%d/" % data["session"]),
    ]
    if data["consultation"]:
        anonymous.append(("consultation results", "/consultations/%d/results/" % data["consultation"]))
    return [
        ("health", "/health/", "/health/", ""),
        *[("anonymous", label, path, "") for label, path in anonymous],
        ("delegate", "home", "/", cookies["delegate"]),
        ("delegate", "a workshop page", "/workshops/%s/" % hot, cookies["delegate"]),
        ("delegate", "my registrations", "/my/registrations/", cookies["delegate"]),
        ("focal point", "home", "/", cookies["focal point"]),
        ("focal point", "my delegation", "/my/delegation/", cookies["focal point"]),
        ("focal point", "my delegation ?status=confirmed", "/my/delegation/?status=confirmed", cookies["focal point"]),
        ("donor", "home", "/", cookies["donor"]),
        ("donor", "donor portal /donor/ (300 contributions)", "/donor/", cookies["donor"]),
        *heavy_staff_pages(data),
    ]


def heavy_staff_pages(data: dict) -> list[tuple[str, str, str, str]]:
    staff = data["cookies"]["secretariat"]
    queue_path = "/staff/workshops/%s/registrations/" % data["hot"]
    return [
        ("secretariat", "home", "/", staff),
        ("secretariat", "registration queue, first page (50 rows)", queue_path, staff),
        ("secretariat", "registration queue, last page", queue_path + "?page=last", staff),
        ("secretariat", "people (50 a page)", "/staff/directory/people/", staff),
        ("secretariat", "funding dashboard of the year", "/staff/funding/%d/" % data["year"], staff),
        ("secretariat", "funding audit history", "/staff/funding/history/", staff),
    ]


def growth_pages(data: dict) -> list[tuple[str, str, str, str]]:
    donor = ("donor", "donor portal /donor/", "/donor/", data["cookies"]["donor"])
    delegation = ("focal point", "my delegation", "/my/delegation/", data["cookies"]["focal point"])
    return [page for page in heavy_staff_pages(data) if page[1] != "home"] + [donor, delegation]


# What each registering client posts (bench/profile_pages.py posts the same): the CSRF secret as cookie
# and in the form, as a browser would send it, and the delegate themself as participant.
CSRF_TOKEN = "a" * 32
REGISTRATION_FORM = {"csrfmiddlewaretoken": CSRF_TOKEN, "participant": "self"}


def registration_path(slug: str) -> str:
    return "/workshops/%s/register/" % slug


def registration_cookie(cookie: str) -> str:
    return "%s; csrftoken=%s" % (cookie, CSRF_TOKEN)


def open_forms(port: int, slug: str, cookies: list[str]) -> dict[int, int]:
    """Each delegate opens the registration form first, as a browser does before it can post it (the
    page also keeps the session's row in Redis, as any signed-in page does): not measured. Unless
    COLD_SESSIONS, when each POST is the first request of its session. The answers by status."""
    if COLD_SESSIONS:
        return {}
    answers: dict[int, int] = {}
    lock = threading.Lock()

    def open_form(cookie: str) -> None:
        status, _body = harness.get(port, registration_path(slug), {"Cookie": registration_cookie(cookie)})
        with lock:
            answers[status] = answers.get(status, 0) + 1

    harness.run_clients(cookies, clients=REGISTRATION_CLIENTS, call=open_form)
    return answers


def register_all(port: int, slug: str, cookies: list[str]) -> tuple[float, dict]:
    """32 clients, each a signed-in delegate posting the registration form once. Each request is written
    beforehand, sent on a socket of its own and read to its end (gunicorn's sync workers close the
    connection): the clients' own CPU, on the same two cores as the portal, is little more than wrk's."""
    answers: dict[int, int] = {}
    lock = threading.Lock()
    body = urllib.parse.urlencode(REGISTRATION_FORM)
    requests = {
        cookie: (
            "POST %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nCookie: %s\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s"
            % (registration_path(slug), port, registration_cookie(cookie), len(body), body)
        ).encode()
        for cookie in cookies
    }

    def register(cookie: str) -> None:
        with socket.create_connection(("127.0.0.1", port), timeout=120) as connection:
            connection.sendall(requests[cookie])
            answer = bytearray()
            while chunk := connection.recv(65536):
                answer += chunk
        status = int(answer.split(b" ", 2)[1])  # HTTP/1.1 302 Found
        with lock:
            answers[status] = answers.get(status, 0) + 1

    seconds = harness.run_clients(cookies, clients=REGISTRATION_CLIENTS, call=register)
    return len(cookies) / seconds, answers


def table(portal: int, bare: int, rows: list[tuple[str, str, str, str]]) -> dict[str, float]:
    print("%-12s %-50s %9s %9s %7s %6s" % ("who", "page", "req/s", "bare", "ratio", "goal"))
    ratios = {}
    for group, label, path, cookie in rows:
        if ONLY and group not in ONLY:
            continue
        page, reference = compare(portal, bare, path, cookie)
        ratio = page / reference
        ratios[path + cookie] = ratio
        goal = GOALS[group]
        print(
            "%-12s %-50s %9.0f %9.0f %7.3f %6s %s"
            % (group, label[:50], page, reference, ratio, "%.2f" % goal, "" if ratio >= goal else "below goal")
        )
    print("  (%s)" % load_average())
    return ratios


def main() -> None:
    print("Loading the data into %s ... (%s)" % (DATABASE_URL.rsplit("/", 1)[-1], load_average()))
    recreate_database()
    started = time.perf_counter()
    data = load()
    print("  loaded and analysed in %.0f s" % (time.perf_counter() - started))
    servers = harness.serve(workers=WORKERS, var_dir=VAR_DIR, redis_urls=[BROKER_URL, CACHE_URL])
    with servers as (portal_port, bare_port):
        print(
            "gunicorn: %d sync workers each (portal, bench/bare), DEBUG off; wrk %d connections, %d s, %d round(s)"
            % (WORKERS, CONNECTIONS, SECONDS, ROUNDS)
        )
        print()
        before = table(portal_port, bare_port, pages(data))
        if not os.environ.get("BENCH_SKIP_GROWTH"):
            print()
            print("10x the data: %s" % ", ".join("%d %s" % (n, what) for what, n in grow(data["hot"]).items()))
            after = table(portal_port, bare_port, growth_pages(data))
            print("%-63s %18s" % ("time per request at 10x / at 1x (each against its bare view)", "goal <= 1.30"))
            for _group, label, path, cookie in growth_pages(data):
                key = path + cookie
                if key in before and key in after:
                    print("  %-60s %6.2f" % (label[:60], before[key] / after[key]))
        if not os.environ.get("BENCH_SKIP_REGISTRATION"):
            from workshops.models import Registration

            open_forms(portal_port, data["warm_up"], data["warm_up_registrants"])
            _rate, warmed = register_all(portal_port, data["warm_up"], data["warm_up_registrants"])
            opened = open_forms(portal_port, data["target"], data["registrants"])
            before = rps(bare_port, "/")
            rate, answers = register_all(portal_port, data["target"], data["registrants"])
            reference = (before + rps(bare_port, "/")) / 2
            confirmed = Registration.objects.filter(workshop__slug=data["target"], status="confirmed").count()
            waitlisted = Registration.objects.filter(workshop__slug=data["target"], status="waitlisted").count()
            print()
            print(
                "Registration: %d delegates, %d clients, one workshop of %d seats: %.0f registrations/s, bare view "
                "%.0f req/s (mean of just before and just after): ratio %.3f (goal 0.10)"
                % (REGISTRATIONS, REGISTRATION_CLIENTS, THROUGHPUT_SEATS, rate, reference, rate / reference)
            )
            print(
                "  HTTP answers %s; confirmed %d (seats %d), waitlisted %d; %s"
                % (answers, confirmed, THROUGHPUT_SEATS, waitlisted, load_average())
            )
            print(
                "  after %d other delegates registered for another workshop (answers %s); %s"
                % (
                    len(data["warm_up_registrants"]),
                    warmed,
                    "each POST the first request of its session (BENCH_COLD_SESSIONS)"
                    if COLD_SESSIONS
                    else "each delegate's form opened first, not measured (answers %s)" % opened,
                )
            )


if __name__ == "__main__":
    main()
