"""Production settings pass Django's deployment checks; a missing secret stops the start; CSP is strict."""

import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

# Values a deployment may set to weaken the HTTPS defaults, and one the browser tests set for
# themselves: the checks below run without them.
NOT_IN_PRODUCTION = (
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DJANGO_SECURE_SSL_REDIRECT",
    "DJANGO_SECURE_COOKIES",
    "DJANGO_SECURE_HSTS_SECONDS",
    "DJANGO_SECURE_HSTS_PRELOAD",
)


def _production_env(**values: str) -> dict[str, str]:
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DJANGO_DEBUG", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", *NOT_IN_PRODUCTION)
    }
    environment.update(DJANGO_SETTINGS_MODULE="idm_portal.settings", **values)
    return environment


def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_passes_with_production_values():
    env = _production_env(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="idm.iom.int",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://idm.iom.int",
    )

    result = _run("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env)

    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "System check identified no issues (0 silenced).\n",
        "",
    )


def test_check_deploy_fails_in_debug_mode():
    """The check above can fail: with DEBUG on, the same command reports the insecure values."""
    env = _production_env(DJANGO_DEBUG="1", DJANGO_ALLOWED_HOSTS="idm.iom.int")

    result = _run("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 1
    assert sorted(set(re.findall(r"\(security\.W\d+\)", result.stderr))) == [
        "(security.W004)",
        "(security.W008)",
        "(security.W009)",
        "(security.W012)",
        "(security.W016)",
        "(security.W018)",
    ]


@pytest.mark.parametrize("debug", [{"DJANGO_DEBUG": "0"}, {"DJANGO_DEBUG": "false"}, {}], ids=["0", "false", "unset"])
def test_settings_refuse_to_load_without_a_secret_key_when_debug_is_off(debug):
    env = _production_env(DJANGO_ALLOWED_HOSTS="idm.iom.int", **debug)

    result = _run("-c", "import django; django.setup()", env=env)

    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off."
    )


EXPECTED_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}


def _csp(response) -> dict[str, list[str]]:
    directives = [part.split() for part in response.headers["Content-Security-Policy"].split(";") if part.strip()]
    return {name: values for name, *values in directives}


def test_home_page_has_a_strict_content_security_policy(client, db):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert _csp(response) == EXPECTED_CSP
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]


INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)


@pytest.mark.parametrize(
    ("role", "name"),
    [
        ("anonymous", "home"),
        ("anonymous", "account_login"),
        ("anonymous", "account_signup"),
        ("delegate", "home"),
        ("delegate", "directory:profile"),
        ("focal_point", "home"),
        ("donor_contact", "home"),
        ("secretariat", "home"),
        ("secretariat", "directory:affiliation_queue"),
        ("secretariat", "directory:person_create"),
    ],
)
def test_pages_have_no_inline_script_or_style(client, request, role, name):
    if role == "anonymous":
        request.getfixturevalue("db")
    else:
        client.force_login(request.getfixturevalue(role))

    response = client.get(reverse(name))

    assert response.status_code == 200
    assert INLINE.findall(response.content.decode()) == []
