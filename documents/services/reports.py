"""Workshop reports: what the workshop concluded, written by the secretariat."""

from __future__ import annotations

from django.db import transaction

from directory.models import User
from workshops.models import Workshop

from ..models import (
    WorkshopOutcomes,
)


@transaction.atomic
def save_workshop_outcomes(*, workshop: Workshop, text: str, by: User) -> WorkshopOutcomes:
    """What the workshop concluded, for its report; the next report request renders it."""
    outcomes, _created = WorkshopOutcomes.objects.update_or_create(
        workshop=workshop, defaults={"text": text.strip(), "updated_by": by}
    )
    return outcomes
