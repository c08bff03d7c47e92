"""The portal's CSRF tokens (idm_portal/csrf.py) are Django's tokens, made from one read of the random source."""

import re

import pytest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, _check_token_format, _unmask_cipher_token
from django.test import Client, RequestFactory
from django.urls import reverse

from idm_portal import csrf


def _token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]*)"', html).group(1)


def test_a_token_is_the_requests_secret_masked_anew_and_the_cookie_is_renewed():
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = "a" * 32

    tokens = {csrf.get_token(request) for _ in range(50)}

    assert {_unmask_cipher_token(token) for token in tokens} == {"a" * 32}
    assert (len(tokens), {len(token) for token in tokens}, request.META["CSRF_COOKIE_NEEDS_UPDATE"]) == (50, {64}, True)
    assert [_check_token_format(token) for token in tokens] == [None] * 50


def test_a_request_without_a_secret_gets_a_new_one():
    first, second = RequestFactory().get("/"), RequestFactory().get("/")

    tokens = (csrf.get_token(first), csrf.get_token(second))

    secrets = (first.META["CSRF_COOKIE"], second.META["CSRF_COOKIE"])
    assert (_unmask_cipher_token(tokens[0]), _unmask_cipher_token(tokens[1])) == secrets
    assert (len(secrets[0]), secrets[0] != secrets[1], set(secrets[0]) <= set(CSRF_ALLOWED_CHARS)) == (32, True, True)


def test_random_strings_use_every_allowed_character_and_no_other():
    drawn = "".join(csrf.random_string() for _ in range(2000))

    assert (len(drawn), set(drawn)) == (64_000, set(CSRF_ALLOWED_CHARS))


@pytest.mark.django_db
def test_the_token_of_a_page_is_accepted_by_djangos_csrf_check(delegate):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(delegate)
    token = _token(browser.get(reverse("directory:profile")).content.decode())

    refused = Client(enforce_csrf_checks=True)
    refused.force_login(delegate)
    signed_out = browser.post(reverse("account_logout"), {"csrfmiddlewaretoken": token})
    forged = refused.post(reverse("account_logout"), {"csrfmiddlewaretoken": "x" * 64})

    assert (signed_out.status_code, signed_out.headers["Location"], forged.status_code) == (302, "/", 403)
