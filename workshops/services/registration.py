"""A delegate's or focal point's registration: asking for a seat, changing what was said, cancelling,
and a focal point's new members of the delegation. Seats are decided under the workshop's row lock."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from directory import roles
from directory.mail import RenderedMail
from directory.models import MemberState, Person, User
from directory.prepared import Prepared, columns, first, insert
from directory.uploads import check_document
from workshops import cache
from workshops.models import ACTIVE, HOLDS_SEAT, Registration, RegistrationChange, Workshop

from . import seats
from .decisions import promote_waitlisted
from .history import changes_of, record_changes, snapshot
from .mail import mail_participant, outbox_rows, participant_mails, rewrite_mails, send_mails

S = Registration.Status
C = RegistrationChange.Cause


def _registration_of(*, workshop: int, person: int):
    return Registration.objects.filter(workshop_id=workshop, person_id=person).values(*columns(Registration))[:1]


# The person's row on the workshop, read at every registration: compiled once (see directory/prepared.py).
_REGISTRATION_OF = Prepared(_registration_of, ids=("workshop", "person"), named=True)


def request_registration(
    *,
    workshop: Workshop,
    person: Person,
    by: User,
    consent_to_publish: bool = False,
    head_of_delegation: bool = False,
    replace_head: bool = False,
    note_verbale: UploadedFile | None = None,
    request_funding: bool = False,
    travel_from: str = "",
    funding_reason: str = "",
) -> Registration:
    """Register a person: confirmed at once while seats are free (or pending when the workshop
    needs approval), waitlisted when full. Mails the participant after commit.

    Another member who is head of delegation keeps the flag unless ``replace_head``; the one who
    lost it is on the returned registration as ``replaced_head``.

    The workshop's row lock, which makes every registration for one workshop wait for the one before,
    is held for the seat decision only: the checks and the e-mail (rendered for the decision the seats
    counted before the lock foretell, rewritten under it when the decision or the workshop differ)
    come before it; under it, the count, the registration, its history, the e-mail's rows in the
    outbox and the commit (on PostgreSQL one statement sent with the lock's, in one round trip, then
    the commit: ``seats.lock_and_decide``)."""
    try:
        return _register(
            workshop=workshop,
            person=person,
            by=by,
            consent_to_publish=consent_to_publish,
            head_of_delegation=head_of_delegation,
            replace_head=replace_head,
            note_verbale=note_verbale,
            request_funding=request_funding,
            travel_from=travel_from,
            funding_reason=funding_reason,
        )
    except IntegrityError as error:  # the same person submitted twice at once: the second insert is refused
        if not Registration.objects.filter(workshop_id=workshop.pk, person_id=person.pk).exists():
            raise
        raise ValidationError(_("%(person)s is already registered for this workshop.") % {"person": person}) from error


@transaction.atomic
def _register(
    *,
    workshop: Workshop,
    person: Person,
    by: User,
    consent_to_publish: bool,
    head_of_delegation: bool,
    replace_head: bool,
    note_verbale: UploadedFile | None,
    request_funding: bool,
    travel_from: str,
    funding_reason: str,
) -> Registration:
    before_the_disk = seats.commit_before_the_disk()  # first: its wait runs before any other on_commit callback
    state = _acting_state(by=by, person=person)
    if head_of_delegation and not roles.is_focal_point(by):
        raise ValidationError(_("Only the focal point marks the head of delegation."))
    try:
        _check_funding(state=state, request_funding=request_funding, travel_from=travel_from)
        _check_note_verbale(note_verbale)
    except ValidationError as error:
        refused = error  # said once the lock shows the workshop open: a closed workshop is answered first
    else:
        refused = None
    # One row per person and workshop (a constraint); a cancelled one is taken up again, at the back of the
    # queue. On PostgreSQL the statement that decides finds it (seats.lock_and_decide); else it is read now.
    at_once = refused is None and seats.decides_in_the_insert()
    registration = None if at_once else first(_REGISTRATION_OF, Registration, workshop=workshop.pk, person=person.pk)
    try:
        _check_taken_up(registration, person)
    except ValidationError as error:
        refused = error  # said before the others
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
    if person.user_id == by.pk:
        person.user = by  # the participant's account, for the e-mail: the one signed in, not read again
    registration = registration or Registration()
    before = snapshot(registration)
    _fill(registration, workshop=workshop, person=person, fields=fields)
    if note_verbale is not None:
        registration.note_verbale = note_verbale
    likely = registration.status = _likely_status(workshop)
    # Rendered before the lock; written with the registration, in this transaction: committed with it or not at all.
    mails = participant_mails(registration, _event(likely)) if refused is None else []

    if at_once:  # the lock, the count, the registration, its history and its e-mails: one round trip
        history = changes_of(registration=registration, before=before, by=by, cause=C.REGISTERED)
        locked, written = seats.lock_and_decide(
            registration, history=history, mails=outbox_rows(mails), before_the_disk=before_the_disk
        )
    else:
        locked = seats.lock_workshop(workshop.pk, before_the_disk=before_the_disk)
    # What is raised from here rolls back what was written with the lock.
    if not locked.registration_is_open():
        raise ValidationError(_("Registration for this workshop is not open."))
    if refused is not None:
        raise refused
    if registration.pk is not None and at_once:
        registration.workshop = locked
        if not _foretold(registration, likely=likely, read=workshop):
            rewrite_mails(written, participant_mails(registration, _event(registration.status)))
        # The next registration posted to this process reads it so (its forecast), once this one commits.
        transaction.on_commit(lambda: cache.keep_decided(locked))
    else:
        existing = at_once or registration.pk is not None  # found by the insert, or read before the lock
        registration = _decide(
            registration,
            existing=existing,
            locked=locked,
            fields=fields,
            # the file as given (or, written with the lock already, as stored: not stored twice)
            note_verbale=registration.note_verbale if note_verbale is not None else None,
            before=before,
            by=by,
        )
        _mail_decided(registration, mails, likely=likely, read=workshop)
    head = current_head_of_delegation(workshop=locked, state=state, besides=person) if head_of_delegation else None
    _check_head(head, replace_head)
    registration.replaced_head = _take_head(registration, by=by) if head_of_delegation else None
    return registration


@transaction.atomic
def change_registration(
    *,
    registration: Registration,
    by: User,
    consent_to_publish: bool,
    head_of_delegation: bool | None = None,
    replace_head: bool = False,
    note_verbale: UploadedFile | None = None,
    request_funding: bool = False,
    travel_from: str = "",
    funding_reason: str = "",
) -> Registration:
    """The participant or their focal point changes what was said when registering, until the
    registration closes, with the rules of registering. ``head_of_delegation`` None leaves the flag
    (a delegate does not set it); a new note verbale replaces the old one; funded participation can
    be asked for or withdrawn while it is not decided."""
    workshop = seats.lock_workshop(registration.workshop_id)
    registration = Registration.objects.select_for_update().select_related("member_state").get(pk=registration.pk)
    if not _speaks_for(by, registration):
        raise ValidationError(_("Only the participant or the focal point of the member state can change it."))
    if registration.status not in ACTIVE:
        raise ValidationError(_("A cancelled or declined registration cannot be changed; register again."))
    if not workshop.registration_is_open():
        raise ValidationError(_("Registration for this workshop is closed: the registration can no longer be changed."))
    if head_of_delegation is not None and head_of_delegation != registration.is_head_of_delegation:
        if not roles.is_focal_point(by):
            raise ValidationError(_("Only the focal point marks the head of delegation."))
    else:
        head_of_delegation = registration.is_head_of_delegation
    state = registration.member_state
    funding_decided = registration.funding in (Registration.Funding.APPROVED, Registration.Funding.REFUSED)
    if funding_decided:
        wanted = registration.funding
    else:
        _check_funding(state=state, request_funding=request_funding, travel_from=travel_from)
        wanted = Registration.Funding.REQUESTED if request_funding else Registration.Funding.NOT_REQUESTED
    _check_note_verbale(note_verbale)
    newly_head = head_of_delegation and not registration.is_head_of_delegation
    head = (
        current_head_of_delegation(workshop=workshop, state=state, besides=registration.person) if newly_head else None
    )
    _check_head(head, replace_head)
    before = snapshot(registration)
    registration.consent_to_publish = consent_to_publish
    registration.is_head_of_delegation = head_of_delegation
    if not funding_decided:
        registration.funding = wanted
        registration.travel_from = travel_from.strip() if request_funding else ""
        registration.funding_reason = funding_reason.strip() if request_funding else ""
    if note_verbale is not None:
        registration.note_verbale = note_verbale
    registration.save()
    record_changes(registration=registration, before=before, by=by, cause=C.CHANGED)
    registration.replaced_head = _take_head(registration, by=by) if newly_head else None
    return registration


@transaction.atomic
def cancel_registration(*, registration: Registration, by: User) -> Registration:
    """The participant (or their focal point, or the secretariat) cancels; the first waitlisted moves up."""
    workshop = seats.lock_workshop(registration.workshop_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in ACTIVE:
        raise ValidationError(_("This registration cannot be cancelled."))
    before = snapshot(registration)
    registration.status = S.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    record_changes(registration=registration, before=before, by=by, cause=C.CANCELLED)
    mail_participant(registration, "cancelled")
    if before["status"] == S.CONFIRMED:
        promote_waitlisted(workshop, by=by)
    return registration


def current_head_of_delegation(
    *, workshop: Workshop, state: MemberState, besides: Person | None = None
) -> Registration | None:
    """Who is head of the state's delegation at the workshop now (the form says it before ticking),
    ``besides`` that person."""
    heads = Registration.objects.select_related("person").filter(
        workshop=workshop, member_state=state, is_head_of_delegation=True, status__in=(*ACTIVE, *HOLDS_SEAT)
    )
    return (heads if besides is None else heads.exclude(person_id=besides.pk)).first()


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


# --- helpers --------------------------------------------------------------------------------


def _decide(
    registration: Registration,
    *,
    existing: bool,
    locked: Workshop,
    fields: dict,
    note_verbale: UploadedFile | FieldFile | None,
    before: dict,
    by: User,
) -> Registration:
    """Under the lock, where ``seats.lock_and_decide`` did not (SQLite, or the person's ``existing`` row
    on the workshop, read before the lock or found by it): the seat decided and the registration
    written, or taken up again."""
    person = registration.person
    if existing:
        registration = Registration.objects.select_for_update().get(workshop_id=locked.pk, person_id=person.pk)
        _check_taken_up(registration, person)  # as it is under the lock
        before = snapshot(registration)
        _fill(registration, workshop=locked, person=person, fields=fields)
        if note_verbale is not None:
            registration.note_verbale = note_verbale
        registration.created_at = timezone.now()  # arrival order restarts with the new request
    registration.workshop = locked
    registration.status = _seat_decision(locked)
    if registration.pk is None:
        insert(registration, named=True)  # as save(), compiled once: under the lock, at every registration
    else:
        registration.save()
    record_changes(registration=registration, before=before, by=by, cause=C.REGISTERED)
    return registration


def _mail_decided(registration: Registration, mails: list[RenderedMail], *, likely: str, read: Workshop) -> None:
    """The e-mails rendered before the lock into the outbox, or others if they foretold wrong."""
    if _foretold(registration, likely=likely, read=read):
        send_mails(mails)
    else:
        mail_participant(registration, _event(registration.status))


def _fill(registration: Registration, *, workshop: Workshop, person: Person, fields: dict) -> None:
    registration.workshop = workshop
    registration.person = person
    for name, value in fields.items():
        setattr(registration, name, value)


def _check_taken_up(registration: Registration | None, person: Person) -> None:
    if registration is not None and registration.status != S.CANCELLED:
        raise ValidationError(_("%(person)s is already registered for this workshop.") % {"person": person})


def _seat_decision(workshop: Workshop) -> str:
    """Under the workshop's lock: pending when the secretariat decides, confirmed while seats are free
    (a new registration's on PostgreSQL: ``seats.lock_and_decide``, the same rule in its SQL)."""
    if workshop.requires_approval:
        return S.PENDING
    return S.CONFIRMED if seats.seats_taken(workshop) < workshop.capacity else S.WAITLISTED


def _likely_status(workshop: Workshop) -> str:
    """The decision the seats counted before the lock foretell (the page's own count, ``seats_taken``,
    when the caller read the workshop with it): what the e-mail is rendered for before the lock."""
    if workshop.requires_approval:
        return S.PENDING
    taken = getattr(workshop, "seats_taken", None)
    if taken is None:
        taken = seats.seats_taken(workshop)
    return S.CONFIRMED if taken < workshop.capacity else S.WAITLISTED


def _event(status: str) -> str:
    return "received" if status == S.PENDING else status


def _foretold(registration: Registration, *, likely: str, read: Workshop) -> bool:
    """Whether the e-mail rendered before the lock (for ``likely``, from the workshop ``read`` then)
    says what was decided under it (``registration.workshop`` is the row under the lock)."""
    return registration.status == likely and _same_row(read, registration.workshop)


def _same_row(workshop: Workshop, locked: Workshop) -> bool:
    """Whether the row read before the lock is the one under it (the e-mail rendered from it still holds)."""
    return all(getattr(workshop, f.attname) == getattr(locked, f.attname) for f in Workshop._meta.concrete_fields)


def _acting_state(*, by: User, person: Person) -> MemberState:
    """A delegate registers themself; a focal point registers members of the state's delegation."""
    state = roles.delegate_state(by)
    if state is None:
        raise ValidationError(_("Only delegates with an approved affiliation can register for workshops."))
    if person.user_id is not None and person.user_id == by.pk:  # their own person (one per account)
        return state
    if roles.is_focal_point(by) and person.member_state_id == state.pk:
        return state
    raise ValidationError(_("You can only register yourself, or, as focal point, members of your delegation."))


def _speaks_for(user: User, registration: Registration) -> bool:
    """The participant themself, or the focal point of the registration's member state."""
    if registration.person.user_id is not None and registration.person.user_id == user.pk:
        return True
    state = roles.delegate_state(user)
    return state is not None and roles.is_focal_point(user) and state.pk == registration.member_state_id


def _check_funding(*, state: MemberState, request_funding: bool, travel_from: str) -> None:
    if request_funding:
        if not state.eligible_for_funding:
            raise ValidationError(_("%(state)s is not eligible for funded participation.") % {"state": state})
        if not travel_from.strip():
            raise ValidationError({"travel_from": _("Say where the participant would travel from.")})


def _check_note_verbale(note_verbale: UploadedFile | None) -> None:
    if note_verbale is not None:
        kind = check_document(note_verbale, allowed=("pdf",))
        note_verbale.name = f"note-verbale.{kind}"


def _check_head(head: Registration | None, replace_head: bool) -> None:
    """Never move the flag silently: the focal point confirms taking it from the present head."""
    if head is not None and not replace_head:
        raise ValidationError(
            {
                "head_of_delegation": _(
                    "%(person)s is head of delegation for this workshop. Tick “Make this person head of "
                    "delegation instead” to move the flag, or untick “Head of delegation”."
                )
                % {"person": head.person}
            }
        )


def _take_head(registration: Registration, *, by: User) -> Registration | None:
    """The flag is the registration's alone in its delegation: the others lose it, in the history.
    Returns the active registration that held it, if any."""
    others = list(
        Registration.objects.select_for_update()
        .select_related("person")
        .filter(
            workshop_id=registration.workshop_id,
            member_state_id=registration.member_state_id,
            is_head_of_delegation=True,
        )
        .exclude(pk=registration.pk)
    )
    for other in others:
        before = snapshot(other)
        other.is_head_of_delegation = False
        other.save(update_fields=["is_head_of_delegation", "updated_at"])
        record_changes(registration=other, before=before, by=by, cause=C.HEAD_MOVED)
    return next((other for other in others if other.status in (*ACTIVE, *HOLDS_SEAT)), None)
