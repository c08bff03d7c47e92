"""The read side of the API's own records: tokens and the writes made with them."""

from django.db.models import QuerySet
from django.utils import timezone

from directory.models import User

from .models import ApiToken, ApiWrite


def token_for_key(key: str) -> ApiToken | None:
    """The usable token of this key (not revoked, not expired) with its user, in one query; else None."""
    prefix, dot, _secret = key.partition(".")
    if not dot or not prefix or len(prefix) > 8:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(prefix=prefix, revoked=False, expiry_date__gt=timezone.now(), user__is_active=True)
        .first()
    )
    if token is None or not token.is_valid(key):
        return None
    return token


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("revoked", "-created")


def writes_of(user: User, *, limit: int = 20) -> QuerySet[ApiWrite]:
    """The latest changes made with the user's tokens, for their tokens page."""
    return ApiWrite.objects.filter(user=user).order_by("-at", "-pk")[:limit]
