"""The participant's e-mails about their registration, in each recipient's language."""

from django.conf import settings
from django.utils import translation

from directory.mail import RenderedMail, render_mail, send_rendered_on_commit
from workshops.ics import workshop_calendar
from workshops.models import Registration


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
            with translation.override(language):  # the calendar's titles in the message's language
                attachments = [
                    (
                        "workshop.ics",
                        workshop_calendar([registration.workshop], base_url=settings.PUBLIC_URL),
                        "text/calendar",
                    )
                ]
        mails.append(
            render_mail(
                template=f"workshops/email/registration_{event}",
                context={"registration": registration, "workshop": registration.workshop, "person": person},
                to=sorted(emails),
                language=language,
                attachments=attachments,
            )
        )
    return mails


def send_mails(mails: list[RenderedMail]) -> None:
    """Into the outbox, in the caller's transaction."""
    for mail in mails:
        send_rendered_on_commit(mail)


def mail_participant(registration: Registration, event: str) -> None:
    send_mails(participant_mails(registration, event))
