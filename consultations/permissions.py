"""The consultations' rules, registered in directory's rule registry (see directory/permissions.py).

| what | who |
|---|---|
| manage consultations, see the live tally and every ballot | secretariat |
| cast or change a member state's ballot | its focal point (not an observer state's), while the survey is open |
| see the results | everyone (anonymous visitors too), once the survey is closed |
"""

from django.contrib.auth.mixins import PermissionRequiredMixin

from directory import roles
from directory.models import MemberState
from directory.permissions import rule

from .models import Consultation


class ConsultationsStaffMixin(PermissionRequiredMixin):
    """Secretariat pages of the consultations: others logged in get 403, anonymous users log in."""

    permission_required = "consultations.manage"


@rule("consultations.manage")
def _manage(user, obj) -> bool:
    return roles.is_secretariat(user)


def voting_state(user) -> MemberState | None:
    """The member state whose ballot the user casts: focal points of member states only."""
    affiliation = roles.approved_affiliation(user)
    if affiliation is None or not affiliation.is_focal_point:
        return None
    state = affiliation.member_state
    return state if state.status == MemberState.Status.MEMBER else None


@rule("consultations.vote")
def _vote(user, consultation: Consultation | None) -> bool:
    """A focal point of a member state; for a given consultation, while its survey is open."""
    if voting_state(user) is None:
        return False
    return consultation is None or consultation.survey_is_open()


def may_view_results(user, consultation: Consultation) -> bool:
    """Public once the survey is closed (anonymous visitors too, whom has_perm always refuses)."""
    return consultation.results_are_public


rule("consultations.view_results")(may_view_results)
