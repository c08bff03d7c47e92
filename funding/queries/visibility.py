"""Who sees which contributions: the query every donor-facing page and export starts from."""

from __future__ import annotations

from django.db.models import QuerySet

from directory import roles

from ..models import Contribution
from ..roles import donor_of


def contributions_visible_to(user) -> QuerySet[Contribution]:
    """The secretariat sees every contribution; a donor contact only their organisation's; others none.

    Every donor-facing page and export starts from this query, so another donor's record is a 404.
    """
    contributions = Contribution.objects.select_related("donor", "year", "workshop")
    if roles.is_secretariat(user):
        return contributions
    donor = donor_of(user)
    if donor is None:
        return contributions.none()
    return contributions.filter(donor=donor)
