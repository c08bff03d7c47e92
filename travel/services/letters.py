"""Invitation and visa support letters: asked by the traveller or their focal point, reviewed by the
secretariat (approved or refused with a reason), revoked by the secretariat or by the cancellation of
the registration.

Each decision takes the letter's row lock (and the travel file's), so two reviewers cannot both decide
one letter, and writes an audit entry in the same transaction. An approved letter gets its reference
(``IDM/2010/L/7``, numbered under the series' row lock) and a random verification code
(``directory.codes``); ``signals.letter_approved`` lets the document workers render it (documents asks
for the job in the same transaction). The traveller is told after commit, in their language.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.codes import new_code
from directory.models import User
from workshops.models import HOLDS_SEAT, Registration

from .. import progress
from ..models import InvitationLetter, LetterSeries, TravelFile
from ..signals import letter_approved
from .common import A, K, audit, lock_travel_file, mail_traveller, snapshot

L = InvitationLetter.Status
OPEN = (L.REQUESTED, L.APPROVED)
MAX_TEXT = 2000  # a note or a reason: a few paragraphs, never a document
LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def lock_letter(letter: InvitationLetter) -> InvitationLetter:
    return InvitationLetter.objects.select_for_update(of=("self",)).select_related("travel_file").get(pk=letter.pk)


def _clean_text(value: str, *, field: str, required: bool) -> str:
    value = (value or "").replace("\x00", "").strip()
    if required and not value:
        raise ValidationError({field: _("Give the reason; it is sent to the traveller.")})
    if len(value) > MAX_TEXT:
        raise ValidationError({field: _("At most %(n)d characters.") % {"n": MAX_TEXT}})
    return value


def _ready_for_a_letter(travel_file: TravelFile) -> None:
    """A letter states the passport details and a seat at a workshop still to come."""
    registration = travel_file.registration
    if travel_file.is_erased:
        raise ValidationError(_("The traveller's details were erased after the workshop: no letter can be issued."))
    if registration.status not in HOLDS_SEAT:
        raise ValidationError(_("A letter is issued for a confirmed registration only."))
    if registration.workshop.end_date < timezone.localdate():
        raise ValidationError(_("The workshop is over: no letter is issued for it any more."))
    missing = progress.missing_details(travel_file)
    if missing:
        raise ValidationError(
            _("The letter needs the traveller's details first: %(missing)s.") % {"missing": ", ".join(missing)}
        )


def _still_requested(letter: InvitationLetter) -> None:
    if letter.status != L.REQUESTED:
        status = letter.get_status_display()
        raise ValidationError(_("This letter was already decided (%(status)s).") % {"status": status})


def letter_snapshot(letter: InvitationLetter) -> dict[str, str]:
    return {**snapshot(letter), "status": letter.get_status_display()}


def _audit_letter(letter: InvitationLetter, *, by: User | None, before: dict, reason: str = "") -> None:
    audit(
        by=by,
        kind=K.LETTER,
        action=A.CHANGED if before else A.CREATED,
        object_id=letter.pk,
        travel_file=letter.travel_file,
        summary=str(letter),
        before=before,
        after=letter_snapshot(letter),
        reason=reason,
    )


@transaction.atomic
def request_letter(*, travel_file: TravelFile, by: User, language: str, note: str = "") -> InvitationLetter:
    """The traveller (or their focal point) asks for a letter in one of the portal's languages. One
    letter at a time: while one is waiting or valid, another is refused."""
    travel_file = lock_travel_file(travel_file)
    if language not in LANGUAGE_CODES:
        raise ValidationError({"language": _("Choose English, French or Spanish.")})
    note = _clean_text(note, field="note", required=False)
    _ready_for_a_letter(travel_file)
    current = travel_file.letters.filter(status__in=OPEN).first()
    if current is not None:
        if current.status == L.REQUESTED:
            raise ValidationError(_("A letter was already asked for; the secretariat is reviewing it."))
        raise ValidationError(_("This traveller already has a valid letter (%(ref)s).") % {"ref": current.reference})
    letter = InvitationLetter.objects.create(travel_file=travel_file, language=language, requested_by=by, note=note)
    _audit_letter(letter, by=by, before={})
    return letter


def _next_reference(year: int) -> str:
    series, _created = LetterSeries.objects.get_or_create(year=year)
    series = LetterSeries.objects.select_for_update().get(pk=series.pk)
    number = series.next_number
    series.next_number = number + 1
    series.save(update_fields=["next_number"])
    return "IDM/%d/L/%d" % (year, number)


@transaction.atomic
def approve_letter(*, letter: InvitationLetter, by: User) -> InvitationLetter:
    """Approve a requested letter: its reference, its verification code, the date of issue; the render
    is asked for through ``letter_approved``; the traveller is told the letter is ready."""
    letter = lock_letter(letter)
    _still_requested(letter)
    travel_file = lock_travel_file(letter.travel_file)
    letter.travel_file = travel_file
    _ready_for_a_letter(travel_file)
    before = letter_snapshot(letter)
    letter.status = L.APPROVED
    letter.reference = _next_reference(travel_file.registration.workshop.start_date.year)
    letter.verification_code = new_code()
    letter.issued_on = timezone.localdate()
    letter.decided_by = by
    letter.decided_at = timezone.now()
    letter.save()
    _audit_letter(letter, by=by, before=before)
    letter_approved.send(sender=InvitationLetter, letter=letter, by=by)
    mail_traveller(travel_file, "letter_ready", letter=letter)
    return letter


@transaction.atomic
def refuse_letter(*, letter: InvitationLetter, by: User, reason: str) -> InvitationLetter:
    """Refuse a requested letter with the reason the traveller is sent."""
    reason = _clean_text(reason, field="reason", required=True)
    letter = lock_letter(letter)
    _still_requested(letter)
    letter.travel_file = lock_travel_file(letter.travel_file)
    before = letter_snapshot(letter)
    letter.status = L.REFUSED
    letter.reason = reason
    letter.decided_by = by
    letter.decided_at = timezone.now()
    letter.save()
    _audit_letter(letter, by=by, before=before, reason=reason)
    mail_traveller(letter.travel_file, "letter_refused", letter=letter)
    return letter


@transaction.atomic
def revoke_letter(*, letter: InvitationLetter, by: User | None, reason: str) -> InvitationLetter:
    """A valid letter stops being valid: the public verification page says "revoked" from now on."""
    reason = _clean_text(reason, field="reason", required=True)
    letter = lock_letter(letter)
    if letter.status != L.APPROVED:
        raise ValidationError(_("Only a valid letter can be revoked."))
    letter.travel_file = lock_travel_file(letter.travel_file)
    before = letter_snapshot(letter)
    letter.status = L.REVOKED
    letter.reason = reason
    letter.revoked_at = timezone.now()
    letter.save()
    _audit_letter(letter, by=by, before=before, reason=reason)
    mail_traveller(letter.travel_file, "letter_revoked", letter=letter)
    return letter


def revoke_letters_of_registration(*, registration: Registration) -> list[int]:
    """A registration that no longer holds a seat (cancelled, declined) has no valid letter: each one
    is revoked, in the caller's transaction. Returns the letters revoked."""
    revoked = []
    valid = InvitationLetter.objects.filter(travel_file__registration=registration, status=L.APPROVED)
    for letter in valid.order_by("pk"):
        revoke_letter(
            letter=letter,
            by=None,
            reason=_("The registration was %(status)s.") % {"status": registration.get_status_display().lower()},
        )
        revoked.append(letter.pk)
    return revoked
