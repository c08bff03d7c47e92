"""A TOTP code signs in once, even while the cache (where allauth marks codes used) does not answer."""

import time

import pytest
from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.test import Client
from django.urls import reverse

from directory.totp import LAST_STEP
from tests import factories

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens: every cache call refused, add() answers added


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {"default": {"BACKEND": "idm_portal.redis_cache.PortalRedisCache", "LOCATION": CLOSED_PORT}}


def _step() -> int:
    """The current time step, at least 3 seconds before it ends (so a test uses one step)."""
    period = app_settings.TOTP_PERIOD
    if period - time.time() % period < 3:
        time.sleep(period - time.time() % period + 0.1)
    return int(time.time()) // period


def _code(step: int) -> str:
    return format_hotp_value(hotp_value(factories.TOTP_SECRET, step))


def _sign_in(staff, code: str):
    client = Client()
    response = client.post(reverse("account_login"), {"login": staff.email, "password": factories.PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    return client, client.post(reverse("mfa_authenticate"), {"code": code})


def test_a_code_signs_in_once_while_the_cache_does_not_answer(cache_down):
    staff = factories.make_secretariat(email="s@iom.example")
    code = _code(_step())

    first, signed_in = _sign_in(staff, code)
    second, replayed = _sign_in(staff, code)

    assert (signed_in.status_code, signed_in["Location"]) == (302, "/")
    assert first.get(reverse("directory:profile")).status_code == 200
    assert (replayed.status_code, "Incorrect code." in replayed.content.decode()) == (200, True)
    assert second.get(reverse("directory:profile")).status_code == 302


def test_a_used_code_is_refused_another_authenticators_and_a_later_steps_accepted(cache_down):
    staff = factories.make_secretariat(email="s@iom.example")
    other = factories.make_secretariat(email="t@iom.example")  # the same secret: their own record
    step = _step()

    def check(user, code):
        return TOTP(Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)).validate_code(code)

    answers = [check(staff, _code(step)), check(staff, _code(step)), check(other, _code(step))]
    Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).update(
        data={**Authenticator.objects.get(user=staff, type=Authenticator.Type.TOTP).data, LAST_STEP: step - 1}
    )  # as if the code of the step before had been the last one used
    answers.append(check(staff, _code(step)))

    assert answers == [True, False, True, True]
    assert Authenticator.objects.get(user=staff, type=Authenticator.Type.TOTP).data[LAST_STEP] == step
