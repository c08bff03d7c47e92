"""Registration rules. Seats are decided under a row lock on the workshop, so on PostgreSQL
capacity is never exceeded whatever the concurrency; the waiting list is in arrival order."""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from directory import roles
from directory.mail import send_mail_on_commit
from directory.models import MemberState, Person, User
from directory.uploads import CONTENT_TYPES, check_document, original_name

from .ics import workshop_calendar
from .models import (
    ACTIVE,
    HOLDS_FUNDED_SEAT,
    HOLDS_SEAT,
    AgendaItem,
    AgendaSpeaker,
    DialogueYear,
    Registration,
    Workshop,
    WorkshopDocument,
)
from .signals import funded_participation_approved

S = Registration.Status


def lock_workshop(workshop_id: int) -> Workshop:
    """Take the workshop's row lock: every seat decision for one workshop happens one at a time."""
    return Workshop.objects.select_for_update().get(pk=workshop_id)


def seats_taken(workshop: Workshop) -> int:
    return workshop.registrations.filter(status__in=HOLDS_SEAT).count()


def funded_seats_taken(workshop: Workshop) -> int:
    return workshop.registrations.filter(HOLDS_FUNDED_SEAT).count()


# --- Registration -------------------------------------------------------------------------------


@transaction.atomic
def request_registration(
    *,
    workshop: Workshop,
    person: Person,
    by: User,
    consent_to_publish: bool = False,
    head_of_delegation: bool = False,
    note_verbale: UploadedFile | None = None,
    request_funding: bool = False,
    travel_from: str = "",
    funding_reason: str = "",
) -> Registration:
    """Register a person: confirmed at once while seats are free (or pending when the workshop
    needs approval), waitlisted when full. Mails the participant after commit."""
    state = _acting_state(by=by, person=person)
    if head_of_delegation and not roles.is_focal_point(by):
        raise ValidationError(_("Only the focal point marks the head of delegation."))
    workshop = lock_workshop(workshop.pk)
    if not workshop.registration_is_open():
        raise ValidationError(_("Registration for this workshop is not open."))
    # One row per person and workshop (a constraint); a cancelled one is taken up again, at the back of the queue.
    registration = Registration.objects.select_for_update().filter(workshop=workshop, person=person).first()
    if registration is not None and registration.status != S.CANCELLED:
        raise ValidationError(_("%(person)s is already registered for this workshop.") % {"person": person})
    if request_funding:
        if not state.eligible_for_funding:
            raise ValidationError(_("%(state)s is not eligible for funded participation.") % {"state": state})
        if not travel_from.strip():
            raise ValidationError({"travel_from": _("Say where the participant would travel from.")})
    if note_verbale is not None:
        kind = check_document(note_verbale, allowed=("pdf",))
        note_verbale.name = f"note-verbale.{kind}"
    fields = {
        "member_state": state,
        "registered_by": by,
        "consent_to_publish": consent_to_publish,
        "is_head_of_delegation": head_of_delegation,
        "funding": Registration.Funding.REQUESTED if request_funding else Registration.Funding.NOT_REQUESTED,
        "travel_from": travel_from.strip() if request_funding else "",
        "funding_reason": funding_reason.strip() if request_funding else "",
        "funding_decision_reason": "",
        "reason": "",
        "decided_by": None,
        "decided_at": None,
    }
    if registration is None:
        registration = Registration(workshop=workshop, person=person, **fields)
    else:
        for name, value in fields.items():
            setattr(registration, name, value)
        registration.created_at = timezone.now()  # arrival order restarts with the new request
    if note_verbale is not None:
        registration.note_verbale = note_verbale
    if workshop.requires_approval:
        registration.status = S.PENDING
    elif seats_taken(workshop) < workshop.capacity:
        registration.status = S.CONFIRMED
    else:
        registration.status = S.WAITLISTED
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as error:  # the same person submitted twice at once
        raise ValidationError(_("%(person)s is already registered for this workshop.") % {"person": person}) from error
    if head_of_delegation:
        _single_head_of_delegation(registration)
    _mail_participant(registration, "received" if registration.status == S.PENDING else registration.status)
    return registration


