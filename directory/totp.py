"""A TOTP code is accepted once, whatever the cache: its time step is recorded on the authenticator.

allauth marks a code used with ``cache.add()`` (``allauth.mfa.totp.internal.auth.TOTP._mark_code_used``);
while Redis does not answer, the portal's cache answers every ``add()`` as added (signing in must still
work: idm_portal/redis_cache.py), so a code seen over someone's shoulder could be given again within
its window. Instead, the authenticator's row records the last time step a code was accepted for, under
a row lock: a code is refused unless its step is later than that one (RFC 6238, section 5.2: a replay,
or an older code once a newer one was used, is refused). ``install()`` puts this in place of allauth's
mark, the one place every TOTP check goes through (sign-in, reauthentication, the headless API).
"""

from allauth.core.internal.cryptokit import compare_user_code
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal import auth as totp_auth
from allauth.mfa.utils import decrypt
from django.db import transaction

LAST_STEP = "idm_last_used_step"  # in Authenticator.data, beside allauth's encrypted secret


def _step_of(secret: str, code: str) -> int | None:
    """The time step whose code ``code`` is, among the steps allauth accepted it for and the one
    before (a step may have ended between allauth's check and this one)."""
    steps = list(totp_auth.yield_hotp_counters_from_time())
    for step in (*steps, steps[0] - 1):
        expected = totp_auth.format_hotp_value(totp_auth.hotp_value(secret, step))
        if compare_user_code(actual=code, expected=expected):
            return step
    return None


def mark_code_used(totp: totp_auth.TOTP, code: str) -> bool:
    """True if ``code`` (already checked valid) is of a later time step than any accepted before for
    this authenticator, which then records it; False for a code used before (or an older one)."""
    step = _step_of(decrypt(totp.instance.data["secret"]), code)
    if step is None:
        return False
    with transaction.atomic():
        rows = Authenticator.objects.select_for_update().filter(pk=totp.instance.pk)
        data = rows.values_list("data", flat=True).first()
        if data is None:
            return False
        last = data.get(LAST_STEP)
        if isinstance(last, int) and step <= last:
            return False
        data = {**data, LAST_STEP: step}
        # update(), not save(): no signal, as what the signed-in users' roles read (idm_portal/identity.py)
        # is whether a TOTP authenticator exists, not its data.
        rows.update(data=data)
    totp.instance.data = data
    return True


def install() -> None:
    """Called once, from ``DirectoryConfig.ready``."""
    if not callable(getattr(totp_auth.TOTP, "_mark_code_used", None)):
        raise RuntimeError("allauth's TOTP no longer marks codes by _mark_code_used: directory/totp.py to review")
    totp_auth.TOTP._mark_code_used = mark_code_used
