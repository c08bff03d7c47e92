"""Every role a user holds, in one object, for navigation and home pages."""

from dataclasses import dataclass

from directory import roles as directory_roles
from directory.models import Affiliation, MemberState
from funding import roles as funding_roles
from funding.models import Donor


@dataclass(frozen=True)
class Roles:
    authenticated: bool = False
    secretariat: bool = False
    affiliation: Affiliation | None = None
    delegate_state: MemberState | None = None
    focal_point: bool = False
    donor: Donor | None = None

    @property
    def delegate(self) -> bool:
        return self.delegate_state is not None

    @property
    def main(self) -> str:
        """The role whose home page the user sees first."""
        if self.secretariat:
            return "secretariat"
        if self.focal_point:
            return "focal_point"
        if self.delegate:
            return "delegate"
        if self.donor is not None:
            return "donor"
        return "member" if self.authenticated else "public"


def roles_of(user) -> Roles:
    if not user.is_authenticated:
        return Roles()
    return Roles(
        authenticated=True,
        secretariat=directory_roles.is_secretariat(user),
        affiliation=directory_roles.open_affiliation(user),
        delegate_state=directory_roles.delegate_state(user),
        focal_point=directory_roles.is_focal_point(user),
        donor=funding_roles.donor_of(user),
    )
