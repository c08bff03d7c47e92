"""Travel's rules, registered in directory's rule registry (see directory/permissions.py).

- Travel file, receipts, letters: the traveller, their state's focal point and the secretariat see them;
  the same enter the traveller's details and upload receipts; the secretariat records the rest.
- DSA rate table, travel desk, letter review: the secretariat.

Everyone else gets 404 from the scoped queries in ``queries.py``, never a 403 that says the record exists.
"""

from directory import roles
from directory.permissions import SecretariatRequiredMixin, rule


class TravelStaffMixin(SecretariatRequiredMixin):
    permission_required = "travel.manage"


@rule("travel.manage")
def _manage(user, obj) -> bool:
    return roles.is_secretariat(user)


def speaks_for(user, registration) -> bool:
    """The traveller themself, or the focal point of the registration's member state."""
    if not user.is_authenticated:
        return False
    if registration.person.user_id is not None and registration.person.user_id == user.pk:
        return True
    state = roles.delegate_state(user)
    return roles.is_focal_point(user) and state is not None and state.pk == registration.member_state_id


@rule("travel.view_file")
def _view_file(user, travel_file) -> bool:
    return travel_file is not None and (roles.is_secretariat(user) or speaks_for(user, travel_file.registration))


@rule("travel.edit_details")
def _edit_details(user, travel_file) -> bool:
    if travel_file is None or travel_file.is_erased or travel_file.settled_on:
        return False
    return roles.is_secretariat(user) or speaks_for(user, travel_file.registration)


@rule("travel.upload")
def _upload(user, travel_file) -> bool:
    if travel_file is None or not travel_file.funded or travel_file.settled_on:
        return False
    return roles.is_secretariat(user) or speaks_for(user, travel_file.registration)
