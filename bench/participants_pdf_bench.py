#!/usr/bin/env python
"""Benchmark of the list of participants as a PDF: 1,000 participants, time and memory.

Not a test: it prints figures. In a scratch SQLite database it records one workshop with 1,000
consenting, confirmed participants (60 member states, their ministries and missions), then, in this
one process, started as a worker process starts (idm_portal.celery.freeze_startup_objects):

  1. reads the records the way a request does (documents.snapshots: one query) and renders the list
     the way the worker does (documents.services.render_snapshot: the template, print CSS through
     the local-files URL fetcher, WeasyPrint) — the time to PDF;
  2. renders with WeasyPrint a plain list of the same 1,000 entries (one <p> each, same font and
     page size, no stylesheet beyond that) — the baseline; tagged as the documents are (PDF/UA-1,
     ``documents.rendering.PDF_OPTIONS``), so both sides pay for the structure tree;
  3. for comparison, the same entries as a bordered, collapsed five-column table;

after a warm-up of each, the list and the baseline rendered in turn BENCH_RUNS times (5), so that
a change in the machine's speed during the run (another process, a CPU's clock) falls on both alike;
it prints the median time of each and the median of the runs' ratios list / baseline (the goal: at
most 1.3). Then it renders the list 50 times in this same process, as one worker process would
between two recycles (worker_max_tasks_per_child), and prints the resident memory (RSS) after the
first render and after every ten.

    .venv/bin/python bench/participants_pdf_bench.py
"""

import io
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
VAR_DIR = Path(tempfile.mkdtemp(prefix="idm-bench-pdf-"))
PARTICIPANTS = 1000
STATES = 60
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
RENDERS = int(os.environ.get("BENCH_RENDERS", "50"))

os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "idm_portal.settings",
        "DJANGO_DEBUG": "1",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": f"sqlite:///{VAR_DIR / 'bench.sqlite3'}",
        "CACHE_URL": "locmemcache://",
        "IDM_VAR_DIR": str(VAR_DIR),
    }
)
sys.path.insert(0, str(BASE))


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def load_participants():
    """One workshop, 1,000 consenting confirmed participants of 60 states, in a few bulk inserts."""
    from datetime import date

    from faker import Faker

    from directory.models import MemberState, Organisation, Person, User
    from workshops.models import DialogueYear, Registration, Workshop

    fake = Faker(["en_GB", "fr_FR", "es_ES"])
    Faker.seed(2010)
    year = DialogueYear.objects.create(year=2010, theme="Migration and social change")
    workshop = Workshop.objects.create(
        year=year,
        title="Migration and Transnationalism: Opportunities and Challenges",
        slug="migration-and-transnationalism",
        start_date=date(2010, 3, 9),
        end_date=date(2010, 3, 10),
        venue="International Conference Centre Geneva (CICG), Geneva",
    )
    countries = list(dict.fromkeys(fake.unique.country_code() for _ in range(STATES)))
    states = MemberState.objects.bulk_create(
        MemberState(country=code, name=f"{fake.country()} ({code})", region=MemberState.Region.AFRICA)
        for code in countries
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"{kind}, {state.name}", kind=Organisation.Kind.MINISTRY, member_state=state)
        for state in states
        for kind in ("Ministry of Foreign Affairs", "Ministry of the Interior", "Permanent Mission")
    )
    clerk = User.objects.create_user(email="registrar@iom.example")
    people = Person.objects.bulk_create(
        Person(
            given_name=fake.first_name(),
            family_name=fake.last_name(),
            position=fake.job()[:120],
            member_state=states[n % len(states)],
            organisation=organisations[(n % len(states)) * 3 + n % 3],
        )
        for n in range(PARTICIPANTS)
    )
    Registration.objects.bulk_create(
        Registration(
            workshop=workshop,
            person=person,
            member_state=person.member_state,
            registered_by=clerk,
            status=Registration.Status.CONFIRMED,
            consent_to_publish=True,
            is_head_of_delegation=n % 17 == 0,
        )
        for n, person in enumerate(people)
    )
    return workshop


def seconds(render) -> float:
    start = time.perf_counter()
    render()
    return time.perf_counter() - start


def median_seconds(render, runs: int = RUNS) -> float:
    render()  # warm-up: fonts, stylesheets, template loading
    return statistics.median(seconds(render) for _ in range(runs))


