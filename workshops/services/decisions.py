"""The secretariat's decisions on one registration (confirm, waitlist, decline, attended, funded
participation) and the waiting list's moves. Seats are decided under the workshop's row lock, so on
PostgreSQL capacity is never exceeded whatever the concurrency; the waiting list is in arrival order."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import User
from workshops.models import Registration, RegistrationChange, Workshop
from workshops.signals import funded_participation_approved

from . import seats
from .history import record_changes, snapshot
from .mail import mail_participant

S = Registration.Status
C = RegistrationChange.Cause


@transaction.atomic
def confirm_registration(*, registration: Registration, by: User) -> Registration:
    """Confirm if a seat is free (row lock on the workshop), else waitlist."""
    workshop = seats.lock_workshop(registration.workshop_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in (S.PENDING, S.WAITLISTED, S.DECLINED):
        raise ValidationError(_("Only a pending, waitlisted or declined registration can be confirmed."))
    before = snapshot(registration)
    registration.status = S.CONFIRMED if seats.seats_taken(workshop) < workshop.capacity else S.WAITLISTED
    registration.reason = ""
    _decided(registration, by)
    if record_changes(registration=registration, before=before, by=by, cause=C.DECIDED):
        mail_participant(registration, registration.status)
    return registration


@transaction.atomic
def waitlist_registration(*, registration: Registration, by: User) -> Registration:
    workshop = seats.lock_workshop(registration.workshop_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in (S.PENDING, S.CONFIRMED):
        raise ValidationError(_("Only a pending or confirmed registration can be waitlisted."))
    before = snapshot(registration)
    registration.status = S.WAITLISTED
    registration.reason = ""
    _decided(registration, by)
    record_changes(registration=registration, before=before, by=by, cause=C.DECIDED)
    mail_participant(registration, "waitlisted")
    if before["status"] == S.CONFIRMED:
        promote_waitlisted(workshop, by=by, exclude=registration.pk)
    return registration


@transaction.atomic
def decline_registration(*, registration: Registration, by: User, reason: str) -> Registration:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for declining; it is sent to the participant.")})
    workshop = seats.lock_workshop(registration.workshop_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in (S.PENDING, S.WAITLISTED, S.CONFIRMED):
        raise ValidationError(_("This registration can no longer be declined."))
    before = snapshot(registration)
    registration.status = S.DECLINED
    registration.reason = reason.strip()
    _decided(registration, by)
    record_changes(registration=registration, before=before, by=by, cause=C.DECIDED, reason=registration.reason)
    mail_participant(registration, "declined")
    if before["status"] == S.CONFIRMED:
        promote_waitlisted(workshop, by=by)
    return registration


@transaction.atomic
def mark_attended(*, registration: Registration, by: User) -> Registration:
    registration = Registration.objects.select_for_update().select_related("workshop").get(pk=registration.pk)
    if registration.status != S.CONFIRMED:
        raise ValidationError(_("Only a confirmed participant can be marked as attended."))
    if registration.workshop.start_date > timezone.localdate():
        raise ValidationError(_("Attendance is recorded once the workshop has started."))
    before = snapshot(registration)
    registration.status = S.ATTENDED
    _decided(registration, by)
    record_changes(registration=registration, before=before, by=by, cause=C.DECIDED)
    return registration


def promote_waitlisted(workshop: Workshop, *, by: User | None, exclude: int | None = None) -> list[Registration]:
    """Inside the workshop's lock: fill free seats from the waiting list, first come first served."""
    free = workshop.capacity - seats.seats_taken(workshop)
    if free <= 0:
        return []
    waiting = workshop.registrations.select_for_update().filter(status=S.WAITLISTED).order_by("created_at", "pk")
    if exclude is not None:
        waiting = waiting.exclude(pk=exclude)
    promoted = list(waiting[:free])
    for registration in promoted:
        before = snapshot(registration)
        registration.status = S.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        record_changes(registration=registration, before=before, by=by, cause=C.PROMOTED)
        mail_participant(registration, "promoted")
    return promoted


# --- Funded participation -------------------------------------------------------------------


@transaction.atomic
def decide_funding(*, registration: Registration, by: User, approve: bool, reason: str = "") -> Registration:
    """Approve within the workshop's funded seats, or refuse with a reason."""
    workshop = seats.lock_workshop(registration.workshop_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.funding != Registration.Funding.REQUESTED:
        raise ValidationError(_("There is no open request for funded participation on this registration."))
    if registration.status in (S.CANCELLED, S.DECLINED):
        raise ValidationError(_("The registration is no longer active."))
    before = snapshot(registration)
    if approve:
        if not registration.member_state.eligible_for_funding:
            raise ValidationError(
                _("%(state)s is not eligible for funded participation.") % {"state": registration.member_state}
            )
        if workshop.funded_seats == 0:
            raise ValidationError(_("This workshop has no funded seats."))
        if seats.funded_seats_taken(workshop) >= workshop.funded_seats:
            raise ValidationError(
                _("All %(seats)d funded seats of this workshop are taken.") % {"seats": workshop.funded_seats}
            )
        registration.funding = Registration.Funding.APPROVED
    else:
        if not reason.strip():
            raise ValidationError({"reason": _("Give the reason for refusing; it is sent to the participant.")})
        registration.funding = Registration.Funding.REFUSED
    registration.funding_decision_reason = reason.strip()
    registration.save(update_fields=["funding", "funding_decision_reason", "updated_at"])
    record_changes(registration=registration, before=before, by=by, cause=C.DECIDED, reason=reason.strip())
    mail_participant(registration, "funding_decided")
    if approve:
        funded_participation_approved.send(sender=Registration, registration=registration, by=by)
    return registration


def _decided(registration: Registration, by: User) -> None:
    registration.decided_by = by
    registration.decided_at = timezone.now()
    registration.save(update_fields=["status", "decided_by", "decided_at", "reason", "updated_at"])
