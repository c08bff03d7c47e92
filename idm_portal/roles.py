"""Which home page a user sees first, from the request's one ``Roles`` (directory/roles.py)."""

from directory.roles import Roles


def main_role(roles: Roles) -> str:
    """The role whose home page the user sees first."""
    if roles.secretariat:
        return "secretariat"
    if roles.focal_point:
        return "focal_point"
    if roles.delegate:
        return "delegate"
    if roles.donor is not None:
        return "donor"
    return "member" if roles.authenticated else "public"
