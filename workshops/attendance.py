"""The day of the workshop: badge codes, check-in at the door, attendance per day.

A check-in is decided under the registration's row lock, so two scans of one badge at two doors at
once are taken one after the other: the first records the day's attendance, the second answers
"already checked in today at 09:12". The unique (registration, day) constraint is the last guard.
A badge's QR code carries only its random code (``directory.codes``): an unknown code (forged,
altered, or replaced by a reprint) finds nothing and is refused without saying more.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from directory.codes import CODE_LENGTH, new_code
from directory.models import User

from .models import HOLDS_SEAT, Attendance, Certificate, Registration, RegistrationChange, Workshop
from .services.history import record_changes, snapshot
from .signals import participant_checked_in

S = Registration.Status


class Outcome:
    CHECKED_IN = "checked_in"
    ALREADY = "already"
    NOT_CONFIRMED = "not_confirmed"
    CANCELLED = "cancelled"
    WRONG_WORKSHOP = "wrong_workshop"
    UNKNOWN_BADGE = "unknown_badge"
    NOT_TODAY = "not_today"


@dataclass(frozen=True)
class CheckIn:
    """What the door answers: the outcome, the sentence shown in large type, and whom it is about."""

    outcome: str
    message: str
    registration: Registration | None = None
    attendance: Attendance | None = None

    @property
    def ok(self) -> bool:
        return self.outcome == Outcome.CHECKED_IN


def lock_registration(registrations: QuerySet[Registration]) -> Registration | None:
    """The one registration of ``registrations`` under its row lock (only its own row), or None."""
    return registrations.select_for_update(of=("self",)).first()


# --- Badges ---------------------------------------------------------------------------------


@transaction.atomic
def issue_badge_tokens(*, workshop: Workshop) -> int:
    """Give a badge code to every participant with a seat who has none yet; returns how many."""
    missing = list(
        Registration.objects.select_for_update()
        .filter(workshop=workshop, status__in=HOLDS_SEAT, badge_token__isnull=True)
        .order_by("pk")
    )
    for registration in missing:
        registration.badge_token = new_code()
    Registration.objects.bulk_update(missing, ["badge_token"])
    return len(missing)


def ensure_badge_holder(registration: Registration) -> None:
    """Only a participant holding a seat has a badge: printed, reprinted or asked for through the API."""
    if registration.status not in HOLDS_SEAT:
        raise ValidationError(_("Only a confirmed participant gets a badge."))


@transaction.atomic
def reissue_badge(*, registration: Registration, by: User) -> Registration:
    """A lost badge: a new code for the reprint; the old badge's code stops working at once."""
    registration = Registration.objects.select_for_update().select_related("person").get(pk=registration.pk)
    ensure_badge_holder(registration)
    registration.badge_token = new_code()
    registration.save(update_fields=["badge_token", "updated_at"])
    return registration


@transaction.atomic
def update_badge(*, registration: Registration, category: str, badge_name: str, by: User) -> Registration:
    """The participant's category and the name shown on the badge."""
    if category not in Registration.Category.values:
        raise ValidationError({"category": _("Choose a category.")})
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    registration.category = category
    registration.badge_name = badge_name.strip()
    registration.save(update_fields=["category", "badge_name", "updated_at"])
    return registration


# --- Check-in -------------------------------------------------------------------------------


def _refused(outcome: str, message: str, registration: Registration | None = None, **kwargs) -> CheckIn:
    return CheckIn(outcome=outcome, message=message, registration=registration, **kwargs)


def _checkable() -> QuerySet[Registration]:
    return Registration.objects.select_related("person", "person__organisation", "member_state", "workshop")


@transaction.atomic
def check_in(
    *,
    workshop: Workshop,
    by: User,
    token: str = "",
    registration_id: int | None = None,
    at: datetime.datetime | None = None,
) -> CheckIn:
    """Check a participant in for today: by the code a badge's QR carries, or by the registration
    the secretariat found by name. Never raises for a refusal: the answer says why not."""
    at = at or timezone.now()
    day = timezone.localdate(at)
    token = token.strip()
    if token:
        if len(token) != CODE_LENGTH:
            return _refused(Outcome.UNKNOWN_BADGE, _("This badge is not valid: it may be forged or replaced."))
        registration = lock_registration(_checkable().filter(badge_token=token))
        if registration is None:
            return _refused(Outcome.UNKNOWN_BADGE, _("This badge is not valid: it may be forged or replaced."))
    else:
        registration = lock_registration(_checkable().filter(pk=registration_id, workshop=workshop))
        if registration is None:
            return _refused(Outcome.UNKNOWN_BADGE, _("No such participant in this workshop."))
    if registration.workshop_id != workshop.pk:
        return _refused(
            Outcome.WRONG_WORKSHOP,
            _("This badge is for another workshop: %(title)s.") % {"title": registration.workshop},
            registration,
        )
    if registration.status == S.CANCELLED:
        return _refused(Outcome.CANCELLED, _("Not checked in: this registration was cancelled."), registration)
    if registration.status not in HOLDS_SEAT:
        return _refused(
            Outcome.NOT_CONFIRMED,
            _("Not checked in: this registration is not confirmed (%(status)s).")
            % {"status": registration.get_status_display()},
            registration,
        )
    if not workshop.start_date <= day <= workshop.end_date:
        return _refused(Outcome.NOT_TODAY, _("Not checked in: the workshop does not take place today."), registration)
    earlier = registration.attendances.filter(day=day).first()
    if earlier is not None:
        time = formats.time_format(timezone.localtime(earlier.checked_in_at), "H:i")
        return _refused(
            Outcome.ALREADY,
            _("Already checked in today at %(time)s.") % {"time": time},
            registration,
            attendance=earlier,
        )
    attendance = Attendance.objects.create(registration=registration, day=day, checked_in_at=at, checked_in_by=by)
    if registration.status == S.CONFIRMED:
        before = snapshot(registration)
        registration.status = S.ATTENDED
        registration.save(update_fields=["status", "updated_at"])
        record_changes(registration=registration, before=before, by=by, cause=RegistrationChange.Cause.CHECKED_IN)
    participant_checked_in.send(sender=Registration, registration=registration, attendance=attendance, by=by)
    return CheckIn(
        outcome=Outcome.CHECKED_IN, message=_("Checked in."), registration=registration, attendance=attendance
    )


# --- Certificates of attendance -------------------------------------------------------------


@transaction.atomic
def issue_certificate(*, registration: Registration) -> Certificate:
    """The participant's certificate, with its verification code: once they were checked in on a day."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not registration.attendances.exists():
        raise ValidationError(_("A certificate of attendance is given once the participant has attended."))
    certificate, _created = Certificate.objects.get_or_create(registration=registration, defaults={"code": new_code()})
    if not certificate.is_valid:
        raise ValidationError(_("This certificate of attendance was revoked."))
    return certificate


@transaction.atomic
def revoke_certificate(*, certificate: Certificate, by: User) -> Certificate:
    """The verification page says "revoked" from now on; the code is never given again."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is None:
        certificate.revoked_at = timezone.now()
        certificate.revoked_by = by
        certificate.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    return certificate
