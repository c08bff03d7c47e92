"""Funding's rules in the one registry (directory.permissions)."""

from directory import roles
from directory.permissions import rule

from .roles import donor_of


@rule("funding.manage")
def _manage_funding(user, obj) -> bool:
    return roles.is_secretariat(user)


@rule("funding.use_donor_portal")
def _use_donor_portal(user, obj) -> bool:
    """A donor contact; with an object (a contribution), only their own organisation's."""
    donor = donor_of(user)
    if donor is None:
        return False
    return obj is None or getattr(obj, "donor_id", None) == donor.pk
