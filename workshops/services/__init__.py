"""The workshops' rules, by concern: registering and changing a registration (``registration``), the
secretariat's decisions (``decisions``), actions on many registrations planned before they are
applied (``plans``), the seat lock (``seats``), the history (``history``), the participant's e-mails
(``mail``) and the programme's records (``programme``). Callers import them from here."""

from .decisions import (
    confirm_registration,
    decide_funding,
    decline_registration,
    mark_attended,
    promote_waitlisted,
    waitlist_registration,
)
from .history import record_changes, record_seats, snapshot
from .mail import mail_participant
from .plans import BULK_ACTIONS, STALE, Move, Plan, bulk_decide, change_capacity, plan_bulk_decision, plan_capacity
from .programme import (
    add_agenda_speaker,
    delete_agenda_item,
    delete_workshop_document,
    move_agenda_item,
    remove_agenda_speaker,
    save_agenda_item,
    save_workshop,
    save_workshop_document,
    save_year,
    upload_workshop_document,
)
from .registration import (
    add_delegation_member,
    cancel_registration,
    change_registration,
    current_head_of_delegation,
    register_new_delegation_member,
    request_registration,
)
from .seats import funded_seats_taken, lock_workshop, seats_taken

__all__ = [
    "BULK_ACTIONS",
    "STALE",
    "Move",
    "Plan",
    "add_agenda_speaker",
    "add_delegation_member",
    "bulk_decide",
    "cancel_registration",
    "change_capacity",
    "change_registration",
    "confirm_registration",
    "current_head_of_delegation",
    "decide_funding",
    "decline_registration",
    "delete_agenda_item",
    "delete_workshop_document",
    "funded_seats_taken",
    "lock_workshop",
    "mail_participant",
    "mark_attended",
    "move_agenda_item",
    "plan_bulk_decision",
    "plan_capacity",
    "promote_waitlisted",
    "record_changes",
    "record_seats",
    "register_new_delegation_member",
    "remove_agenda_speaker",
    "request_registration",
    "save_agenda_item",
    "save_workshop",
    "save_workshop_document",
    "save_year",
    "seats_taken",
    "snapshot",
    "upload_workshop_document",
    "waitlist_registration",
]
