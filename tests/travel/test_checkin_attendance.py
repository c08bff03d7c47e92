"""Checked in at the door means attended on the travel file (the DSA after the workshop depends on it)."""

from travel.models import TravelFile
from workshops import attendance
from workshops.attendance import Outcome

from .factories import approved_file, past_workshop

A = TravelFile.Attendance


def _at_the_door(travel_file: TravelFile, secretariat):
    registration = travel_file.registration
    return attendance.check_in(workshop=registration.workshop, by=secretariat, registration_id=registration.pk)


def test_a_funded_traveller_checked_in_is_attended_on_the_travel_file(secretariat, delegate):
    travel_file = approved_file(past_workshop(days_ago=0), user=delegate, secretariat=secretariat)

    result = _at_the_door(travel_file, secretariat)

    travel_file.refresh_from_db()
    assert (result.outcome, travel_file.attendance) == (Outcome.CHECKED_IN, A.ATTENDED)
    change = travel_file.audit_entries.order_by("pk").last()
    assert (change.action, change.by, change.before.get("attendance"), change.after.get("attendance")) == (
        "changed",
        secretariat,
        "",
        "Attended",
    )


def test_an_attendance_the_secretariat_recorded_is_not_overwritten_by_a_check_in(secretariat, delegate):
    travel_file = approved_file(past_workshop(days_ago=0), user=delegate, secretariat=secretariat)
    TravelFile.objects.filter(pk=travel_file.pk).update(attendance=A.ABSENT)

    result = _at_the_door(travel_file, secretariat)

    travel_file.refresh_from_db()
    assert (result.outcome, travel_file.attendance) == (Outcome.CHECKED_IN, A.ABSENT)
