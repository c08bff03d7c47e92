"""The workshops' rules, registered in directory's rule registry (see directory/permissions.py)."""

from django.contrib.auth.mixins import PermissionRequiredMixin

from directory import roles
from directory.permissions import rule

from .models import ACTIVE, HOLDS_SEAT, Registration, Workshop, WorkshopDocument


class WorkshopsStaffMixin(PermissionRequiredMixin):
    """Secretariat pages of the workshops: others logged in get 403, anonymous users log in."""

    permission_required = "workshops.manage"


@rule("workshops.manage")
def _manage(user, obj) -> bool:
    return roles.is_secretariat(user)


@rule("workshops.register")
def _register(user, workshop: Workshop | None) -> bool:
    """An approved delegate, while the workshop's registration window is open."""
    if roles.delegate_state(user) is None:
        return False
    return workshop is None or workshop.registration_is_open()


@rule("workshops.register_delegation")
def _register_delegation(user, obj) -> bool:
    return roles.is_focal_point(user)


def _speaks_for(user, registration: Registration) -> bool:
    """The participant themself, or the focal point of the registration's member state."""
    person = registration.person
    if person.user_id is not None and person.user_id == user.pk:
        return True
    return roles.is_focal_point(user) and roles.delegate_state(user).pk == registration.member_state_id


@rule("workshops.cancel_registration")
def _cancel_registration(user, registration: Registration) -> bool:
    if registration is None or registration.status not in ACTIVE:
        return False
    return roles.is_secretariat(user) or _speaks_for(user, registration)


def may_view_document(user, document: WorkshopDocument) -> bool:
    """Public documents for everyone (anonymous visitors too, whom has_perm always refuses);
    participants-only ones for confirmed participants and the secretariat."""
    if document.is_public:
        return True
    if not user.is_authenticated:
        return False
    if roles.is_secretariat(user):
        return True
    return Registration.objects.filter(
        workshop_id=document.workshop_id, person__user=user, status__in=HOLDS_SEAT
    ).exists()


rule("workshops.view_document")(may_view_document)


@rule("workshops.view_note_verbale")
def _view_note_verbale(user, registration: Registration) -> bool:
    """The secretariat and the focal point of the registration's member state: a note verbale is a
    state's correspondence, not the participant's."""
    if registration is None:
        return False
    if roles.is_secretariat(user):
        return True
    state = roles.delegate_state(user)
    return state is not None and roles.is_focal_point(user) and state.pk == registration.member_state_id
