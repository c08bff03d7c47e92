"""Writing to a workshop's participants: one message, to all or a filtered set, each in their language.

The recipients are chosen by the same query the preview counted (``queries.message_recipients``);
sending refuses when that number changed since the preview, so the secretariat never sends to a
set it has not seen. Every recipient's e-mail is a row of the mail outbox written in this
transaction (``directory.mail``): each is sent once by a worker, even if one dies on the way.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from directory.mail import send_mail_on_commit
from directory.models import Affiliation, User
from directory.translation import ORIGINAL, companion

from . import queries
from .models import MessageRecipient, ParticipantMessage, Registration, Workshop

LANGUAGES = ("en", "fr", "es")


def language_of(registration: Registration) -> str:
    """The participant's preferred language, English for someone without a portal account."""
    user = registration.person.user
    language = user.preferred_language if user is not None else ORIGINAL
    return language if language in LANGUAGES else ORIGINAL


def text_in(texts: dict[str, str], field: str, language: str) -> str:
    """``field`` in ``language``, English where the translation is missing."""
    if language == ORIGINAL:
        return texts[field]
    return texts.get(companion(field, language), "").strip() or texts[field]


def focal_points_by_state(state_ids: set[int]) -> dict[int, list[str]]:
    """The focal points' addresses of each member state: one query."""
    found: dict[int, list[str]] = {}
    rows = Affiliation.objects.filter(
        member_state_id__in=state_ids, status=Affiliation.Status.APPROVED, is_focal_point=True
    ).values_list("member_state_id", "user__email")
    for state_id, email in rows:
        found.setdefault(state_id, []).append(email)
    return found


@transaction.atomic
def send_participant_message(
    *,
    workshop: Workshop,
    by: User,
    filters: dict,
    texts: dict[str, str],
    copy_focal_points: bool,
    expected_count: int,
) -> ParticipantMessage:
    """Write the message and one outbox e-mail per recipient, in their language; returns the message.
    ``texts`` holds subject and body (English, required) and their ``_fr``/``_es`` translations."""
    if not texts.get("subject", "").strip() or not texts.get("body", "").strip():
        raise ValidationError(_("Write the subject and the message in English at least."))
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)  # one send at a time per workshop
    recipients = list(queries.message_recipients(workshop=workshop, **filters))
    if len(recipients) != expected_count:
        raise ValidationError(
            _("The recipients changed since the preview: %(now)d now instead of %(then)d. Look at the preview again.")
            % {"now": len(recipients), "then": expected_count}
        )
    if not recipients:
        raise ValidationError(_("Nobody matches these filters: there is no one to write to."))
    message = ParticipantMessage.objects.create(
        workshop=workshop,
        filters=filters,
        copy_focal_points=copy_focal_points,
        recipient_count=len(recipients),
        sent_by=by,
        **{key: value.strip() for key, value in texts.items()},
    )
    copies = focal_points_by_state({r.member_state_id for r in recipients}) if copy_focal_points else {}
    rows = []
    for registration in recipients:
        language = language_of(registration)
        email = registration.recipient_email
        copied = sorted(set(copies.get(registration.member_state_id, [])) - {email})
        mail = send_mail_on_commit(
            template="workshops/email/participant_message",
            context={
                "subject": text_in(texts, "subject", language),
                "body": text_in(texts, "body", language),
                "workshop": workshop,
                "registration": registration,
            },
            to=[email, *copied],
            language=language,
        )
        rows.append(
            MessageRecipient(
                message=message, registration=registration, email=email, language=language, copied_to=copied, mail=mail
            )
        )
    MessageRecipient.objects.bulk_create(rows)
    return message
