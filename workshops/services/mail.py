"""The participant's e-mails about their registration, in each recipient's language.

The e-mails a registration sends (confirmed, waitlisted, received) differ from one participant to the
next of the same workshop only by the participant's name and member state: each process renders
each of them once per event, language, funding request and version of the workshop's row, with
stand-ins in those two places, and fills in each participant's (``_FRAMED``). The templates see only
what the stand-ins hold (the name, the state, the funding request): tests/workshops/test_emails.py
renders every framed e-mail both ways and finds them equal, so a template that reads anything else
of the participant fails there, not in a mail."""

import re
from types import SimpleNamespace

from django.conf import settings
from django.utils import translation

from directory import outbox
from directory.mail import RenderedMail, mail_texts, rendered_mail, rewrite_mail, send_rendered_on_commit
from directory.models import OutboxMail
from workshops.ics import workshop_calendar
from workshops.models import Registration, Workshop

# Every confirmation of a workshop attaches the same calendar: each process builds it once per
# language and version of the workshop's row (all its fields in the key), and keeps the last few.
_calendars: dict[str, str] = {}
CALENDARS_KEPT = 64


def calendar_of(workshop: Workshop, language: str) -> str:
    """The workshop's iCalendar entry in ``language`` (titles and venue translated)."""
    row = [getattr(workshop, field.attname) for field in Workshop._meta.concrete_fields]
    key = repr((language, settings.PUBLIC_URL, row))
    calendar = _calendars.get(key)
    if calendar is None:
        with translation.override(language):
            calendar = workshop_calendar([workshop], base_url=settings.PUBLIC_URL)
        if len(_calendars) >= CALENDARS_KEPT:
            _calendars.clear()
        _calendars[key] = calendar
    return calendar


def participant_mails(registration: Registration, event: str) -> list[RenderedMail]:
    """One message per language: the participant in theirs, whoever registered them in their own.
    Rendered only: ``mail_participant`` writes them to the outbox."""
    person = registration.person
    by = registration.registered_by
    own_email = person.email or (person.user.email if person.user_id else "")
    # Someone without an account has no language on record: the one of who registered them.
    own_language = person.user.preferred_language if person.user_id else by.preferred_language
    by_language: dict[str, set[str]] = {}
    for email, language in ((own_email, own_language), (by.email, by.preferred_language)):
        if email and not any(email in emails for emails in by_language.values()):
            by_language.setdefault(language, set()).add(email)
    mails = []
    for language, emails in sorted(by_language.items()):
        attachments = ()
        if event in ("confirmed", "promoted"):
            attachments = [("workshop.ics", calendar_of(registration.workshop, language), "text/calendar")]
        mails.append(rendered_mail(*_texts(registration, event, language), sorted(emails), attachments))
    return mails


_FRAMED = ("confirmed", "waitlisted", "received")
_NAME, _STATE = "\x1fidm-participant\x1f", "\x1fidm-member-state\x1f"
_STAND_INS = re.compile("%s|%s" % (re.escape(_NAME), re.escape(_STATE)))
_frames: dict[str, tuple[str, str]] = {}
FRAMES_KEPT = 64


def _texts(registration: Registration, event: str, language: str) -> tuple[str, str]:
    template = "workshops/email/registration_%s" % event
    person = registration.person
    if event not in _FRAMED:
        context = {"registration": registration, "workshop": registration.workshop, "person": person}
        return mail_texts(template=template, context=context, language=language)
    workshop = registration.workshop
    row = [getattr(workshop, field.attname) for field in Workshop._meta.concrete_fields]
    key = repr((event, language, registration.funding, row))
    frame = _frames.get(key)
    if frame is None:
        context = {
            "registration": SimpleNamespace(funding=registration.funding, member_state=_STATE),
            "workshop": workshop,
            "person": SimpleNamespace(full_name=_NAME),
        }
        frame = mail_texts(template=template, context=context, language=language)
        if len(_frames) >= FRAMES_KEPT:
            _frames.clear()
        _frames[key] = frame
    with translation.override(language):  # as the template writes them
        values = {_NAME: str(person.full_name), _STATE: str(registration.member_state)}
    return tuple(_STAND_INS.sub(lambda found: values[found.group()], text) for text in frame)


def send_mails(mails: list[RenderedMail]) -> list[OutboxMail]:
    """Into the outbox, in the caller's transaction."""
    return [send_rendered_on_commit(mail) for mail in mails]


def outbox_rows(mails: list[RenderedMail]) -> list[OutboxMail]:
    """Their outbox rows, not written: the statement that decides the seat writes them with the
    registration (seats.lock_and_decide)."""
    return [outbox.new_row(**mail._asdict()) for mail in mails]


def rewrite_mails(rows: list[OutboxMail], mails: list[RenderedMail]) -> None:
    """The rows ``send_mails`` wrote earlier in this transaction, with other text (the same recipients)."""
    for row, mail in zip(rows, mails, strict=True):
        rewrite_mail(row, mail)


def mail_participant(registration: Registration, event: str) -> None:
    send_mails(participant_mails(registration, event))
