"""The demo data: the years and workshops of IC/2010/1, word for word, and demo registrations."""

import datetime
import re
from pathlib import Path

import pytest

from directory import demo as directory_demo
from idm_portal import demo_accounts
from workshops import demo
from workshops.models import DialogueYear, Registration, Workshop

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_fde1cb57e9344e2a.txt"
S = Registration.Status


def seed_paragraph(number: int) -> str:
    text = SEED.read_text()
    found = re.search(r"\n%d\. (.*?)(?=\n\d+\. |\n\*\*\*|\n\*\*Funding)" % number, text, re.S)
    return re.sub(r"\s*\n\s*", " ", found.group(1).strip())


@pytest.fixture
def loaded(db):
    directory_demo.load()
    demo_accounts.load()
    demo.load()


def test_years_and_workshops(loaded):
    years = [(y.year, y.theme, y.is_current) for y in DialogueYear.objects.order_by("year")]
    workshops = [
        (w.year.year, w.title, w.start_date.isoformat(), w.end_date.isoformat(), w.status)
        for w in Workshop.objects.exclude(slug=demo.DEMO_SLUG).order_by("start_date")
    ]

    assert years == [
        (2009, "Human rights and migration: Working together for safe, dignified and secure migration", False),
        (2010, "Migration and social change", True),
    ]
    assert workshops == [
        (
            2009,
            "Effective Respect for the Human Rights of Migrants: A Shared Responsibility",
            "2009-03-25",
            "2009-03-26",
            "report_published",
        ),
        (
            2009,
            "Trafficking in Persons and Exploitation of Migrants: Ensuring Protection of Human Rights",
            "2009-07-09",
            "2009-07-10",
            "held",
        ),
        (
            2010,
            "Migration and Transnationalism: Opportunities and Challenges",
            "2010-03-09",
            "2010-03-10",
            "subject_to_funding",
        ),
        (
            2010,
            "Societies and Identities: the Multifaceted Impact of Migration",
            "2010-07-19",
            "2010-07-20",
            "subject_to_funding",
        ),
    ]


@pytest.mark.skipif(not SEED.exists(), reason="the seed note is not beside the repository")
def test_texts_are_the_seed_notes_word_for_word(loaded):
    year = DialogueYear.objects.get(year=2010)
    first = Workshop.objects.get(slug=demo.TRANSNATIONALISM_2010)
    second = Workshop.objects.get(slug=demo.SOCIETIES_2010)

    assert year.description == seed_paragraph(13)
    assert first.paragraphs == [seed_paragraph(n) for n in (15, 16, 17, 18)]
    assert second.paragraphs == [seed_paragraph(19)]
    assert " ".join(second.questions) == seed_paragraph(20).split("questions: ", 1)[1]
    assert len(second.questions) == 5


def test_demo_shows_full_lists_a_waiting_list_and_an_open_registration(loaded):
    def count(slug, status):
        return Registration.objects.filter(workshop__slug=slug, status=status).count()

    open_now = [w.slug for w in Workshop.objects.all() if w.registration_is_open()]

    assert [count(demo.TRANSNATIONALISM_2010, status) for status in (S.ATTENDED, S.CONFIRMED, S.WAITLISTED)] == [
        28,
        2,
        5,
    ]
    assert (count(demo.DEMO_SLUG, S.CONFIRMED), count(demo.DEMO_SLUG, S.WAITLISTED)) == (12, 3)
    assert count(demo.SOCIETIES_2010, S.PENDING) == 8
    assert open_now == [demo.DEMO_SLUG]


def test_loading_twice_changes_nothing(loaded):
    before = list(Registration.objects.order_by("pk").values_list("pk", "status", "created_at"))

    demo.load()

    assert list(Registration.objects.order_by("pk").values_list("pk", "status", "created_at")) == before
    assert Workshop.objects.count() == 5


def test_demo_delegate_and_focal_point_can_register(loaded, client):
    from directory.models import User

    workshop = Workshop.objects.get(slug=demo.DEMO_SLUG)
    client.force_login(User.objects.get(email=demo_accounts.DELEGATE))
    client.post("/workshops/%s/register/" % workshop.slug, {"participant": "self"})
    client.force_login(User.objects.get(email=demo_accounts.FOCAL_POINT))
    client.post("/workshops/%s/register/" % workshop.slug, {"participant": "self"})

    assert list(
        workshop.registrations.filter(member_state__country__in=["PH", "SN"]).values_list(
            "person__family_name", "status"
        )
    ) == [("Santos", S.WAITLISTED), ("Diallo", S.WAITLISTED)]


def test_past_workshops_have_attendance_per_day(loaded):
    from workshops.models import Attendance

    def days(slug):
        rows = Attendance.objects.filter(registration__workshop__slug=slug).values_list("day", flat=True)
        return sorted({day: list(rows).count(day) for day in set(rows)}.items())

    assert days(demo.TRANSNATIONALISM_2010) == [(datetime.date(2010, 3, 9), 28), (datetime.date(2010, 3, 10), 24)]
    assert days(demo.SOCIETIES_2010) == [(datetime.date(2010, 7, 19), 20), (datetime.date(2010, 7, 20), 18)]
    assert Attendance.objects.filter(registration__workshop__slug=demo.DEMO_SLUG).count() == 0
    assert Registration.objects.filter(workshop__slug=demo.TRANSNATIONALISM_2010, category="press").count() == 1
