"""Shared fixtures: one user per role, and the rules for tests that need real services.

Tests marked ``postgres``, ``broker`` or ``browser`` skip when the service is missing, unless
``IDM_REQUIRE_SERVICES=1`` (CI), which turns each such skip into a failure.
"""

import os
import socket
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from idm_portal.celery import app as celery_app

from . import factories

REQUIRE_SERVICES = os.environ.get("IDM_REQUIRE_SERVICES") == "1"
CHROMIUM = "/usr/bin/chromium"


def _a_redis_database_per_xdist_worker() -> None:
    """Each test empties the cache (``cache.clear()``, a FLUSHDB on Redis), so two xdist workers sharing
    one Redis database empty each other's between two requests of a test, and a test that counts a
    cached page's queries fails now and then under ``-n 2`` (CI). Worker N takes the Nth database from
    the configured one on, never the broker's; the Celery workers a test starts inherit it (CACHE_URL)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    location = settings.CACHES["default"].get("LOCATION")
    if not worker.startswith("gw") or not isinstance(location, str) or not location.startswith("redis://"):
        return
    server, _slash, database = location.rpartition("/")
    broker_server, _slash, broker_database = settings.CELERY_BROKER_URL.rpartition("/")
    free = [n for n in range(16) if not (server == broker_server and str(n) == broker_database)]
    start = free.index(int(database or 0)) if int(database or 0) in free else 0
    own = "%s/%d" % (server, free[(start + int(worker[2:])) % len(free)])
    for alias in settings.CACHES.values():
        if alias.get("LOCATION") == location:
            alias["LOCATION"] = own
    os.environ["CACHE_URL"] = own


_a_redis_database_per_xdist_worker()


def _missing_service(marker: str) -> str | None:
    if marker == "postgres" and settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return "PostgreSQL is not configured (set DATABASE_URL=postgres://...)"
    if marker == "browser":
        if not os.path.exists(CHROMIUM):
            return f"Chromium is not installed at {CHROMIUM}"
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            return "Playwright is not installed"
    if marker == "broker" and not Path(sys.executable).with_name("celery").exists():
        return "the celery command is not installed beside Python"
    return None


def pytest_runtest_setup(item):
    for marker in ("postgres", "broker", "browser"):
        if item.get_closest_marker(marker):
            reason = _missing_service(marker)
            if reason:
                if REQUIRE_SERVICES:
                    pytest.fail(f"IDM_REQUIRE_SERVICES=1 but {reason}", pytrace=False)
                pytest.skip(reason)


@pytest.fixture(autouse=True)
def _isolated(request, settings, tmp_path):
    """Each test: an empty cache (rate limits), media in a temp folder, tasks eager unless a real worker runs,
    and the default language: a request in French leaves French active in the thread (LocaleMiddleware
    activates the request's language and nothing deactivates it), and a later test of the same process
    that calls gettext or renders outside a request would read French."""
    translation.deactivate()
    try:
        cache.clear()
    except RuntimeError:  # the database cache, in a test without database access: nothing to clear
        pass
    settings.MEDIA_ROOT = tmp_path / "media"
    eager = request.node.get_closest_marker("broker") is None
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    yield
    celery_app.conf.task_always_eager = previous
    translation.deactivate()


@pytest.fixture
def secretariat(db):
    return factories.make_secretariat(email="staff@iom.example")


@pytest.fixture
def staff_client(client, secretariat):
    """The test client signed in as the secretariat."""
    client.force_login(secretariat)
    return client


@pytest.fixture
def delegate(db):
    return factories.make_delegate(email="delegate@state.example")


@pytest.fixture
def other_delegate(db):
    return factories.make_delegate(email="other@state.example")


@pytest.fixture
def focal_point(db):
    return factories.make_delegate(email="focal@state.example", focal_point=True)


@pytest.fixture
def donor_contact(db):
    return factories.make_donor_contact(email="donor@donor.example")


@pytest.fixture
def other_donor_contact(db):
    return factories.make_donor_contact(email="otherdonor@donor.example")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change as if its transaction committed (kept fragments are renewed on commit)."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests create many users; a real password hash each time would make the suite slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_outbox_ids_from_an_earlier_test():
    """A test's transaction is rolled back without its on-commit callbacks, so the ids its e-mails left
    in the outbox's per-thread list would be published by a later test of the same process."""
    from directory import broker, outbox

    outbox._pending.ids = []
    broker._paused_until.clear()  # nor a broker an earlier test made fail, paused


@pytest.fixture(autouse=True)
def _no_decision_kept_from_an_earlier_test():
    """The workshops a process's registrations were decided for are kept by slug (workshops/cache.py
    ``decided``): an earlier test's, of a slug a later test uses again, would be that test's forecast."""
    from workshops import cache

    cache._decided.clear()


@pytest.fixture
def blackhole():
    """An address that takes connections and never answers (packets dropped, as far as a client can
    tell): a listening socket nobody reads."""
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    listening.listen(64)
    yield "redis://127.0.0.1:%d/0" % listening.getsockname()[1]
    listening.close()
