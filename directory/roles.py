"""What a user is in the portal. Answers are cached on the user object for one request."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q

if TYPE_CHECKING:
    from .models import Affiliation, MemberState

SECRETARIAT_GROUP = "Secretariat"
_UNSET = object()


def _secretariat_flags(user) -> tuple[bool, bool]:
    """(member of the secretariat, has an authenticator app), in ONE query, cached for the request."""
    if not user.is_authenticated or not user.is_active or not user.is_staff:
        return (False, False)
    cached = getattr(user, "_idm_is_secretariat", None)
    if cached is None:
        from allauth.mfa.models import Authenticator
        from django.contrib.auth.models import Group

        from .models import User

        member_of = Group.objects.filter(user=OuterRef("pk"), name=SECRETARIAT_GROUP)
        totp = Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)
        member, has_totp = (
            User.objects.filter(pk=user.pk)
            .annotate(member=Exists(member_of), has_totp=Exists(totp))
            .values_list("member", "has_totp")
            .first()
        ) or (False, False)
        cached = (bool(user.is_superuser or member), bool(has_totp))
        user._idm_is_secretariat = cached
    return cached


def is_secretariat(user) -> bool:
    """A member of the secretariat WITH two-factor authentication: the only one with secretariat power.

    Until it has set up an authenticator app, a secretariat account is an ordinary signed-in user on
    every page and in every rule (the funding report, participants-only downloads, document requests,
    someone else's registration…); staff pages send it to set one up (SecretariatMFAMiddleware)."""
    member, has_totp = _secretariat_flags(user)
    return member and has_totp


def needs_two_factors(user) -> bool:
    """A secretariat account that has not set up its authenticator app yet."""
    member, has_totp = _secretariat_flags(user)
    return member and not has_totp


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
