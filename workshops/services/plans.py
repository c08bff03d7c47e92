"""Actions that change many registrations and e-mail many people: bulk decisions and a change of the
seats. Each is first planned, then applied only with the plan the secretariat saw.

The plan is the action itself run inside a transaction that is rolled back: whatever the rules do
(a confirmation beyond the free seats waitlists, a seat freed promotes the first waitlisted) the plan
says, because it is the same code. Applying runs it again under the workshop's row lock and refuses
when the result differs from the plan shown (``expected_plan``, the plan's fingerprint): a plan that
went stale meanwhile never over-fills nor surprises anyone."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from directory.models import User
from workshops.models import MAX_CAPACITY, Registration, Workshop

from . import seats
from .decisions import confirm_registration, decline_registration, promote_waitlisted, waitlist_registration
from .history import record_seats

S = Registration.Status
BULK_ACTIONS = ("confirm", "waitlist", "decline")
STALE = "stale_plan"


@dataclass(frozen=True)
class Move:
    """What happens to one registration: ``before`` → ``after`` (the same when left as it was)."""

    registration: Registration
    before: str
    after: str
    chosen: bool  # ticked by the secretariat; otherwise moved up from the waiting list
    refused: str = ""  # why a ticked registration is left as it was

    @property
    def changed(self) -> bool:
        return self.before != self.after

    @property
    def mailed(self) -> bool:
        """Every change of status is announced to the participant; no change, no e-mail."""
        return self.changed

    @property
    def before_label(self) -> str:
        return S(self.before).label

    @property
    def after_label(self) -> str:
        return S(self.after).label


@dataclass(frozen=True)
class Plan:
    action: str
    capacity_before: int
    capacity_after: int
    moves: list[Move] = field(default_factory=list)

    @property
    def fingerprint(self) -> str:
        parts = [self.action, str(self.capacity_before), str(self.capacity_after)]
        parts += ["%d:%s:%s" % (m.registration.pk, m.before, m.after) for m in self.moves]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]

    @property
    def changed(self) -> list[Move]:
        return [move for move in self.moves if move.changed]

    @property
    def unchanged(self) -> list[Move]:
        return [move for move in self.moves if not move.changed]

    @property
    def mailed(self) -> int:
        return sum(move.mailed for move in self.moves)

    def summary(self) -> dict[tuple[str, str], list[Move]]:
        """The moves grouped by (before, after), in the order they first occur."""
        groups: dict[tuple[str, str], list[Move]] = {}
        for move in self.moves:
            groups.setdefault((move.before, move.after), []).append(move)
        return groups


class _Rollback(Exception):
    def __init__(self, plan: Plan):
        self.plan = plan


def _statuses(workshop: Workshop) -> dict[int, str]:
    return dict(Registration.objects.filter(workshop=workshop).values_list("pk", "status"))


def _run(workshop: Workshop, action: str, capacity_after: int, step: Callable[[], dict[int, str]]) -> Plan:
    """Run ``step`` (which returns the refusals of ticked registrations, by pk, and ticks them all by
    appearing in it with "" when done) under the workshop's lock and say what it changed."""
    locked = seats.lock_workshop(workshop.pk)
    capacity_before = locked.capacity
    before = _statuses(locked)
    chosen = step()
    after = _statuses(locked)
    moved = [pk for pk in after if after[pk] != before.get(pk) and pk not in chosen]
    people = Registration.objects.select_related("person", "member_state").in_bulk([*chosen, *moved])
    moves = [
        Move(registration=people[pk], before=before[pk], after=after[pk], chosen=True, refused=refusal)
        for pk, refusal in chosen.items()
    ]
    moves += sorted(
        (Move(registration=people[pk], before=before[pk], after=after[pk], chosen=False) for pk in moved),
        key=lambda m: (m.registration.created_at, m.registration.pk),
    )
    return Plan(action=action, capacity_before=capacity_before, capacity_after=capacity_after, moves=moves)


