"""A registration's history: every change of its status, funding, head-of-delegation flag and what
the participant said, and every change of the workshop's seats, as ``RegistrationChange`` rows
written by the services in the same transaction as the change."""

from django.utils import timezone

from directory.models import User
from directory.prepared import insert
from workshops.models import Registration, RegistrationChange, Workshop

C = RegistrationChange.Cause
F = RegistrationChange.Field

# The registration's attributes the history follows, by the field name it records them under.
TRACKED = {
    F.STATUS: "status",
    F.FUNDING: "funding",
    F.HEAD_OF_DELEGATION: "is_head_of_delegation",
    F.CONSENT: "consent_to_publish",
    F.NOTE_VERBALE: "note_verbale",
}


def _value(registration: Registration, attribute: str) -> str:
    value = getattr(registration, attribute)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if attribute == "note_verbale":
        return "yes" if value else "no"
    return value or ""


def snapshot(registration: Registration | None) -> dict[str, str]:
    """What the history follows of a registration now; before it exists, no status and the defaults
    (so a new registration records its status and only what differs from a plain request)."""
    if registration is None or registration.pk is None:
        return {**{field: "no" for field in TRACKED}, F.STATUS: "", F.FUNDING: ""}
    return {field: _value(registration, attribute) for field, attribute in TRACKED.items()}


def record_changes(
    *, registration: Registration, before: dict[str, str], by: User | None, cause: str, reason: str = ""
) -> list[RegistrationChange]:
    """One row for each followed value that differs from ``before`` (a ``snapshot`` taken earlier)."""
    changes = changes_of(registration=registration, before=before, by=by, cause=cause, reason=reason)
    if len(changes) == 1:  # one change under a lock: the INSERT compiled once
        insert(changes[0], named=True)
        return changes
    return RegistrationChange.objects.bulk_create(changes)


def changes_of(
    *, registration: Registration, before: dict[str, str], by: User | None, cause: str, reason: str = ""
) -> list[RegistrationChange]:
    """The rows ``record_changes`` writes, not written (a new registration's are written with it,
    workshops/services/seats.py ``lock_and_decide``, before it has a primary key)."""
    after = {field: _value(registration, attribute) for field, attribute in TRACKED.items()}
    at = timezone.now()
    return [
        RegistrationChange(
            workshop_id=registration.workshop_id,
            registration=registration,
            field=field,
            before=before[field],
            after=after[field],
            cause=cause,
            reason=reason,
            by=by,
            at=at,
        )
        for field in TRACKED
        if before[field] != after[field]
    ]


def record_seats(*, workshop: Workshop, before: int, after: int, by: User | None) -> RegistrationChange:
    return RegistrationChange.objects.create(
        workshop=workshop, field=F.SEATS, before=str(before), after=str(after), cause=C.SEATS_CHANGED, by=by
    )