def interleaved(render, reference, runs: int = RUNS) -> tuple[float, float, float]:
    """The median time of render and of reference, taken in turn, and the median of the runs' ratios."""
    render()
    reference()  # warm-up of both
    pairs = [(seconds(render), seconds(reference)) for _ in range(runs)]
    return (
        statistics.median(mine for mine, _ in pairs),
        statistics.median(theirs for _, theirs in pairs),
        statistics.median(mine / theirs for mine, theirs in pairs),
    )


def main() -> None:
    import django

    django.setup()
    from idm_portal.celery import freeze_startup_objects

    freeze_startup_objects()  # as every worker process does once started
    from django.core.management import call_command
    from django.utils import timezone
    from django.utils.html import escape
    from pypdf import PdfReader
    from weasyprint import HTML

    from documents.models import DocumentKind, Variant
    from documents.rendering import PDF_OPTIONS, LocalFilesFetcher
    from documents.services import render_snapshot
    from documents.snapshots import KINDS, snapshot

    call_command("migrate", verbosity=0)
    workshop = load_participants()
    spec = KINDS[DocumentKind.PARTICIPANTS]

    start = time.perf_counter()
    records = snapshot(
        kind=DocumentKind.PARTICIPANTS,
        variant=Variant.PROVISIONAL,
        records=spec.build(workshop, Variant.PROVISIONAL),
    )
    build_seconds = time.perf_counter() - start

    def the_list() -> bytes:
        pdf, _pages = render_snapshot(
            kind=DocumentKind.PARTICIPANTS, records=records, language="en", generated_on=timezone.localdate()
        )
        return pdf

    entries = [
        (person["name"], person["position"], organisation["name"], state["name"])
        for state in spec.present(json.loads(records)["records"])["states"]
        for organisation in state["organisations"]
        for person in organisation["people"]
    ]
    page = "@page { size: A4; margin: 24mm 22mm 22mm 22mm } html { font-family: 'Liberation Serif'; font-size: 11.5pt }"
    head = '<html lang="en"><title>List of participants</title>'
    plain = (
        head
        + "<style>%s</style>" % page
        + "".join("<p>%s<br>%s</p>" % (escape(name), escape(position)) for name, position, _org, _state in entries)
    )
    table = head + (
        "<style>%s table { border-collapse: collapse; width: 100%% } td, th { border: 0.5pt solid #000; "
        "padding: 2pt 4pt }</style><table><tr><th>Name</th><th>Position</th><th>Organisation</th>"
        "<th>Member state</th><th>Head</th></tr>"
        % page
        + "".join(
            "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td></td></tr>"
            % (escape(name), escape(position), escape(org), escape(state))
            for name, position, org, state in entries
        )
        + "</table>"
    )

    def plain_list() -> bytes:
        return HTML(string=plain, url_fetcher=LocalFilesFetcher()).write_pdf(**PDF_OPTIONS)

    def bordered_table() -> bytes:
        return HTML(string=table, url_fetcher=LocalFilesFetcher()).write_pdf(**PDF_OPTIONS)

    list_seconds, plain_seconds, ratio = interleaved(the_list, plain_list)
    table_seconds = median_seconds(bordered_table, runs=max(1, RUNS // 2))
    pages = len(PdfReader(io.BytesIO(the_list())).pages)

    print(f"List of participants: {len(entries)} participants, {STATES} member states, {pages} pages")
    print(f"  records read from the database (one query) ........ {build_seconds:6.3f} s")
    print(f"  the list, template + WeasyPrint (median of {RUNS}) ..... {list_seconds:6.3f} s")
    print(f"  plain paragraph list, WeasyPrint (median of {RUNS}) .... {plain_seconds:6.3f} s")
    print(f"  bordered collapsed table, WeasyPrint .............. {table_seconds:6.3f} s")
    print(f"  ratio list / plain list, median of the {RUNS} runs' ..... {ratio:6.2f}  (goal <= 1.3)")
    print(f"  ratio bordered table / plain list ................. {table_seconds / plain_seconds:6.2f}")
    print("  load average (1, 5, 15 min) ....................... %.2f %.2f %.2f" % os.getloadavg())

    print(f"Memory over {RENDERS} renders in this one process (RSS, MiB):")
    readings = []
    for n in range(1, RENDERS + 1):
        the_list()
        if n == 1 or n % 10 == 0:
            readings.append((n, rss_mib()))
            print(f"  after {n:2d} renders: {readings[-1][1]:7.1f}")
    growth = readings[-1][1] - readings[1][1]
    print(
        f"  growth from render 10 to render {RENDERS}: {growth:+.1f} MiB ({growth / (RENDERS - 10):+.2f} MiB a render)"
    )


if __name__ == "__main__":
    main()
