"""Playwright against pytest-django's live server, driving Debian's /usr/bin/chromium.

``page`` is a fresh browser context per test (own cookies); ``new_page()`` opens another one, for a
second user at the same time. ``login(page, email, ...)`` signs in through allauth, passing the
TOTP step when the account has an authenticator. The browser is launched once per session.
"""

import os
import re
import time

import pytest
from django.test import override_settings

from tests import factories

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 15_000
HOME = re.compile(r"^https?://[^/]+/$")


def pytest_collection_modifyitems(config, items):
    """Browser tests last: once Playwright's sync API runs, this thread keeps an asyncio loop running."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def _browser_environment():
    """What the live server and Playwright need for the rest of the session.

    Playwright's sync API leaves an event loop running in this thread, so Django's ORM calls from
    the tests need DJANGO_ALLOW_ASYNC_UNSAFE. The live server speaks HTTP: no redirect to HTTPS,
    cookies not limited to HTTPS (``make test`` runs with DJANGO_DEBUG=1, where these are off
    already; this keeps the browser tests working with production-like security values).
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with override_settings(SECURE_SSL_REDIRECT=False, SESSION_COOKIE_SECURE=False, CSRF_COOKIE_SECURE=False):
        yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def live_url(_browser_environment, live_server) -> str:
    """The live server is the portal's public address: links in e-mails lead to it."""
    with override_settings(PUBLIC_URL=live_server.url):
        yield live_server.url


@pytest.fixture(scope="session")
def browser(_browser_environment):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_url):
    contexts = []

    def open_page():
        context = browser.new_context(base_url=live_url, locale="en-GB")
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def totp_code(secret: str = factories.TOTP_SECRET) -> str:
    """The authenticator app's current code; waits for a fresh period rather than race its end."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    if app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD < 3:
        time.sleep(app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD + 0.1)
    counter = int(time.time()) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def login(page, email: str, password: str = factories.PASSWORD, *, totp_secret: str | None = None) -> None:
    """Sign in on allauth's page; with ``totp_secret``, pass the two-factor step too."""
    page.goto("/accounts/login/")
    page.get_by_label("Email:", exact=True).fill(email)
    page.get_by_label("Password:", exact=True).fill(password)
    page.get_by_role("button", name="Sign In").click()
    if totp_secret is not None:
        page.wait_for_url("**/accounts/2fa/authenticate/")
        page.get_by_label("Code:", exact=True).fill(totp_code(totp_secret))
        page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(HOME)


def logout(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
