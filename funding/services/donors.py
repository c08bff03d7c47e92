"""Donors and their contacts (the people who sign in to the donor portal)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from directory.models import User

from ..models import (
    AuditEntry,
    Donor,
    DonorContact,
)
from .audit import _audit, _audit_raw, _snapshot


@transaction.atomic
def save_donor(*, donor: Donor, by: User) -> Donor:
    before = _snapshot(Donor.objects.get(pk=donor.pk)) if donor.pk else {}
    donor.full_clean()
    donor.save()
    _audit(by=by, obj=donor, before=before, donor=donor)
    return donor


@transaction.atomic
def delete_donor(*, donor: Donor, by: User, reason: str) -> None:
    """Remove a donor entered by mistake; a donor with money on record is kept."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason; it is kept in the audit history.")})
    donor = Donor.objects.select_for_update().get(pk=donor.pk)
    if donor.contributions.exists():
        raise ValidationError(_("%(donor)s has contributions on record and cannot be deleted.") % {"donor": donor})
    _audit(by=by, obj=donor, before=_snapshot(donor), deleted=True, reason=reason.strip())
    donor.delete()


@transaction.atomic
def add_donor_contact(*, donor: Donor, email: str, by: User) -> DonorContact:
    """Make a registered user a contact of the donor: they will see this donor's records only."""
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise ValidationError({"email": _("No account uses this e-mail address; ask the person to sign up first.")})
    if user.is_staff:
        raise ValidationError({"email": _("Secretariat staff cannot be donor contacts.")})
    existing = DonorContact.objects.filter(user=user).select_related("donor").first()
    if existing is not None:
        raise ValidationError(
            {"email": _("%(user)s is already a contact of %(donor)s.") % {"user": user, "donor": existing.donor}}
        )
    contact = DonorContact.objects.create(user=user, donor=donor)
    _audit_contact(by=by, donor=donor, before={}, after={"contact": user.email})
    return contact


@transaction.atomic
def remove_donor_contact(*, contact: DonorContact, by: User) -> None:
    _audit_contact(by=by, donor=contact.donor, before={"contact": contact.user.email}, after={})
    contact.delete()


def _audit_contact(*, by: User, donor: Donor, before: dict, after: dict) -> None:
    """A contact added or removed is a change of the donor, with the contact's e-mail address."""
    _audit_raw(
        by=by,
        kind=AuditEntry.Kind.DONOR,
        action=AuditEntry.Action.CHANGED,
        object_id=donor.pk,
        summary=str(donor),
        donor=donor,
        before=before,
        after=after,
    )
