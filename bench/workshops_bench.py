#!/usr/bin/env python
"""Benchmark of the workshops pages and of registration, on PostgreSQL, served by gunicorn.

Not a test: it prints figures. It loads 1,000 workshops (20 IDM years of 50) and 10,000
registrations into a scratch PostgreSQL database, starts gunicorn (DEBUG off, a few sync workers,
127.0.0.1 only) and measures requests per second of

  - /health/ (the trivial view: one SELECT 1 and a small JSON answer),
  - /workshops/ (the current year's 50 workshops with seats left), as an anonymous visitor,
  - a workshop page (agenda of 12 items with 3 speakers each, documents, 1,000 registrations), as an
    anonymous visitor and as a signed-in delegate (whose page is built for them, not cached),
  - the secretariat's registration queue of that workshop (50 rows a page, signed in, MFA set up),

each as a ratio to /health/, with wrk when it is installed (apt-get install wrk), else a Python
client with threads and http.client and a fixed number of requests. Then 32 concurrent clients,
each a signed-in delegate, register for one workshop of 500 seats through the real form (CSRF,
row lock, e-mails queued to the broker) and it prints registrations per second.

    .venv/bin/python bench/workshops_bench.py

Settings: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/idm_bench_workshops; the
database is dropped and created again), BENCH_BROKER_URL (default redis://127.0.0.1:6379/3, where the
registration e-mails are queued; flushed at the end), BENCH_CACHE_URL (the same Redis database by
default: the cache shared by the workers, as in production), BENCH_WORKERS (4), BENCH_SECONDS
(5 per measurement), BENCH_ROUNDS (3 pairs of measurements per page).
"""

import http.client
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from datetime import date, timedelta
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/idm_bench_workshops")
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/3")
CACHE_URL = os.environ.get("BENCH_CACHE_URL", BROKER_URL)  # shared by the workers, as in production
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = 8
REGISTRATION_CLIENTS = 32
REGISTRATIONS = 1600
THROUGHPUT_SEATS = 500
VAR_DIR = Path(tempfile.mkdtemp(prefix="idm-bench-"))

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
        "DATABASE_URL": DATABASE_URL,
        "CACHE_URL": CACHE_URL,
        "CELERY_BROKER_URL": BROKER_URL,
        "IDM_VAR_DIR": str(VAR_DIR),
    }
)
sys.path.insert(0, str(BASE))


def recreate_database() -> None:
    import psycopg2

    parsed = urllib.parse.urlparse(DATABASE_URL)
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


