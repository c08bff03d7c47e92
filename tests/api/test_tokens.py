"""Personal tokens: made and revoked on the profile, shown once, stored hashed, scoped, rate limited."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken, ApiWrite
from tests import factories

from .helpers import make_token


def _make(client, user, **data):
    client.force_login(user)
    fields = {
        "name": "badge printer",
        "expires_on": timezone.localdate() + datetime.timedelta(days=30),
        "scope": "read",
    }
    return client.post(reverse("api:tokens"), {**fields, **data})


def test_a_token_is_shown_once_and_stored_hashed(client, delegate):
    made = _make(client, delegate)
    first = client.get(reverse("api:tokens"))
    again = client.get(reverse("api:tokens"))

    token = ApiToken.objects.get(user=delegate)
    key = first.context["new_key"]["key"]
    assert (made.status_code, made["Location"]) == (302, reverse("api:tokens"))
    assert (token.name, token.scope, token.revoked) == ("badge printer", "read", False)
    assert key.startswith(token.prefix + ".")
    assert key not in token.hashed_key
    assert token.hashed_key.startswith("sha512$$")
    assert again.context["new_key"] is None
    assert key not in again.content.decode()


def test_the_token_answers_as_its_owner(api, delegate):
    key = make_token(delegate, scope=ApiToken.Scope.READ)

    response = api.get("/api/v1/me/", key)

    assert response.status_code == 200
    assert (response.json()["email"], response.json()["roles"], response.json()["token_scope"]) == (
        "delegate@state.example",
        ["delegate"],
        "read",
    )


def test_a_secretariat_user_needs_two_factors_to_make_a_token(db, client):
    staff = factories.make_secretariat(mfa=False, email="new-staff@iom.example")

    response = _make(client, staff)

    assert response.status_code == 200
    assert ApiToken.objects.count() == 0
    assert "two-factor" in response.content.decode()


@pytest.mark.parametrize(
    ("days", "message"), [(0, "The expiry date must be after today."), (400, "A token is valid for one year at most.")]
)
def test_the_expiry_is_within_a_year(client, delegate, days, message):
    response = _make(client, delegate, expires_on=timezone.localdate() + datetime.timedelta(days=days))

    assert response.status_code == 200
    assert response.context["form"].errors == {"expires_on": [message]}
    assert ApiToken.objects.count() == 0


def test_a_revoked_token_stops_working_at_once(client, api, delegate):
    key = make_token(delegate)
    token = ApiToken.objects.get(user=delegate)
    client.force_login(delegate)

    revoked = client.post(reverse("api:token_revoke", kwargs={"prefix": token.prefix}))
    response = api.get("/api/v1/me/", key)

    token.refresh_from_db()
    assert (revoked.status_code, revoked["Location"]) == (302, reverse("api:tokens"))
    assert token.revoked is True
    assert token.revoked_at is not None  # the time of the revocation
    assert response.status_code == 401


def test_another_users_token_cannot_be_revoked(client, delegate, other_delegate):
    make_token(delegate)
    token = ApiToken.objects.get(user=delegate)
    client.force_login(other_delegate)

    response = client.post(reverse("api:token_revoke", kwargs={"prefix": token.prefix}))

    token.refresh_from_db()
    assert response.status_code == 404
    assert token.revoked is False


@pytest.mark.parametrize("header", ["Bearer nope.nope", "Bearer", "Bearer a b", "Bearer "])
def test_an_unknown_or_malformed_token_is_401(db, client, header):
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="api"'


def test_an_expired_token_is_401(api, delegate):
    key = make_token(delegate)
    ApiToken.objects.filter(user=delegate).update(expiry_date=timezone.now() - datetime.timedelta(seconds=1))

    assert api.get("/api/v1/me/", key).status_code == 401


def test_a_read_only_token_may_not_write(api, secretariat, workshop_registration):
    key = make_token(secretariat, scope=ApiToken.Scope.READ)

    response = api.post(f"/api/v1/registrations/{workshop_registration.pk}/decision/", {"action": "confirm"}, key)

    workshop_registration.refresh_from_db()
    assert response.status_code == 403
    assert workshop_registration.status == "pending"
    assert ApiWrite.objects.count() == 0


def test_requests_are_rate_limited_per_token(api, settings, delegate, other_delegate):
    settings.API_TOKEN_RATE = "3/minute"
    key, other_key = make_token(delegate), make_token(other_delegate)

    answers = [api.get("/api/v1/me/", key).status_code for _ in range(4)]
    other = api.get("/api/v1/me/", other_key).status_code

    assert answers == [200, 200, 200, 429]
    assert other == 200


@pytest.mark.parametrize(("alias", "after_clear"), [("api-throttle", 429), ("default", 200)])
def test_the_counters_survive_a_clear_of_the_shared_cache(api, settings, delegate, alias, after_clear):
    # Another xdist worker's test clears the shared cache at any moment (tests/conftest.py): the tests'
    # counters live in a cache of their own. Negative control: in the shared one, a clear resets them.
    from django.core.cache import cache

    settings.API_TOKEN_RATE = "2/minute"
    settings.API_THROTTLE_CACHE = alias
    key = make_token(delegate)

    first = [api.get("/api/v1/me/", key).status_code for _ in range(2)]
    cache.clear()
    after = api.get("/api/v1/me/", key).status_code

    assert (first, after) == ([200, 200], after_clear)


def test_the_portal_counts_every_process_s_requests_in_the_shared_cache():
    from idm_portal import settings as portal_settings

    assert portal_settings.API_THROTTLE_CACHE == "default"


def test_anonymous_requests_are_rate_limited_per_address(api, settings, db):
    settings.API_ANONYMOUS_RATE = "2/minute"

    answers = [api.get("/api/v1/years/").status_code for _ in range(3)]

    assert answers == [200, 200, 429]
