#!/usr/bin/env python
"""Benchmark of the REST API on PostgreSQL, served by gunicorn, against a bare Django project under the
same gunicorn in the same run (as bench/portal_bench.py).

Not a test: it prints figures. It loads 200 workshops of one IDM year and 2,000 registrations into a
scratch PostgreSQL database, makes a secretariat user's API token, starts gunicorn twice (DEBUG off,
the same sync workers, 127.0.0.1 only): the portal, and ``bench/bare`` (the project ``django-admin
startproject`` makes, one view answering "ok"), the reference of every figure. It measures requests
per second of

  - /health/ (the portal's health check: one SELECT 1 and a small JSON answer),
  - /api/v1/workshops/?page_size=50 (the public workshop list: 50 workshops with seats left), no token,
  - /api/v1/registrations/?page_size=50 (the secretariat's registrations, cursor pages), with the token,

each measured right after the bare view, several rounds, the median ratio printed beside its goal
(DESIGN.md: /health/ 0.8x, anonymous 0.5x, secretariat 0.1x; other work on the machine changes both
figures of a pair alike). The rate limits stay on (in the shared Redis cache, as in
production) with a rate no run reaches. Kept short for a shared machine: a fixed number of requests
from a Python client with threads.

    .venv/bin/python bench/api_bench.py

Settings: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/idm_bench_api; dropped and
created again), BENCH_CACHE_URL (default redis://127.0.0.1:6379/13; flushed at the end),
BENCH_WORKERS (2), BENCH_REQUESTS (600 per measurement), BENCH_ROUNDS (3).
"""

import os
from datetime import date, timedelta

import harness

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/idm_bench_api")
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/13")
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "600"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = 4
VAR_DIR = harness.configure(
    prefix="idm-bench-api-",
    database_url=DATABASE_URL,
    cache_url=CACHE_URL,
    broker_url="memory://",
    extra={"IDM_API_TOKEN_RATE": "1000000/minute", "IDM_API_ANONYMOUS_RATE": "1000000/minute"},
)


def load() -> str:
    """200 workshops, 2,000 registrations; returns the secretariat's token."""
    import django

    django.setup()
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.utils import timezone

    from api.models import ApiToken
    from directory.models import MemberState, Person, User
    from directory.roles import SECRETARIAT_GROUP
    from workshops.models import DialogueYear, Registration, Workshop

    call_command("migrate", verbosity=0)
    year = DialogueYear.objects.create(year=2010, theme="Migration and social change", is_current=True)
    now = timezone.now()
    workshops = Workshop.objects.bulk_create(
        Workshop(
            year=year,
            title="Workshop %d on migration" % i,
            title_fr="Atelier %d sur la migration" % i,
            slug="workshop-%d" % i,
            start_date=date(2010, 3, 1) + timedelta(days=i),
            end_date=date(2010, 3, 2) + timedelta(days=i),
            venue="CICG, Geneva",
            capacity=100,
            registration_opens=now - timedelta(days=1),
            registration_closes=now + timedelta(days=30),
            status=Workshop.Status.CONFIRMED,
        )
        for i in range(200)
    )
    state = MemberState.objects.create(country="KE", name="Kenya", region="africa")
    staff = User.objects.create_user("staff@bench.example", "x", is_staff=True)
    staff.groups.add(Group.objects.get_or_create(name=SECRETARIAT_GROUP)[0])
    people = Person.objects.bulk_create(
        Person(given_name="Delegate", family_name="Number %d" % i, member_state=state) for i in range(2000)
    )
    Registration.objects.bulk_create(
        Registration(
            workshop=workshops[i % 20],
            person=person,
            member_state=state,
            registered_by=staff,
            status=Registration.Status.CONFIRMED if i % 3 else Registration.Status.PENDING,
        )
        for i, person in enumerate(people)
    )
    _token, key = ApiToken.objects.create_key(
        user=staff, name="bench", scope=ApiToken.Scope.READ, expiry_date=now + timedelta(days=1)
    )
    return key


def rps(port: int, path: str, headers: dict) -> float:
    harness.warm(port, path, headers, times=20)
    failures = []

    def request(_):
        status, _body = harness.get(port, path, headers)
        if status != 200:
            failures.append(status)

    seconds = harness.run_clients([None] * REQUESTS, clients=CONNECTIONS, call=request)
    if failures:
        raise RuntimeError("%d failures on %s" % (len(failures), path))
    return REQUESTS / seconds


def main() -> None:
    print("Loading 200 workshops and 2,000 registrations into %s ..." % DATABASE_URL.rsplit("/", 1)[-1])
    harness.recreate_database()
    key = load()
    with harness.serve(workers=WORKERS, var_dir=VAR_DIR, redis_urls=[CACHE_URL]) as (port, bare_port):
        print(
            "gunicorn: %d sync workers each (portal on %d, bench/bare on %d), DEBUG off; %d requests, %d clients"
            % (WORKERS, port, bare_port, REQUESTS, CONNECTIONS)
        )
        endpoints = [
            ("/health/", "/health/", {}, 0.8),
            ("public workshop list (50 a page), no token", "/api/v1/workshops/?page_size=50", {}, 0.5),
            (
                "secretariat registrations (50 a page), token",
                "/api/v1/registrations/?page_size=50",
                {"Authorization": "Bearer %s" % key},
                0.1,
            ),
        ]
        print("load average: %.2f %.2f %.2f" % os.getloadavg())
        print()
        print("%-50s %10s %10s %8s %6s" % ("endpoint", "req/s", "bare", "ratio", "goal"))
        for label, path, headers, goal in endpoints:
            rate, reference = harness.median_round(
                lambda path=path, headers=headers: rps(port, path, headers),
                lambda: rps(bare_port, "/", {}),
                rounds=ROUNDS,
            )
            print("%-50s %10.0f %10.0f %8.2f %6.2f" % (label, rate, reference, rate / reference, goal))
        print("load average: %.2f %.2f %.2f" % os.getloadavg())


if __name__ == "__main__":
    main()
