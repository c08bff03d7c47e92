"""What a user is in the portal. Answers are cached on the user object for one request."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

if TYPE_CHECKING:
    from .models import Affiliation, MemberState

SECRETARIAT_GROUP = "Secretariat"
_UNSET = object()


def is_secretariat(user) -> bool:
    if not user.is_authenticated or not user.is_active or not user.is_staff:
        return False
    cached = getattr(user, "_idm_is_secretariat", None)
    if cached is None:
        cached = user.is_superuser or user.groups.filter(name=SECRETARIAT_GROUP).exists()
        user._idm_is_secretariat = cached
    return cached


def open_affiliation(user) -> Affiliation | None:
    """The user's pending or approved affiliation, if any."""
    if not user.is_authenticated:
        return None
    cached = getattr(user, "_idm_open_affiliation", _UNSET)
    if cached is _UNSET:
        cached = (
            user.affiliations.select_related("member_state").filter(Q(status="pending") | Q(status="approved")).first()
        )
        user._idm_open_affiliation = cached
    return cached


def approved_affiliation(user) -> Affiliation | None:
    affiliation = open_affiliation(user)
    if affiliation is not None and affiliation.status == "approved":
        return affiliation
    return None


def delegate_state(user) -> MemberState | None:
    """The member state the user may act for, once the secretariat approved the affiliation."""
    affiliation = approved_affiliation(user)
    return affiliation.member_state if affiliation else None


def is_focal_point(user) -> bool:
    affiliation = approved_affiliation(user)
    return bool(affiliation and affiliation.is_focal_point)


def forget(user) -> None:
    """Drop cached answers after the user's roles changed in this request."""
    for attr in ("_idm_is_secretariat", "_idm_open_affiliation"):
        user.__dict__.pop(attr, None)
