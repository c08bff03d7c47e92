"""/health/ for load balancers (idm_portal/health.py): a request without cookies is answered first in the
stack, with the headers the stack gives, after one real SELECT 1; anything else goes down the stack."""

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError, connection
from django.test import Client

from idm_portal import health

pytestmark = pytest.mark.django_db

OK = {"status": "ok"}
UNAVAILABLE = {"status": "unavailable", "database": "no answer"}


@pytest.fixture(autouse=True)
def asked_afresh(monkeypatch):
    """Every test starts with a process whose database has not answered a check yet."""
    monkeypatch.setattr(health, "_answered_at", None)


def _through_the_stack(settings) -> Client:
    settings.MIDDLEWARE = [
        name for name in django_settings.MIDDLEWARE if name != "idm_portal.health.HealthCheckMiddleware"
    ]
    return Client()


def _refuse(execute, sql, params, many, context):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")


def test_a_load_balancers_check_is_answered_before_the_session_the_user_and_the_resolver(
    client, django_assert_num_queries
):
    with django_assert_num_queries(1) as captured:
        response = client.get("/health/")
    request = response.wsgi_request

    assert (response.status_code, response.json(), captured.captured_queries[0]["sql"]) == (200, OK, "SELECT 1")
    assert (hasattr(request, "session"), hasattr(request, "user"), request.resolver_match) == (False, False, None)


@pytest.mark.parametrize("secure", [False, True], ids=["http", "https"])
@pytest.mark.parametrize("method", ["get", "head"])
def test_the_early_answer_has_the_headers_and_body_the_stack_gives(client, settings, secure, method):
    settings.SECURE_HSTS_SECONDS = 3600
    early = getattr(client, method)("/health/", secure=secure, HTTP_ACCEPT_LANGUAGE="fr-CH, en;q=0.5")
    stack = getattr(_through_the_stack(settings), method)(
        "/health/", secure=secure, HTTP_ACCEPT_LANGUAGE="fr-CH, en;q=0.5"
    )

    assert (hasattr(early.wsgi_request, "session"), hasattr(stack.wsgi_request, "session")) == (False, True)
    assert dict(early.headers) == dict(stack.headers)
    assert (early.status_code, early.content, early.cookies) == (stack.status_code, stack.content, stack.cookies)
    assert ("Strict-Transport-Security" in early.headers, early.headers["Content-Language"]) == (secure, "fr")


def test_a_request_with_a_cookie_goes_down_the_stack_and_gets_the_same_answer(client, delegate):
    client.force_login(delegate)

    response = client.get("/health/")

    assert (response.status_code, response.json(), response.wsgi_request.user) == (200, OK, delegate)


def test_a_foreign_host_is_refused_and_http_redirected_to_https_as_by_the_stack(client, settings):
    refused = client.get("/health/", HTTP_HOST="evil.example")
    posted = Client(enforce_csrf_checks=True).post("/health/")
    settings.SECURE_SSL_REDIRECT = True
    redirected = Client().get("/health/")

    assert (refused.status_code, posted.status_code) == (400, 403)
    assert (redirected.status_code, redirected.headers["Location"]) == (301, "https://testserver/health/")


def test_a_database_that_does_not_answer_is_a_503_with_json_early_and_through_the_stack(client, settings, caplog):
    with connection.execute_wrapper(_refuse):
        early = client.get("/health/")
        stack = _through_the_stack(settings).get("/health/")

    assert (early.status_code, early.json(), hasattr(early.wsgi_request, "session")) == (503, UNAVAILABLE, False)
    assert (stack.status_code, stack.json(), hasattr(stack.wsgi_request, "session")) == (503, UNAVAILABLE, True)
    assert [record.getMessage() for record in caplog.records if record.name == "idm_portal.health"] == [
        "Health check: the database does not answer."
    ] * 2
    assert client.get("/health/").json() == OK  # once it answers again


def test_the_database_is_asked_at_most_once_a_second_and_again_after(client, monkeypatch, django_assert_num_queries):
    clock = [1000.0]
    monkeypatch.setattr(health.time, "monotonic", lambda: clock[0])
    with django_assert_num_queries(1):
        first = client.get("/health/")
        clock[0] += 0.999
        within = client.get("/health/")
    clock[0] += 0.002  # a second after the first answer
    with django_assert_num_queries(1):
        after = client.get("/health/")

    assert [response.json() for response in (first, within, after)] == [OK] * 3


def test_a_database_that_stops_answering_is_reported_once_the_second_is_over(client, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(health.time, "monotonic", lambda: clock[0])
    assert client.get("/health/").status_code == 200
    with connection.execute_wrapper(_refuse):
        clock[0] += 0.5
        within = client.get("/health/")
        clock[0] += 0.5
        stopped = client.get("/health/")
        clock[0] += 0.1
        still = client.get("/health/")  # a failure stands for no later check

    assert [response.status_code for response in (within, stopped, still)] == [200, 503, 503]


def test_with_no_window_every_check_asks_the_database(client, settings, django_assert_num_queries):
    settings.IDM_HEALTH_DATABASE_SECONDS = 0
    with django_assert_num_queries(3):
        answers = [client.get("/health/").status_code for _ in range(3)]

    assert answers == [200, 200, 200]
