"""The Council rules, registered in the directory's one rule registry."""

from directory import roles
from directory.permissions import rule


@rule("sessions_council.manage")
def _manage_council(user, obj) -> bool:
    return roles.is_secretariat(user)


@rule("sessions_council.view_presentation")
def _view_presentation(user, presentation) -> bool:
    """Public presentations are open to all (the view checks that first); others to the secretariat
    and to the speaker who gave them."""
    if presentation is None:
        return False
    if roles.is_secretariat(user):
        return True
    person = presentation.participation.person
    return person is not None and person.user_id is not None and person.user_id == user.pk


@rule("sessions_council.upload_own_presentation")
def _upload_own_presentation(user, participation) -> bool:
    person = getattr(participation, "person", None)
    return person is not None and person.user_id is not None and person.user_id == user.pk
