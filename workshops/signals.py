"""Changes that the public workshop pages show: each one gives their cached fragments a new version; a
registration also gives its workshop's queue counts one, and a workshop the rows' version (the
decisions each process keeps, workshops/cache.py ``decided``)."""

from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import Signal

from directory.models import Person

from . import cache
from .models import AgendaItem, AgendaSpeaker, DialogueYear, Registration, Workshop, WorkshopDocument

# Users too: a profile change renames the user's Person with a queryset update, which sends no signal,
# right after saving the user, in the same transaction.
# Sent by ``services.decide_funding`` inside its transaction when funded participation is approved, with
# ``registration`` and ``by``. Higher apps (travel opens the travel file) receive it: this app never
# names them, and whatever they write is committed or rolled back with the decision.
funded_participation_approved = Signal()
# Sent by ``attendance.check_in`` inside its transaction when a participant is checked in for a day,
# with ``registration``, ``attendance`` and ``by``: travel marks the funded traveller as attended.
participant_checked_in = Signal()

SHOWN = (Workshop, DialogueYear, Registration, AgendaItem, AgendaSpeaker, WorkshopDocument, Person)


NAMES = {"first_name", "last_name"}


def _changed(sender, **kwargs) -> None:
    cache.invalidate()


def _workshop_changing(sender, **kwargs) -> None:
    cache.renew_rows()


def _workshop_changed(sender, **kwargs) -> None:
    cache.invalidate_rows()


def _registration_changed(sender, instance, **kwargs) -> None:
    cache.invalidate_queue(instance.workshop_id)


def _user_changed(sender, update_fields=None, **kwargs) -> None:
    if update_fields is None or NAMES & set(update_fields):  # not at every log-in (last_login)
        cache.invalidate()


def connect() -> None:
    # Higher apps whose records these pages show (funding's donor acknowledgements) connect their own
    # models to cache.invalidate: this app never names them.
    for model in SHOWN:
        post_save.connect(_changed, sender=model, dispatch_uid="workshops-public-cache")
        post_delete.connect(_changed, sender=model, dispatch_uid="workshops-public-cache")
    post_save.connect(_user_changed, sender=settings.AUTH_USER_MODEL, dispatch_uid="workshops-public-cache")
    pre_save.connect(_workshop_changing, sender=Workshop, dispatch_uid="workshops-rows")
    pre_delete.connect(_workshop_changing, sender=Workshop, dispatch_uid="workshops-rows")
    post_save.connect(_workshop_changed, sender=Workshop, dispatch_uid="workshops-rows")
    post_delete.connect(_workshop_changed, sender=Workshop, dispatch_uid="workshops-rows")
    post_save.connect(_registration_changed, sender=Registration, dispatch_uid="workshops-queue-counts")
    post_delete.connect(_registration_changed, sender=Registration, dispatch_uid="workshops-queue-counts")
