from __future__ import annotations

from .models import Donor

_UNSET = object()


def donor_of(user) -> Donor | None:
    """The donor organisation the user is a contact of, cached for the request."""
    if not user.is_authenticated:
        return None
    cached = getattr(user, "_idm_donor", _UNSET)
    if cached is _UNSET:
        cached = Donor.objects.filter(contacts__user=user).first()
        user._idm_donor = cached
    return cached