def load() -> dict:
    """1,000 workshops, 10,000 registrations, the delegates and their sessions."""
    import django

    django.setup()
    from allauth.mfa.models import Authenticator
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from directory import demo as directory_demo
    from directory.models import Affiliation, MemberState, Organisation, Person, User
    from directory.roles import SECRETARIAT_GROUP
    from workshops.models import AgendaItem, AgendaSpeaker, DialogueYear, Registration, Workshop, WorkshopDocument

    call_command("migrate", verbosity=0)
    directory_demo.load()
    states = list(MemberState.objects.order_by("pk"))
    organisation = Organisation.objects.first()
    now = timezone.now()
    this_year = timezone.localdate().year + 1

    staff = User.objects.create(email="staff@bench.example", is_staff=True, first_name="Clara", last_name="Weber")
    staff.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "bench"})

    UNUSABLE = make_password(None)  # nobody signs in with a password: sessions are made below
    users = User.objects.bulk_create(
        [
            User(
                email="delegate%d@bench.example" % i,
                first_name="Given%d" % i,
                last_name="Family%d" % i,
                password=UNUSABLE,
            )
            for i in range(3000)
        ]
    )
    Affiliation.objects.bulk_create(
        [
            Affiliation(user=u, member_state=states[i % len(states)], status="approved", decided_at=now)
            for i, u in enumerate(users)
        ]
    )
    people = Person.objects.bulk_create(
        [
            Person(
                user=u,
                given_name=u.first_name,
                family_name=u.last_name,
                member_state=states[i % len(states)],
                position="Counsellor, Permanent Mission",
                organisation=organisation,
                email=u.email,
            )
            for i, u in enumerate(users)
        ]
    )
    years = DialogueYear.objects.bulk_create(
        [
            DialogueYear(year=y, theme="Theme of %d" % y, is_current=(y == this_year))
            for y in range(this_year - 19, this_year + 1)
        ]
    )
    workshops = []
    for year in years:
        for n in range(50):
            start = date(year.year, 1, 1) + timedelta(days=n * 7)
            workshops.append(
                Workshop(
                    year=year,
                    title="Workshop %d of IDM %d on migration and social change" % (n + 1, year.year),
                    slug="w-%d-%d" % (year.year, n + 1),
                    start_date=start,
                    end_date=start + timedelta(days=1),
                    venue="International Conference Centre Geneva (CICG), Geneva",
                    description="First paragraph of the description.\n\nSecond paragraph.",
                    guiding_questions="How?\nWhy?\nWhat next?",
                    capacity=50,
                    funded_seats=10,
                    requires_approval=(n == 0),
                    registration_opens=now - timedelta(days=10),
                    registration_closes=now + timedelta(days=300),
                    status=Workshop.Status.SUBJECT_TO_FUNDING,
                )
            )
    workshops = Workshop.objects.bulk_create(workshops)
    hot = next(w for w in workshops if w.slug == "w-%d-1" % this_year)

    # 10,000 registrations: 1,000 on the hot workshop (its queue and page), 9,000 over the 999 others.
    registrations = []
    order = ["confirmed"] * 50 + ["pending"] * 700 + ["waitlisted"] * 200 + ["declined"] * 50
    for i, status in enumerate(order):
        p = people[i]
        registrations.append(
            Registration(
                workshop=hot,
                person=p,
                member_state=p.member_state,
                registered_by=p.user,
                status=status,
                funding="requested" if i % 5 == 0 else "",
                travel_from="Capital" if i % 5 == 0 else "",
            )
        )
    others = [w for w in workshops if w.pk != hot.pk]
    for i in range(9000):
        workshop = others[i % len(others)]
        p = people[1000 + (i // len(others)) * 7 % 2000 + i % 7]
        registrations.append(
            Registration(
                workshop=workshop,
                person=p,
                member_state=p.member_state,
                registered_by=p.user,
                status="confirmed" if i % 3 else "waitlisted",
            )
        )
    Registration.objects.bulk_create(registrations, ignore_conflicts=True)
    speakers = list(Person.objects.filter(user__isnull=True)[:12])
    for n in range(12):
        item = AgendaItem.objects.create(
            workshop=hot,
            title="Session %d: transnational families" % (n + 1),
            order=n,
            starts_at=now + timedelta(days=30, hours=n),
            ends_at=now + timedelta(days=30, hours=n + 1),
            kind="session",
            description="What the session is about.",
        )
        AgendaSpeaker.objects.bulk_create(
            [
                AgendaSpeaker(agenda_item=item, person=speakers[(n + k) % len(speakers)], role=role, order=k)
                for k, role in enumerate(["moderator", "speaker", "presenter"])
            ]
        )
    for n in range(5):
        WorkshopDocument.objects.create(
            workshop=hot,
            kind="background_paper",
            title="Background paper %d" % (n + 1),
            file="bench/x.pdf",
            content_type="application/pdf",
            size=123456,
            original_name="paper.pdf",
        )
    target = Workshop.objects.create(
        year=years[-1],
        title="Registration throughput",
        slug="throughput",
        start_date=date(this_year, 12, 1),
        end_date=date(this_year, 12, 2),
        capacity=THROUGHPUT_SEATS,
        registration_opens=now - timedelta(days=1),
        registration_closes=now + timedelta(days=300),
        status=Workshop.Status.SUBJECT_TO_FUNDING,
    )

    def session_for(user) -> tuple[str, Session]:
        key = get_random_string(32)
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "allauth.account.auth_backends.AuthenticationBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        return key, Session(
            session_key=key, session_data=SessionStore().encode(data), expire_date=now + timedelta(days=1)
        )

    staff_key, staff_session = session_for(staff)
    delegate_sessions = [session_for(user) for user in users[1000 : 1000 + REGISTRATIONS]]
    Session.objects.bulk_create([staff_session] + [session for _, session in delegate_sessions])
    return {
        "workshops": Workshop.objects.count(),
        "registrations": Registration.objects.count(),
        "hot": hot.slug,
        "target": target.slug,
        "staff_cookie": staff_key,
        "delegate_cookies": [key for key, _ in delegate_sessions],
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [
            str(gunicorn),
            "idm_portal.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            "127.0.0.1:%d" % port,
            "--log-level",
            "warning",
            "--access-logfile",
            "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
        ],
        cwd=BASE,
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError("gunicorn did not start")


def get(port: int, path: str, cookie: str = "") -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def rps_wrk(port: int, path: str, cookie: str) -> float:
    command = ["wrk", "-t", "2", "-c", str(CONNECTIONS), "-d", "%ds" % SECONDS, "--latency"]
    if cookie:
        command += ["-H", "Cookie: %s" % cookie]
    output = subprocess.run(command + ["http://127.0.0.1:%d%s" % (port, path)], capture_output=True, text=True).stdout
    if re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        raise RuntimeError("errors while measuring %s:\n%s" % (path, output))
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def rps_python(port: int, path: str, cookie: str, requests: int = 2000) -> float:
    work = queue.Queue()
    for _ in range(requests):
        work.put(None)
    failures = []

    def client():
        while True:
            try:
                work.get_nowait()
            except queue.Empty:
                return
            status, _ = get(port, path, cookie)
            if status != 200:
                failures.append(status)

    threads = [threading.Thread(target=client) for _ in range(CONNECTIONS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError("%d failures on %s" % (len(failures), path))
    return requests / (time.perf_counter() - started)


def measure(port: int, path: str, cookie: str = "") -> float:
    status, _ = get(port, path, cookie)
    if status != 200:
        raise RuntimeError("%s answered %d" % (path, status))
    for _ in range(50):  # warm every worker: connections, template caches
        get(port, path, cookie)
    return rps_wrk(port, path, cookie) if shutil.which("wrk") else rps_python(port, path, cookie)


def register_all(port: int, slug: str, cookies: list[str]) -> tuple[float, dict]:
    """32 clients, each a signed-in delegate posting the registration form once per cookie."""
    work = queue.Queue()
    for cookie in cookies:
        work.put(cookie)
    answers: dict[int, int] = {}
    lock = threading.Lock()
    token = "a" * 32  # the CSRF secret, set as cookie and sent in the form, as a browser would
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "participant": "self"})

    def client():
        while True:
            try:
                session = work.get_nowait()
            except queue.Empty:
                return
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request(
                "POST",
                "/workshops/%s/register/" % slug,
                body=body,
                headers={
                    "Cookie": "sessionid=%s; csrftoken=%s" % (session, token),
                    "Content-Type": "application/x-www-form-urlencoded",
                },
            )
            status = connection.getresponse().status
            connection.close()
            with lock:
                answers[status] = answers.get(status, 0) + 1

    threads = [threading.Thread(target=client) for _ in range(REGISTRATION_CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(cookies) / (time.perf_counter() - started), answers


def main() -> None:
    print("Loading 1,000 workshops and 10,000 registrations into %s ..." % DATABASE_URL.rsplit("/", 1)[-1])
    recreate_database()
    started = time.perf_counter()
    data = load()
    print(
        "  %(workshops)d workshops, %(registrations)d registrations" % data,
        "(%.0f s)" % (time.perf_counter() - started),
    )
    port = free_port()
    server = start_gunicorn(port)
    try:
        tool = "wrk, %d connections, %d s each" % (CONNECTIONS, SECONDS) if shutil.which("wrk") else "Python client"
        print("gunicorn: %d sync workers on 127.0.0.1:%d, DEBUG off; %s" % (WORKERS, port, tool))
        staff = "sessionid=%s" % data["staff_cookie"]
        pages = [
            ("trivial view /health/", "/health/", ""),
            ("/workshops/ (50 workshops of the current year)", "/workshops/", ""),
            ("workshop page (12 agenda items, 36 speakers)", "/workshops/%s/" % data["hot"], ""),
            (
                "workshop page, signed-in delegate (not cached)",
                "/workshops/%s/" % data["hot"],
                "sessionid=%s" % data["delegate_cookies"][0],
            ),
            (
                "secretariat queue (1,000 registrations, 50 a page)",
                "/staff/workshops/%s/registrations/" % data["hot"],
                staff,
            ),
        ]
        # Other work on the machine changes both figures alike: each page is measured right after the
        # trivial view, several times, and the median of the ratios is printed.
        print()
        print("%-55s %10s %10s %8s" % ("page", "req/s", "/health/", "ratio"))
        for label, path, cookie in pages[1:]:
            rounds = []
            for _ in range(ROUNDS):
                base = measure(port, "/health/")
                rounds.append((measure(port, path, cookie), base))
            rps, base = sorted(rounds, key=lambda pair: pair[0] / pair[1])[len(rounds) // 2]
            print("%-55s %10.0f %10.0f %8.2f" % (label, rps, base, rps / base))
        rate, answers = register_all(port, data["target"], data["delegate_cookies"])
        from workshops.models import Registration

        counts = {
            status: Registration.objects.filter(workshop__slug=data["target"], status=status).count()
            for status in ("confirmed", "waitlisted")
        }
        print()
        print(
            "Registration: %d delegates, %d concurrent clients, one workshop of %d seats: %.0f registrations/s"
            % (REGISTRATIONS, REGISTRATION_CLIENTS, THROUGHPUT_SEATS, rate)
        )
        print("  HTTP answers %s; confirmed %d, waitlisted %d" % (answers, counts["confirmed"], counts["waitlisted"]))
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(VAR_DIR, ignore_errors=True)
        import redis

        for url in {BROKER_URL, CACHE_URL}:
            redis.Redis.from_url(url).flushdb()


if __name__ == "__main__":
    main()
