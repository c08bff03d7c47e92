"""Personal API tokens (made and revoked on the profile) and the record of every write through the API."""

import datetime

from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import User

from .models import ApiToken, ApiWrite

LONGEST_VALIDITY_DAYS = 366


def has_two_factors(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


@transaction.atomic
def create_token(*, user: User, name: str, expires_on: datetime.date, scope: str) -> tuple[ApiToken, str]:
    """Make a token and return it with its key, which is never stored (only its hash) nor shown again.

    Staff accounts (the secretariat) need two-factor authentication: a token bypasses the log-in."""
    name = name.strip()
    if user.is_staff and not has_two_factors(user):
        raise ValidationError(_("Set up two-factor authentication before you make an API token."))
    if not name:
        raise ValidationError({"name": _("Give the token a name, for example the program that will use it.")})
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise ValidationError({"name": _("The name is too long (50 characters at most).")})
    if scope not in ApiToken.Scope.values:
        raise ValidationError({"scope": _("Choose read only, or read and write.")})
    today = timezone.localdate()
    if expires_on <= today:
        raise ValidationError({"expires_on": _("The expiry date must be after today.")})
    if expires_on > today + datetime.timedelta(days=LONGEST_VALIDITY_DAYS):
        raise ValidationError({"expires_on": _("A token is valid for one year at most.")})
    # Valid until the end of its last day, in the portal's time zone.
    expiry = timezone.make_aware(datetime.datetime.combine(expires_on, datetime.time.max))
    return ApiToken.objects.create_key(user=user, name=name, expiry_date=expiry, scope=scope)


@transaction.atomic
def revoke_token(*, token: ApiToken, by: User) -> ApiToken:
    """Revoke for good: the key stops working at once."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.user_id != by.pk:
        raise ValidationError(_("Only its owner revokes a token."))
    if token.revoked:
        return token
    token.revoked = True
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked", "revoked_at"])
    return token


def record_write(*, token: ApiToken, action: str, obj: models.Model, summary: str = "") -> ApiWrite:
    """Inside the write's transaction: which token changed which record."""
    return ApiWrite.objects.create(
        token=token,
        token_name=token.name,
        user_id=token.user_id,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        summary=(summary or str(obj))[:300],
    )
