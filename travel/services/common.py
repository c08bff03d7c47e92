"""What every travel service shares: the travel file's row lock, the guards, saving a file with its
status and its audit entry, the traveller's e-mail, and the audit history itself.

Personal data is never written to the history: a change to a traveller detail is recorded as changed,
without its values (see ``TravelAuditEntry``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from directory.audit import readable_values
from directory.mail import send_mail_on_commit
from directory.models import User
from directory.public_url import public_url

from .. import progress
from ..models import PERSONAL_FIELDS, TravelAuditEntry, TravelFile

A = TravelAuditEntry.Action
K = TravelAuditEntry.Kind


def lock_travel_file(travel_file: TravelFile) -> TravelFile:
    return (
        TravelFile.objects.select_for_update(of=("self",))
        .select_related("registration__workshop", "registration__person__user", "registration__registered_by")
        .get(pk=travel_file.pk)
    )


# --- Guards and saving ------------------------------------------------------------------------------------


def ensure_funded(travel_file: TravelFile) -> None:
    if not travel_file.funded:
        raise ValidationError(_("This participant travels at their own cost: IOM records no ticket or DSA."))


def ensure_not_settled(travel_file: TravelFile) -> None:
    if travel_file.settled_on:
        raise ValidationError(_("This travel file is settled; it no longer changes."))


def save_file(travel_file: TravelFile, *, by: User | None, before: dict, personal: list[str] = ()) -> None:
    travel_file.status = progress.status_of(travel_file)
    travel_file.save()
    audit_file(by=by, travel_file=travel_file, before=before, personal=personal)


def mail_traveller(travel_file: TravelFile, event: str, **context) -> None:
    """The traveller in their language; when they have no address, whoever registered them."""
    registration = travel_file.registration
    person = registration.person
    email = person.email or (person.user.email if person.user_id else "")
    language = person.user.preferred_language if person.user_id else registration.registered_by.preferred_language
    if not email:
        email = registration.registered_by.email
        language = registration.registered_by.preferred_language
    if not email:
        return
    send_mail_on_commit(
        template=f"travel/email/{event}",
        context={
            "travel_file": travel_file,
            "registration": registration,
            "workshop": registration.workshop,
            "travel_url": public_url("travel:file", pk=travel_file.pk),
            **context,
        },
        to=[email],
        language=language,
    )


# --- Audit ----------------------------------------------------------------------------------------

# The verification code stays on the letter only: the history is read by more eyes than a consul.
NOT_AUDITED = {"id", "created_at", "updated_at", "dsa_lines", "status", "verification_code", *PERSONAL_FIELDS}


def snapshot(obj: models.Model | None) -> dict[str, str]:
    """Field by field as a person reads it; traveller details are left out (see TravelAuditEntry)."""
    return readable_values(obj, leave_out=NOT_AUDITED)


def audit_file(*, by: User | None, travel_file: TravelFile, before: dict, personal: list[str] = ()) -> None:
    if personal:  # traveller details: which ones changed, never their values
        before, after = {name: "" for name in personal}, {name: str(_("changed")) for name in personal}
        action = A.CHANGED
    else:
        after = snapshot(travel_file)
        if before and before == after:
            return
        action = A.CHANGED if before else A.CREATED
    audit(
        by=by,
        kind=K.TRAVEL_FILE,
        action=action,
        object_id=travel_file.pk,
        travel_file=travel_file,
        summary=str(travel_file),
        before=before,
        after=after,
    )


def audit(
    *,
    by: User | None,
    kind: str,
    action: str,
    object_id: int,
    summary: str,
    before: dict,
    after: dict,
    travel_file: TravelFile | None = None,
    reason: str = "",
) -> TravelAuditEntry:
    return TravelAuditEntry.objects.create(
        by=by,
        kind=kind,
        action=action,
        object_id=object_id,
        travel_file=travel_file,
        summary=summary[:300],
        before=before,
        after=after,
        reason=reason,
    )
