"""Badge codes, check-in at the door and attendance per day."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.codes import new_code
from workshops import attendance
from workshops.attendance import Outcome
from workshops.models import Attendance, Registration

from .factories import WorkshopFactory, registration

S = Registration.Status
SIZES = [1, 30]
GENEVA = ZoneInfo("Europe/Zurich")


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=GENEVA)


@pytest.fixture
def today_workshop(db):
    """A two-day workshop that starts today."""
    today = timezone.localdate()
    return WorkshopFactory(start_date=today, end_date=today + datetime.timedelta(days=1))


def badged(workshop, status=S.CONFIRMED, **fields) -> Registration:
    row = registration(workshop, status=status, **fields)
    attendance.issue_badge_tokens(workshop=workshop)
    row.refresh_from_db()
    return row


def test_issue_badge_tokens_gives_codes_to_participants_with_a_seat_only(today_workshop):
    confirmed = registration(today_workshop, status=S.CONFIRMED)
    pending = registration(today_workshop, status=S.PENDING)

    assert attendance.issue_badge_tokens(workshop=today_workshop) == 1
    assert attendance.issue_badge_tokens(workshop=today_workshop) == 0  # an issued code is kept

    confirmed.refresh_from_db()
    pending.refresh_from_db()
    assert len(confirmed.badge_token) == 32
    assert pending.badge_token is None


def test_a_scanned_badge_checks_in_once_per_day(today_workshop, secretariat):
    row = badged(today_workshop)
    first_day = today_workshop.start_date

    result = attendance.check_in(
        workshop=today_workshop, by=secretariat, token=row.badge_token, at=at(first_day, 9, 12)
    )
    again = attendance.check_in(
        workshop=today_workshop, by=secretariat, token=row.badge_token, at=at(first_day, 11, 30)
    )
    next_day = attendance.check_in(
        workshop=today_workshop, by=secretariat, token=row.badge_token, at=at(first_day + datetime.timedelta(days=1), 9)
    )

    assert (result.outcome, result.message) == (Outcome.CHECKED_IN, "Checked in.")
    assert (again.outcome, again.message) == (Outcome.ALREADY, "Already checked in today at 09:12.")
    assert next_day.outcome == Outcome.CHECKED_IN
    assert list(Attendance.objects.values_list("day", "checked_in_by")) == [
        (first_day, secretariat.pk),
        (first_day + datetime.timedelta(days=1), secretariat.pk),
    ]
    row.refresh_from_db()
    assert row.status == S.ATTENDED
    # The first check-in moved the registration to attended: its history says so, once.
    assert list(row.changes.values_list("field", "before", "after", "cause", "by")) == [
        ("status", S.CONFIRMED, S.ATTENDED, "checked_in", secretariat.pk)
    ]


def test_a_forged_code_is_refused(today_workshop, secretariat):
    badged(today_workshop)

    result = attendance.check_in(workshop=today_workshop, by=secretariat, token=new_code())

    assert (result.outcome, result.message, result.registration) == (
        Outcome.UNKNOWN_BADGE,
        "This badge is not valid: it may be forged or replaced.",
        None,
    )
    assert Attendance.objects.count() == 0


@pytest.mark.parametrize(
    "alter", [lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), lambda t: t[:-1], lambda t: t + "x"]
)
def test_an_altered_code_is_refused(today_workshop, secretariat, alter):
    row = badged(today_workshop)

    result = attendance.check_in(workshop=today_workshop, by=secretariat, token=alter(row.badge_token))

    assert result.outcome == Outcome.UNKNOWN_BADGE
    assert Attendance.objects.count() == 0


def test_a_reprint_revokes_the_old_badge(today_workshop, secretariat):
    row = badged(today_workshop)
    old = row.badge_token

    reprinted = attendance.reissue_badge(registration=row, by=secretariat)
    refused = attendance.check_in(workshop=today_workshop, by=secretariat, token=old)
    accepted = attendance.check_in(workshop=today_workshop, by=secretariat, token=reprinted.badge_token)

    assert reprinted.badge_token != old
    assert refused.outcome == Outcome.UNKNOWN_BADGE
    assert accepted.outcome == Outcome.CHECKED_IN


def test_a_badge_of_another_workshop_is_refused(today_workshop, secretariat):
    other = WorkshopFactory(title="Workshop on diasporas", start_date=today_workshop.start_date)
    row = badged(other)

    result = attendance.check_in(workshop=today_workshop, by=secretariat, token=row.badge_token)

    assert (result.outcome, result.message) == (
        Outcome.WRONG_WORKSHOP,
        "This badge is for another workshop: Workshop on diasporas.",
    )
    assert result.registration == row
    assert Attendance.objects.count() == 0


def test_a_cancelled_participant_is_refused_with_the_reason(today_workshop, secretariat):
    row = badged(today_workshop)
    Registration.objects.filter(pk=row.pk).update(status=S.CANCELLED)

    result = attendance.check_in(workshop=today_workshop, by=secretariat, token=row.badge_token)

    assert (result.outcome, result.message) == (
        Outcome.CANCELLED,
        "Not checked in: this registration was cancelled.",
    )
    assert Attendance.objects.count() == 0


@pytest.mark.parametrize("status", [S.PENDING, S.WAITLISTED, S.DECLINED])
def test_a_participant_without_a_confirmed_seat_is_refused(today_workshop, secretariat, status):
    row = registration(today_workshop, status=status)

    result = attendance.check_in(workshop=today_workshop, by=secretariat, registration_id=row.pk)

    assert result.outcome == Outcome.NOT_CONFIRMED
    assert result.message == "Not checked in: this registration is not confirmed (%s)." % row.get_status_display()


def test_no_check_in_on_a_day_without_the_workshop(db, secretariat):
    workshop = WorkshopFactory()  # in thirty days
    row = badged(workshop)

    result = attendance.check_in(workshop=workshop, by=secretariat, token=row.badge_token)

    assert result.outcome == Outcome.NOT_TODAY
    assert Attendance.objects.count() == 0


def test_search_finds_by_name_on_the_badge_or_state(today_workshop):
    row = registration(today_workshop, status=S.CONFIRMED, badge_name="Dr. Amina Diallo")
    registration(today_workshop, status=S.CONFIRMED)
    from workshops import queries

    by_name = list(queries.checkin_search(workshop=today_workshop, text="amina", day=today_workshop.start_date))
    by_state = list(
        queries.checkin_search(workshop=today_workshop, text=row.member_state.name, day=today_workshop.start_date)
    )

    assert by_name == [row]
    assert row in by_state


@pytest.mark.parametrize(("language", "text"), [("fr", "suisse"), ("es", "SUIZA"), ("fr", "egypte"), ("en", "egypt")])
def test_the_door_finds_participants_by_their_state_s_name_in_the_reader_s_language(today_workshop, language, text):
    from django.utils import translation

    from tests.factories import MemberStateFactory, PersonFactory
    from workshops import queries

    swiss = registration(
        today_workshop,
        status=S.CONFIRMED,
        person=PersonFactory(member_state=MemberStateFactory(country="CH", name="Switzerland")),
    )
    egyptian = registration(
        today_workshop,
        status=S.CONFIRMED,
        person=PersonFactory(member_state=MemberStateFactory(country="EG", name="Egypt")),
    )

    with translation.override(language):
        found = list(queries.checkin_search(workshop=today_workshop, text=text, day=today_workshop.start_date))

    assert found == [swiss if text.lower().startswith("su") else egyptian]


# --- Pages ----------------------------------------------------------------------------------


def test_the_door_checks_in_by_registration_and_answers_with_the_count(client, secretariat, today_workshop):
    row = badged(today_workshop, badge_name="Amina Diallo")
    client.force_login(secretariat)
    url = reverse("workshops:staff_checkin_scan", kwargs={"slug": today_workshop.slug})

    response = client.post(url, {"registration": row.pk}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-outcome="checked_in"' in html
    assert '<p class="checkin-name">Amina Diallo</p>' in html
    assert '<p class="checkin-count" id="checkin-count" hx-swap-oob="true"><strong>1</strong> of 1' in html


def test_the_door_refuses_an_empty_scan_with_a_message(client, secretariat, today_workshop):
    client.force_login(secretariat)
    url = reverse("workshops:staff_checkin_scan", kwargs={"slug": today_workshop.slug})

    response = client.post(url, {"token": "", "registration": "abc"})

    assert response.status_code == 200
    assert "Scan a badge, type its code, or find the participant by name." in response.content.decode()
    assert Attendance.objects.count() == 0


def test_the_check_in_page_allows_the_qr_worker_only_there(client, secretariat, today_workshop):
    client.force_login(secretariat)

    checkin = client.get(reverse("workshops:staff_checkin", kwargs={"slug": today_workshop.slug}))
    queue = client.get(reverse("workshops:staff_queue", kwargs={"slug": today_workshop.slug}))

    assert "worker-src 'self' blob:" in checkin.headers["Content-Security-Policy"]
    assert "img-src 'self' data: blob:" in checkin.headers["Content-Security-Policy"]
    assert "worker-src" not in queue.headers["Content-Security-Policy"]
    assert "js/vendor/qr-scanner/qr-scanner.umd.min.js" in checkin.content.decode()


def test_badge_details_are_saved_and_bad_input_changes_nothing(client, secretariat, today_workshop):
    row = registration(today_workshop, status=S.CONFIRMED)
    client.force_login(secretariat)
    url = reverse("workshops:staff_registration_badge", kwargs={"pk": row.pk})

    client.post(url, {"category": "speaker", "badge_name": "Prof. A. Diallo"})
    client.post(url, {"category": "emperor", "badge_name": "X"})

    row.refresh_from_db()
    assert (row.category, row.badge_name, row.name_on_badge) == ("speaker", "Prof. A. Diallo", "Prof. A. Diallo")


@pytest.mark.parametrize(
    ("language", "rows"),
    [
        ("fr", [("Égypte", 0, 1), ("Suisse", 1, 2)]),
        ("es", [("Egipto", 0, 1), ("Suiza", 1, 2)]),
        ("en", [("Egypt", 0, 1), ("Switzerland", 1, 2)]),
    ],
)
def test_the_attendance_by_state_is_in_the_reader_s_language_and_order(
    client, secretariat, today_workshop, language, rows
):
    from tests.factories import MemberStateFactory, PersonFactory

    switzerland = MemberStateFactory(country="CH", name="Switzerland")
    egypt = MemberStateFactory(country="EG", name="Egypt")
    swiss = [
        registration(today_workshop, status=S.CONFIRMED, person=PersonFactory(member_state=switzerland)) for _ in "ab"
    ]
    registration(today_workshop, status=S.CONFIRMED, person=PersonFactory(member_state=egypt))
    Attendance.objects.create(registration=swiss[0], day=today_workshop.start_date, checked_in_by=secretariat)
    client.force_login(secretariat)

    response = client.get(
        reverse("workshops:staff_attendance", kwargs={"slug": today_workshop.slug}), HTTP_ACCEPT_LANGUAGE=language
    )

    table = response.content.decode().split('<table class="attendance-states">')[1].split("</table>")[0]
    found = re.findall(r'<tr><td>([^<]+)</td><td class="num">(\d+)</td><td class="num">(\d+)</td></tr>', table)
    assert [(name, int(present), int(seats)) for name, present, seats in found] == rows


# --- Query counts ---------------------------------------------------------------------------


def _participants(workshop, n, by):
    rows = [registration(workshop, status=S.CONFIRMED, badge_name="Participant %d" % i) for i in range(n)]
    for i, row in enumerate(rows):
        Attendance.objects.create(registration=row, day=workshop.start_date, checked_in_by=by)
        Attendance.objects.create(registration=row, day=workshop.end_date, checked_in_by=by)  # counted once
        Registration.objects.filter(pk=row.pk).update(category=Registration.Category.values[i % 6])
    return rows


@pytest.mark.parametrize("n", SIZES)
def test_check_in_search_queries(client, secretariat, today_workshop, n, django_assert_num_queries):
    _participants(today_workshop, n, secretariat)
    client.force_login(secretariat)
    url = reverse("workshops:staff_checkin", kwargs={"slug": today_workshop.slug})

    with django_assert_num_queries(3):
        response = client.get(url, {"q": "Participant"}, headers={"HX-Request": "true"})

    assert response.content.decode().count('name="registration"') == min(n, 20)


@pytest.mark.parametrize("n", SIZES)
def test_attendance_page_queries(client, secretariat, today_workshop, n, django_assert_num_queries):
    _participants(today_workshop, n, secretariat)
    client.force_login(secretariat)
    url = reverse("workshops:staff_attendance", kwargs={"slug": today_workshop.slug})

    with django_assert_num_queries(5):
        response = client.get(url)

    html = response.content.decode()
    assert '<span class="figure" data-present>%d<small> / %d</small></span>' % (n, n) in html
    assert html.count("<time datetime=") == n
