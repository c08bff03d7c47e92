"""Expired sessions leave the database: every night (celery beat) and by ``manage.py clearsessions``, in
one statement whatever their number, and the sessions still valid keep working (kept in Redis or not)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from idm_portal.celery import app
from idm_portal.identity import renew_identity
from idm_portal.models import PortalSession
from idm_portal.tasks import task_clear_expired_sessions
from tests import factories

pytestmark = pytest.mark.django_db


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    assert client.get(reverse("directory:profile")).status_code == 200  # warm: kept in Redis, when it is the cache
    return client


def _expire(client: Client) -> None:
    """The session's expiry moved into the past, in bulk: what is kept of sessions is renewed, as the
    rule for bulk changes says (idm_portal/identity.py)."""
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    PortalSession.objects.filter(pk=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    renew_identity()


def test_the_nightly_task_deletes_every_expired_session_in_one_statement_and_keeps_the_others():
    staying = _signed_in(factories.UserFactory())
    gone = [_signed_in(factories.UserFactory()) for _ in range(3)]
    for client in gone:
        _expire(client)

    with CaptureQueriesContext(connection) as captured:
        task_clear_expired_sessions()

    assert [query["sql"].split()[0] for query in captured.captured_queries] == ["DELETE"]
    assert list(PortalSession.objects.values_list("pk", flat=True)) == [
        staying.cookies[settings.SESSION_COOKIE_NAME].value
    ]
    assert staying.get(reverse("directory:profile")).status_code == 200
    for client in gone:
        response = client.get(reverse("directory:profile"))
        assert (response.status_code, response.wsgi_request.user.is_authenticated) == (302, False), response.status_code


def test_clearsessions_is_the_same_rule():
    staying = _signed_in(factories.UserFactory())
    gone = _signed_in(factories.UserFactory())
    _expire(gone)

    call_command("clearsessions")

    assert list(PortalSession.objects.values_list("pk", flat=True)) == [
        staying.cookies[settings.SESSION_COOKIE_NAME].value
    ]


def test_the_task_is_scheduled_every_night():
    (entry,) = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == task_clear_expired_sessions.name]
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({3}, {15})
    assert task_clear_expired_sessions.name in app.tasks
