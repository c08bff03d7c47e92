"""What funding shows on public pages."""

from __future__ import annotations

from django.db.models import Q

from workshops.models import Workshop

from ..models import Allocation, Donor
from .figures import Stage


def acknowledged_donors_for(workshop: Workshop) -> list[Donor]:
    """Donors named on a workshop's public page: those who agreed to be named and whose committed or
    paid money funds it — earmarked for it, or given for its year's programme when programme money
    was allocated to it."""
    has_allocation = Allocation.objects.filter(workshop=workshop).exists()
    money = Q(contributions__workshop=workshop)
    if has_allocation:
        money |= Q(contributions__year_id=workshop.year_id, contributions__workshop__isnull=True)
    return list(
        Donor.objects.filter(money, contributions__stage__in=(Stage.COMMITMENT, Stage.PAID), acknowledged_by_name=True)
        .distinct()
        .order_by("name")
    )
