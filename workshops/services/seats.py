"""The workshop's row lock and seat counts: every seat decision for one workshop happens one at a time.

The lock and the count are read at every registration, one after the other while the workshop is
locked: both compiled once (see directory/prepared.py). The count is its own statement after the lock,
never part of the locking one: PostgreSQL answers a statement from the snapshot it started with, so a
count in the statement that waited for the lock would miss the registration committed meanwhile."""

from django.db import connections
from django.db.models import Count, QuerySet
from django.db.transaction import TransactionManagementError

from directory.prepared import Prepared, columns, first
from workshops.models import HOLDS_FUNDED_SEAT, HOLDS_SEAT, Registration, Workshop

S = Registration.Status


def _locked(*, workshop: int) -> QuerySet[Workshop]:
    return Workshop.objects.select_for_update().filter(pk=workshop).order_by().values(*columns(Workshop))


def _seats_taken(*, workshop: int) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(workshop_id=workshop, status__in=HOLDS_SEAT)
        .order_by()
        .values("workshop_id")
        .annotate(n=Count("pk"))
        .values("n")
    )


_LOCKED = Prepared(_locked, ids=("workshop",))
_SEATS_TAKEN = Prepared(_seats_taken, ids=("workshop",))


def lock_workshop(workshop_id: int) -> Workshop:
    """Take the workshop's row lock: every seat decision for one workshop happens one at a time."""
    connection = connections[Workshop.objects.db]
    if connection.features.has_select_for_update and connection.get_autocommit():  # as select_for_update()
        raise TransactionManagementError("select_for_update cannot be used outside of a transaction.")
    workshop = first(_LOCKED, Workshop, workshop=workshop_id)
    if workshop is None:
        raise Workshop.DoesNotExist("Workshop matching query does not exist.")
    return workshop


def seats_taken(workshop: Workshop) -> int:
    rows = _SEATS_TAKEN(workshop=workshop.pk, using=Registration.objects.db)
    return rows[0]["n"] if rows else 0


def funded_seats_taken(workshop: Workshop) -> int:
    return workshop.registrations.filter(HOLDS_FUNDED_SEAT).count()