def _plan_or_apply(run: Callable[[], Plan], *, dry_run: bool, expected_plan: str | None) -> Plan:
    if dry_run:
        try:
            with transaction.atomic():
                raise _Rollback(run())
        except _Rollback as rollback:
            return rollback.plan
    with transaction.atomic():
        plan = run()
        if expected_plan is not None and plan.fingerprint != expected_plan:
            # Raising rolls back everything the run did: nothing half-applied, nobody e-mailed.
            raise ValidationError(
                _(
                    "What this would do has changed since you looked (another decision or registration came in). "
                    "Nothing was changed: look at it again and confirm."
                ),
                code=STALE,
            )
    return plan


# --- Bulk decisions -------------------------------------------------------------------------


def _bulk(
    *, workshop: Workshop, registrations: Iterable[Registration], action: str, by: User, reason: str
) -> Callable[[], Plan]:
    if action not in BULK_ACTIONS:
        raise ValidationError(_("Unknown action."))
    if action == "decline" and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for declining; it is sent to the participants.")})
    pks = {registration.pk for registration in registrations}

    def step() -> dict[int, str]:
        refusals: dict[int, str] = {}
        ticked = Registration.objects.filter(workshop=workshop, pk__in=pks).order_by("created_at", "pk")
        for registration in ticked:
            try:
                if action == "confirm":
                    confirm_registration(registration=registration, by=by)
                elif action == "waitlist":
                    waitlist_registration(registration=registration, by=by)
                else:
                    decline_registration(registration=registration, by=by, reason=reason)
                refusals[registration.pk] = ""
            except ValidationError as error:
                refusals[registration.pk] = " ".join(error.messages)
        return refusals

    return lambda: _run(workshop, action, workshop.capacity, step)


def plan_bulk_decision(
    *, workshop: Workshop, registrations: Iterable[Registration], action: str, by: User, reason: str = ""
) -> Plan:
    """What a bulk decision would do to each ticked registration and to the waiting list; changes nothing."""
    run = _bulk(workshop=workshop, registrations=registrations, action=action, by=by, reason=reason)
    return _plan_or_apply(run, dry_run=True, expected_plan=None)


def bulk_decide(
    *,
    workshop: Workshop,
    registrations: Iterable[Registration],
    action: str,
    by: User,
    reason: str = "",
    expected_plan: str | None = None,
) -> Plan:
    """Apply one decision to many registrations of one workshop, in arrival order, all at once under
    the workshop's lock; with ``expected_plan``, only if it still does what the plan said."""
    run = _bulk(workshop=workshop, registrations=registrations, action=action, by=by, reason=reason)
    return _plan_or_apply(run, dry_run=False, expected_plan=expected_plan)


# --- Seats ----------------------------------------------------------------------------------


def _capacity(*, workshop: Workshop, capacity: int, by: User) -> Callable[[], Plan]:
    if not 0 <= capacity <= MAX_CAPACITY:
        raise ValidationError({"capacity": _("The seats must be between 0 and %(max)d.") % {"max": MAX_CAPACITY}})

    def run() -> Plan:
        def step() -> dict[int, str]:
            locked = seats.lock_workshop(workshop.pk)
            taken = seats.seats_taken(locked)
            if capacity < taken:
                raise ValidationError(
                    {
                        "capacity": _("%(taken)d participants are already confirmed; the capacity cannot be lower.")
                        % {"taken": taken}
                    }
                )
            before = locked.capacity
            locked.capacity = capacity
            locked.save(update_fields=["capacity", "updated_at"])
            if before != capacity:
                record_seats(workshop=locked, before=before, after=capacity, by=by)
            promote_waitlisted(locked, by=by)
            return {}

        return _run(workshop, "seats", capacity, step)

    return run


def plan_capacity(*, workshop: Workshop, capacity: int, by: User) -> Plan:
    """Who a change of the seats would move from the waiting list to confirmed; changes nothing."""
    return _plan_or_apply(_capacity(workshop=workshop, capacity=capacity, by=by), dry_run=True, expected_plan=None)


def change_capacity(*, workshop: Workshop, capacity: int, by: User, expected_plan: str | None = None) -> Workshop:
    """Raise or lower the seats. Never below the confirmed count; a raise promotes the waiting list
    (with ``expected_plan``, only the people the plan named)."""
    _plan_or_apply(_capacity(workshop=workshop, capacity=capacity, by=by), dry_run=False, expected_plan=expected_plan)
    return Workshop.objects.get(pk=workshop.pk)
