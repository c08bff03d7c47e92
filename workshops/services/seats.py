"""The workshop's row lock and seat counts: every seat decision for one workshop happens one at a time."""

from workshops.models import HOLDS_FUNDED_SEAT, HOLDS_SEAT, Registration, Workshop

S = Registration.Status


def lock_workshop(workshop_id: int) -> Workshop:
    """Take the workshop's row lock: every seat decision for one workshop happens one at a time."""
    return Workshop.objects.select_for_update().get(pk=workshop_id)


def seats_taken(workshop: Workshop) -> int:
    return workshop.registrations.filter(status__in=HOLDS_SEAT).count()


def funded_seats_taken(workshop: Workshop) -> int:
    return workshop.registrations.filter(HOLDS_FUNDED_SEAT).count()
