"""Each request's user and roles are read by one query (idm_portal/authentication.py), and the session is
judged exactly as django.contrib.auth.get_user judges it."""

import pytest
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory import roles
from directory.models import User
from directory.named_statements import source
from idm_portal.authentication import get_user
from tests import factories

pytestmark = pytest.mark.django_db

ALLAUTH = "allauth.account.auth_backends.AuthenticationBackend"


def _request_for(session_key: str):
    request = RequestFactory().get("/")
    request.session = SessionStore(session_key)
    return request


def _answers(client) -> tuple:
    """(user id or None, session kept) from the portal's get_user and from Django's, each on its own request."""
    key = client.session.session_key
    row = Session.objects.get(pk=key)
    answers = []
    for read in (get_user, auth.get_user):
        request = _request_for(key)
        user = read(request)
        answers.append((user.pk, request.session.session_key == key, request.session.is_empty()))
        Session.objects.all().delete()
        row.save(force_insert=True)  # as it was, for the other reader
    return tuple(answers)


@pytest.mark.parametrize("kind", ["delegate", "secretariat", "donor", "member"])
def test_a_signed_in_request_reads_its_user_and_roles_with_one_query(client, kind):
    user = {
        "delegate": lambda: factories.make_delegate(email="d@state.example", focal_point=True),
        "secretariat": lambda: factories.make_secretariat(email="s@iom.example"),
        "donor": lambda: factories.make_donor_contact(email="c@donor.example"),
        "member": lambda: factories.UserFactory(email="m@example.org"),
    }[kind]()
    client.force_login(user)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("directory:profile"))

    sent = [source(q["sql"]) for q in captured.captured_queries]  # a prepared statement by the SQL it runs
    user_reads = [sql for sql in sent if 'FROM "directory_user"' in sql]
    assert (response.status_code, response.wsgi_request.user.pk, len(user_reads)) == (200, user.pk, 1)
    assert [table in user_reads[0] for table in ("directory_user_groups", "mfa_authenticator")] == [True, True]
    assert roles.roles_of(response.wsgi_request.user) == roles._resolve(User.objects.get(pk=user.pk))


def test_the_session_of_a_signed_in_user_is_judged_as_django_judges_it(client, settings, delegate):
    client.force_login(delegate)
    assert _answers(client) == ((delegate.pk, True, False),) * 2

    delegate.set_password("another-password-2010")  # changed elsewhere: this session's hash is stale
    delegate.save()
    assert _answers(client) == ((None, False, True),) * 2


def test_an_older_secret_keeps_the_session_under_a_new_key(client, settings, delegate):
    client.force_login(delegate)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-of-the-portal-0123456789-abcdefghijklmnop"

    assert _answers(client) == ((delegate.pk, False, False),) * 2


@pytest.mark.parametrize("change", ["inactive", "deleted", "backend removed", "no backend"])
def test_a_session_whose_user_or_backend_is_gone_is_anonymous(client, settings, delegate, change):
    client.force_login(delegate)
    if change == "inactive":
        User.objects.filter(pk=delegate.pk).update(is_active=False)
    elif change == "deleted":
        User.objects.filter(pk=delegate.pk).delete()
    elif change == "backend removed":
        settings.AUTHENTICATION_BACKENDS = ["directory.permissions.RulesBackend"]
    else:
        session = client.session
        del session[BACKEND_SESSION_KEY]
        session.save()

    assert _answers(client)[0][0] is None
    assert _answers(client)[0][0] == _answers(client)[1][0]
    assert client.get(reverse("directory:profile")).status_code == 302


def test_the_backend_of_a_session_logged_in_by_allauth_is_allauths(client, delegate):
    client.force_login(delegate)

    assert client.session[BACKEND_SESSION_KEY] == ALLAUTH
