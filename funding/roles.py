"""The donor a user speaks for: part of the user's one ``Roles`` (directory/roles.py), same query."""

from __future__ import annotations

from directory import roles

from .models import Donor


def contribute() -> None:
    """Called from FundingConfig.ready(): the donor is joined into the roles query (user → contact → donor)."""
    roles.contribute("donor", path="donor_contact__donor", model=Donor)


def donor_of(user) -> Donor | None:
    """The donor organisation the user is a contact of, from the request's roles."""
    return roles.roles_of(user).donor
