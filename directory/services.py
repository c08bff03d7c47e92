from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import roles
from .mail import send_mail_on_commit
from .models import Affiliation, MemberState, Organisation, Person, User
from .uploads import check_image, put_photo


@transaction.atomic
def request_affiliation(*, user: User, member_state: MemberState, position: str = "") -> Affiliation:
    """Ask the secretariat to recognise the user as an official of a member state.

    The database constraint keeps one open affiliation per user even when two requests race.
    """
    if roles.is_secretariat(user):
        raise ValidationError(_("Secretariat accounts do not hold affiliations to member states."))
    if Affiliation.objects.filter(
        user=user, status__in=[Affiliation.Status.PENDING, Affiliation.Status.APPROVED]
    ).exists():
        raise ValidationError(_("You already have an affiliation that is pending or approved."))
    try:
        with transaction.atomic():
            affiliation = Affiliation.objects.create(user=user, member_state=member_state, position=position)
    except IntegrityError as error:
        raise ValidationError(_("You already have an affiliation that is pending or approved.")) from error
    roles.forget(user)
    send_mail_on_commit(
        template="directory/email/affiliation_received",
        context={"affiliation": affiliation, "user": user},
        to=[user.email],
        language=user.preferred_language,
    )
    return affiliation


@transaction.atomic
def decide_affiliation(
    *, affiliation: Affiliation, by: User, approve: bool, reason: str = "", focal_point: bool = False
) -> Affiliation:
    """Approve (linking the user to a directory person) or refuse (with a reason) a pending affiliation."""
    affiliation = Affiliation.objects.select_for_update().select_related("user", "member_state").get(pk=affiliation.pk)
    if affiliation.status != Affiliation.Status.PENDING:
        raise ValidationError(_("This affiliation has already been decided."))
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for refusing, so the applicant knows what to do.")})
    affiliation.status = Affiliation.Status.APPROVED if approve else Affiliation.Status.REFUSED
    affiliation.is_focal_point = approve and focal_point
    affiliation.reason = reason.strip()
    affiliation.decided_by = by
    affiliation.decided_at = timezone.now()
    affiliation.save()
    if approve:
        _link_person(affiliation)
    send_mail_on_commit(
        template="directory/email/affiliation_decided",
        context={"affiliation": affiliation, "user": affiliation.user},
        to=[affiliation.user.email],
        language=affiliation.user.preferred_language,
    )
    return affiliation


@transaction.atomic
def set_focal_point(*, affiliation: Affiliation, by: User, is_focal_point: bool) -> Affiliation:
    affiliation = Affiliation.objects.select_for_update().get(pk=affiliation.pk)
    if affiliation.status != Affiliation.Status.APPROVED:
        raise ValidationError(_("Only an approved affiliation can be a focal point."))
    affiliation.is_focal_point = is_focal_point
    affiliation.save(update_fields=["is_focal_point", "updated_at"])
    return affiliation


@transaction.atomic
def withdraw_affiliation(*, affiliation: Affiliation, by: User) -> Affiliation:
    affiliation = Affiliation.objects.select_for_update().get(pk=affiliation.pk)
    if affiliation.user_id != by.pk or affiliation.status not in (
        Affiliation.Status.PENDING,
        Affiliation.Status.APPROVED,
    ):
        raise ValidationError(_("This affiliation cannot be withdrawn."))
    affiliation.status = Affiliation.Status.WITHDRAWN
    affiliation.is_focal_point = False
    affiliation.save(update_fields=["status", "is_focal_point", "updated_at"])
    roles.forget(by)
    return affiliation


@transaction.atomic
def update_profile(
    *, user: User, first_name: str, last_name: str, preferred_language: str, gender: str | None = None
) -> User:
    """The user's own name and language; the self-declared gender goes on their person record."""
    if gender == "":
        gender = Person.Gender.NOT_STATED
    if gender is not None and gender not in Person.Gender.values:
        raise ValidationError({"gender": _("Choose one of the options.")})
    user.first_name = first_name
    user.last_name = last_name
    user.preferred_language = preferred_language
    user.save(update_fields=["first_name", "last_name", "preferred_language"])
    changes = {"given_name": first_name, "family_name": last_name}
    if gender is not None:
        changes["gender"] = gender
    Person.objects.filter(user=user).update(**changes)
    return user


@transaction.atomic
def sign_up(
    *,
    user: User,
    first_name: str,
    last_name: str,
    preferred_language: str,
    member_state: MemberState | None = None,
    position: str = "",
) -> User:
    """A new account's name and language, and its request to represent a member state if it named one:
    both or neither."""
    user.first_name = first_name
    user.last_name = last_name
    user.preferred_language = preferred_language
    user.save()
    if member_state is not None:
        request_affiliation(user=user, member_state=member_state, position=position)
    return user


@transaction.atomic
def save_member_state(*, member_state: MemberState) -> MemberState:
    """A member state as the secretariat entered it (its form checked the fields)."""
    member_state.save()
    return member_state


@transaction.atomic
def save_organisation(*, organisation: Organisation) -> Organisation:
    """An organisation as the secretariat entered it (its form checked the fields)."""
    organisation.save()
    return organisation


@transaction.atomic
def save_person(*, person: Person, photo: UploadedFile | None = None, remove_photo: bool = False) -> Person:
    """Save a directory entry and its photo (checked by its content, stored under a generated name).
    A replaced or removed photo's file is deleted once the change is committed, never before."""
    kind = check_image(photo) if photo is not None else ""
    put_photo(person, photo=photo, kind=kind, remove=remove_photo)
    person.save()
    return person


def _link_person(affiliation: Affiliation) -> Person:
    user = affiliation.user
    person = Person.objects.filter(user=user).first()
    if person is None:
        # The secretariat may already have entered this official in the directory: link, don't duplicate.
        person = Person.objects.filter(user__isnull=True, email__iexact=user.email).first() or Person(email=user.email)
        person.user = user
    person.given_name = user.first_name or person.given_name or user.email.split("@")[0]
    person.family_name = user.last_name or person.family_name
    person.member_state = affiliation.member_state
    if affiliation.position:
        person.position = affiliation.position
    person.save()
    return person