@transaction.atomic
def confirm_registration(*, registration: Registration, by: User) -> Registration:
    """Confirm if a seat is free (row lock on the workshop), else waitlist."""
    workshop = lock_workshop(registration.workshop_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in (S.PENDING, S.WAITLISTED, S.DECLINED):
        raise ValidationError(_("Only a pending, waitlisted or declined registration can be confirmed."))
    previous = registration.status
    registration.status = S.CONFIRMED if seats_taken(workshop) < workshop.capacity else S.WAITLISTED
    registration.reason = ""
    _decided(registration, by)
    if registration.status != previous:
        _mail_participant(registration, registration.status)
    return registration


@transaction.atomic
def waitlist_registration(*, registration: Registration, by: User) -> Registration:
    workshop = lock_workshop(registration.workshop_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in (S.PENDING, S.CONFIRMED):
        raise ValidationError(_("Only a pending or confirmed registration can be waitlisted."))
    was_confirmed = registration.status == S.CONFIRMED
    registration.status = S.WAITLISTED
    registration.reason = ""
    _decided(registration, by)
    _mail_participant(registration, "waitlisted")
    if was_confirmed:
        _promote_waitlisted(workshop, exclude=registration.pk)
    return registration


@transaction.atomic
def decline_registration(*, registration: Registration, by: User, reason: str) -> Registration:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for declining; it is sent to the participant.")})
    workshop = lock_workshop(registration.workshop_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in (S.PENDING, S.WAITLISTED, S.CONFIRMED):
        raise ValidationError(_("This registration can no longer be declined."))
    was_confirmed = registration.status == S.CONFIRMED
    registration.status = S.DECLINED
    registration.reason = reason.strip()
    _decided(registration, by)
    _mail_participant(registration, "declined")
    if was_confirmed:
        _promote_waitlisted(workshop)
    return registration


@transaction.atomic
def cancel_registration(*, registration: Registration, by: User) -> Registration:
    """The participant (or their focal point, or the secretariat) cancels; the first waitlisted moves up."""
    workshop = lock_workshop(registration.workshop_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in ACTIVE:
        raise ValidationError(_("This registration cannot be cancelled."))
    was_confirmed = registration.status == S.CONFIRMED
    registration.status = S.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    _mail_participant(registration, "cancelled")
    if was_confirmed:
        _promote_waitlisted(workshop)
    return registration


@transaction.atomic
def mark_attended(*, registration: Registration, by: User) -> Registration:
    registration = Registration.objects.select_for_update().select_related("workshop").get(pk=registration.pk)
    if registration.status != S.CONFIRMED:
        raise ValidationError(_("Only a confirmed participant can be marked as attended."))
    if registration.workshop.start_date > timezone.localdate():
        raise ValidationError(_("Attendance is recorded once the workshop has started."))
    registration.status = S.ATTENDED
    _decided(registration, by)
    return registration


BULK_ACTIONS = {"confirm", "waitlist", "decline"}


def bulk_decide(*, registrations: Iterable[Registration], action: str, by: User, reason: str = "") -> dict[str, int]:
    """Apply one decision to many registrations, each in its own transaction, in arrival order."""
    if action not in BULK_ACTIONS:
        raise ValidationError(_("Unknown action."))
    if action == "decline" and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for declining; it is sent to the participants.")})
    done, skipped = 0, 0
    for registration in sorted(registrations, key=lambda r: (r.created_at, r.pk)):
        try:
            if action == "confirm":
                confirm_registration(registration=registration, by=by)
            elif action == "waitlist":
                waitlist_registration(registration=registration, by=by)
            else:
                decline_registration(registration=registration, by=by, reason=reason)
            done += 1
        except ValidationError:
            skipped += 1
    return {"done": done, "skipped": skipped}


@transaction.atomic
def change_capacity(*, workshop: Workshop, capacity: int, by: User) -> Workshop:
    """Raise or lower the seats. Never below the confirmed count; a raise promotes the waiting list."""
    workshop = lock_workshop(workshop.pk)
    taken = seats_taken(workshop)
    if capacity < taken:
        raise ValidationError(
            {
                "capacity": _("%(taken)d participants are already confirmed; the capacity cannot be lower.")
                % {"taken": taken}
            }
        )
    workshop.capacity = capacity
    workshop.save(update_fields=["capacity", "updated_at"])
    _promote_waitlisted(workshop)
    return workshop


def _promote_waitlisted(workshop: Workshop, exclude: int | None = None) -> list[Registration]:
    """Inside the workshop's lock: fill free seats from the waiting list, first come first served."""
    free = workshop.capacity - seats_taken(workshop)
    if free <= 0:
        return []
    waiting = workshop.registrations.select_for_update().filter(status=S.WAITLISTED).order_by("created_at", "pk")
    if exclude is not None:
        waiting = waiting.exclude(pk=exclude)
    promoted = list(waiting[:free])
    for registration in promoted:
        registration.status = S.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        _mail_participant(registration, "promoted")
    return promoted


# --- Funded participation -------------------------------------------------------------------


@transaction.atomic
def decide_funding(*, registration: Registration, by: User, approve: bool, reason: str = "") -> Registration:
    """Approve within the workshop's funded seats, or refuse with a reason."""
    workshop = lock_workshop(registration.workshop_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.funding != Registration.Funding.REQUESTED:
        raise ValidationError(_("There is no open request for funded participation on this registration."))
    if registration.status in (S.CANCELLED, S.DECLINED):
        raise ValidationError(_("The registration is no longer active."))
    if approve:
        if not registration.member_state.eligible_for_funding:
            raise ValidationError(
                _("%(state)s is not eligible for funded participation.") % {"state": registration.member_state}
            )
        if workshop.funded_seats == 0:
            raise ValidationError(_("This workshop has no funded seats."))
        if funded_seats_taken(workshop) >= workshop.funded_seats:
            raise ValidationError(
                _("All %(seats)d funded seats of this workshop are taken.") % {"seats": workshop.funded_seats}
            )
        registration.funding = Registration.Funding.APPROVED
    else:
        if not reason.strip():
            raise ValidationError({"reason": _("Give the reason for refusing; it is sent to the participant.")})
        registration.funding = Registration.Funding.REFUSED
    registration.funding_decision_reason = reason.strip()
    registration.save(update_fields=["funding", "funding_decision_reason", "updated_at"])
    _mail_participant(registration, "funding_decided")
    if approve:
        funded_participation_approved.send(sender=Registration, registration=registration, by=by)
    return registration


# --- Delegations ----------------------------------------------------------------------------


@transaction.atomic
def add_delegation_member(
    *, by: User, given_name: str, family_name: str, position: str = "", email: str = "", honorific: str = ""
) -> Person:
    """A focal point adds a new member of the state's delegation to the directory."""
    if not roles.is_focal_point(by):
        raise ValidationError(_("Only the focal point of a member state can add members of its delegation."))
    return Person.objects.create(
        honorific=honorific,
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        position=position.strip(),
        email=email.strip(),
        member_state=roles.delegate_state(by),
    )


@transaction.atomic
def register_new_delegation_member(
    *,
    workshop: Workshop,
    by: User,
    given_name: str,
    family_name: str,
    position: str = "",
    email: str = "",
    honorific: str = "",
    **registration_options,
) -> Registration:
    """A focal point adds a new person to the delegation and registers them, all or nothing."""
    person = add_delegation_member(
        by=by, given_name=given_name, family_name=family_name, position=position, email=email, honorific=honorific
    )
    return request_registration(workshop=workshop, person=person, by=by, **registration_options)


# --- Secretariat: years, workshops, agenda, documents ---------------------------------------


@transaction.atomic
def save_year(*, year: DialogueYear) -> DialogueYear:
    if year.is_current:
        DialogueYear.objects.exclude(pk=year.pk).filter(is_current=True).update(is_current=False)
    year.save()
    return year


@transaction.atomic
def save_workshop(*, workshop: Workshop, by: User) -> Workshop:
    """Create or edit a workshop; a capacity change goes through the seat rules."""
    if not workshop.slug:
        workshop.slug = _unique_slug(workshop.title)
    if workshop.pk is None:
        workshop.save()
        return workshop
    new_capacity = workshop.capacity
    current = lock_workshop(workshop.pk)
    workshop.capacity = current.capacity
    workshop.save()
    if new_capacity != current.capacity:
        change_capacity(workshop=workshop, capacity=new_capacity, by=by)
        workshop.refresh_from_db()
    return workshop


@transaction.atomic
def move_agenda_item(*, item: AgendaItem, direction: int) -> None:
    """Move an item one place up (-1) or down (+1) in the running order."""
    items = list(AgendaItem.objects.select_for_update().filter(workshop_id=item.workshop_id))
    index = next(i for i, candidate in enumerate(items) if candidate.pk == item.pk)
    other = index + direction
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, agenda_item in enumerate(items):
        if agenda_item.order != position:
            agenda_item.order = position
            agenda_item.save(update_fields=["order"])


@transaction.atomic
def save_agenda_item(*, item: AgendaItem) -> AgendaItem:
    """Create or edit an agenda item; a new one goes to the end of the running order."""
    if item.pk is None:
        last = AgendaItem.objects.filter(workshop_id=item.workshop_id).order_by("-order").first()
        item.order = last.order + 1 if last else 0
    item.save()
    return item


@transaction.atomic
def delete_agenda_item(*, item: AgendaItem) -> None:
    item.delete()


@transaction.atomic
def add_agenda_speaker(*, item: AgendaItem, person: Person, role: str) -> AgendaSpeaker:
    already = _("%(person)s already speaks in this item.") % {"person": person}
    if AgendaSpeaker.objects.filter(agenda_item=item, person=person).exists():
        raise ValidationError(already)
    order = item.speakers.count()
    try:
        with transaction.atomic():
            return AgendaSpeaker.objects.create(agenda_item=item, person=person, role=role, order=order)
    except IntegrityError as error:  # added twice at once
        raise ValidationError(already) from error


@transaction.atomic
def remove_agenda_speaker(*, speaker: AgendaSpeaker) -> None:
    speaker.delete()


@transaction.atomic
def upload_workshop_document(
    *,
    workshop: Workshop,
    by: User,
    upload: UploadedFile,
    kind: str,
    title: str,
    language: str,
    is_public: bool,
    title_fr: str = "",
    title_es: str = "",
) -> WorkshopDocument:
    file_kind = check_document(upload)
    name = original_name(upload)
    upload.name = f"document.{file_kind}"
    return WorkshopDocument.objects.create(
        workshop=workshop,
        kind=kind,
        title=title,
        title_fr=title_fr,
        title_es=title_es,
        language=language,
        is_public=is_public,
        file=upload,
        content_type=CONTENT_TYPES[file_kind],
        size=upload.size,
        original_name=name,
        uploaded_by=by,
    )


@transaction.atomic
def save_workshop_document(*, document: WorkshopDocument) -> WorkshopDocument:
    """Edit what is said about an uploaded document (titles, kind, language, audience); the file stays."""
    document.save()
    return document


@transaction.atomic
def delete_workshop_document(*, document: WorkshopDocument) -> None:
    """Remove the record, and the file once the deletion is committed."""
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))


# --- helpers --------------------------------------------------------------------------------


def _acting_state(*, by: User, person: Person) -> MemberState:
    """A delegate registers themself; a focal point registers members of the state's delegation."""
    state = roles.delegate_state(by)
    if state is None:
        raise ValidationError(_("Only delegates with an approved affiliation can register for workshops."))
    own_person = Person.objects.filter(user=by).first()
    if own_person is not None and own_person.pk == person.pk:
        return state
    if roles.is_focal_point(by) and person.member_state_id == state.pk:
        return state
    raise ValidationError(_("You can only register yourself, or, as focal point, members of your delegation."))


def _single_head_of_delegation(registration: Registration) -> None:
    Registration.objects.filter(
        workshop_id=registration.workshop_id, member_state_id=registration.member_state_id, is_head_of_delegation=True
    ).exclude(pk=registration.pk).update(is_head_of_delegation=False)


def _decided(registration: Registration, by: User) -> None:
    registration.decided_by = by
    registration.decided_at = timezone.now()
    registration.save(update_fields=["status", "decided_by", "decided_at", "reason", "updated_at"])


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100] or "workshop"
    slug, n = base, 2
    while Workshop.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _mail_participant(registration: Registration, event: str) -> None:
    """One message per language: the participant in theirs, whoever registered them in their own."""
    person = registration.person
    by = registration.registered_by
    own_email = person.email or (person.user.email if person.user_id else "")
    # Someone without an account has no language on record: the one of who registered them.
    own_language = person.user.preferred_language if person.user_id else by.preferred_language
    by_language: dict[str, set[str]] = {}
    for email, language in ((own_email, own_language), (by.email, by.preferred_language)):
        if email and not any(email in emails for emails in by_language.values()):
            by_language.setdefault(language, set()).add(email)
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
        send_mail_on_commit(
            template=f"workshops/email/registration_{event}",
            context={"registration": registration, "workshop": registration.workshop, "person": person},
            to=sorted(emails),
            language=language,
            attachments=attachments,
        )
