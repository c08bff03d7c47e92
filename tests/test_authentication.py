"""Each request's session, user and roles are read by one query (idm_portal/sessions.py,
idm_portal/authentication.py), and the session is judged exactly as django.contrib.auth.get_user judges it."""

import pytest
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory import roles
from directory.models import User
from directory.named_statements import source
from idm_portal import identity
from idm_portal.authentication import get_user
from idm_portal.models import PortalSession as Session
from idm_portal.sessions import SessionStore
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
    user_reads = [sql for sql in sent if 'FROM "directory_user"' in sql or 'FROM "idm_portal_session"' in sql]
    assert (response.status_code, response.wsgi_request.user.pk, len(user_reads)) == (200, user.pk, 1)
    # The one query reads the session, its user and the roles.
    assert [
        table in user_reads[0] for table in ("idm_portal_session", "directory_user_groups", "mfa_authenticator")
    ] == [
        True,
        True,
        True,
    ]
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


def _queries_of(client, url: str) -> tuple:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, [source(q["sql"]) for q in captured.captured_queries]


def test_the_session_row_names_the_user_its_data_names(client, delegate):
    client.force_login(delegate)
    key = client.session.session_key
    assert Session.objects.get(pk=key).user_id == delegate.pk

    client.post(reverse("account_logout"))

    assert (Session.objects.filter(pk=key).exists(), Session.objects.filter(user_id=delegate.pk).count()) == (False, 0)
    assert client.get(reverse("directory:profile")).status_code == 302


def test_a_column_that_names_another_user_decides_nothing(client, delegate):
    other = factories.make_secretariat(email="s@iom.example")
    client.force_login(delegate)
    Session.objects.filter(pk=client.session.session_key).update(user_id=other.pk)

    response, sent = _queries_of(client, reverse("directory:profile"))

    # The data's user, read by its own query: the session's row named someone else.
    user_reads = [sql for sql in sent if 'FROM "directory_user"' in sql]
    assert (response.status_code, response.wsgi_request.user.pk, len(user_reads)) == (200, delegate.pk, 1)
    assert roles.roles_of(response.wsgi_request.user).secretariat is False


def test_a_session_without_the_column_reads_its_user_by_its_own_query(client, delegate):
    client.force_login(delegate)
    Session.objects.filter(pk=client.session.session_key).update(user_id=None)  # as sessions copied from Django's

    response, sent = _queries_of(client, reverse("directory:profile"))

    assert (response.status_code, response.wsgi_request.user.pk) == (200, delegate.pk)
    assert len([sql for sql in sent if 'FROM "directory_user"' in sql]) == 1


def test_what_changes_between_two_requests_counts_at_the_next(client, delegate):
    from directory.services import withdraw_affiliation

    staff = factories.make_secretariat(email="s@iom.example")
    client.force_login(delegate)
    assert roles.roles_of(client.get(reverse("directory:profile")).wsgi_request.user).delegate is True

    withdraw_affiliation(affiliation=delegate.affiliations.get(), by=delegate)
    assert roles.roles_of(client.get(reverse("directory:profile")).wsgi_request.user).delegate is False

    User.objects.filter(pk=delegate.pk).update(is_active=False)
    identity.renew_identity()  # a change in bulk sends no signal: it renews the kept rows' version itself
    assert client.get(reverse("directory:profile")).status_code == 302

    client.force_login(staff)
    assert client.get(reverse("directory:person_list")).status_code == 200
    staff.authenticator_set.all().delete()  # the authenticator app removed: no secretariat power at once
    assert client.get(reverse("directory:person_list")).url == reverse("mfa_activate_totp")


def test_the_sessions_open_in_djangos_table_are_carried_over(delegate):
    from importlib import import_module
    from types import SimpleNamespace

    from django.apps import apps
    from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore as DjangoStore
    from django.contrib.sessions.models import Session as DjangoSession

    signed_in, anonymous = DjangoStore(), DjangoStore()
    signed_in.update({SESSION_KEY: str(delegate.pk), BACKEND_SESSION_KEY: ALLAUTH})
    signed_in[HASH_SESSION_KEY] = delegate.get_session_auth_hash()
    signed_in.create()
    anonymous["colour"] = "blue"
    anonymous.create()

    migration = import_module("idm_portal.migrations.0002_copy_django_sessions")
    migration.copy_sessions(apps, SimpleNamespace(connection=connection))

    copied = {s.session_key: s for s in Session.objects.all()}
    assert {key: copied[key].user_id for key in copied} == {
        signed_in.session_key: delegate.pk,
        anonymous.session_key: None,
    }
    assert [copied[s.session_key].session_data for s in DjangoSession.objects.order_by("pk")] == [
        s.session_data for s in DjangoSession.objects.order_by("pk")
    ]
    assert get_user(_request_for(signed_in.session_key)).pk == delegate.pk


def test_the_requests_user_is_the_user_itself_once_read(client, delegate):
    from django.utils.functional import SimpleLazyObject

    from idm_portal.authentication import UserAndRolesAuthenticationMiddleware

    client.force_login(delegate)
    user = client.get(reverse("home")).wsgi_request.user
    request = _request_for(client.session.session_key)
    UserAndRolesAuthenticationMiddleware(lambda request: None).process_request(request)
    held = request.user  # as a context processor holds it, before anything reads it
    signed_in = factories.make_delegate(email="other@state.example")
    request.user = signed_in  # as login() sets it, before the held one is read
    read_later = held.pk

    assert (type(user), user.pk) == (User, delegate.pk)
    assert (isinstance(held, SimpleLazyObject), read_later, request.user is signed_in) == (True, delegate.pk, True)


def _session_with(data: dict) -> str:
    store = SessionStore()
    store.update(data)
    store.create()
    return store.session_key


@pytest.mark.parametrize(
    "data",
    [
        {},
        {BACKEND_SESSION_KEY: ALLAUTH},
        {auth.SESSION_KEY: "not-an-id", BACKEND_SESSION_KEY: ALLAUTH},
        {auth.SESSION_KEY: ["1"], BACKEND_SESSION_KEY: ALLAUTH},
        {auth.SESSION_KEY: "1", BACKEND_SESSION_KEY: ["not", "a", "path"]},
    ],
    ids=["empty", "no user", "an id that is no id", "a list for an id", "a list for a backend"],
)
def test_a_session_without_a_user_or_with_garbled_data_is_anonymous(delegate, data):
    key = _session_with(data)

    user = get_user(_request_for(key))

    assert (user.is_anonymous, user.pk) == (True, None)


def test_a_session_whose_data_does_not_verify_is_anonymous(delegate):
    key = _session_with({auth.SESSION_KEY: str(delegate.pk), BACKEND_SESSION_KEY: ALLAUTH})
    Session.objects.filter(pk=key).update(session_data="not-signed:by-this-portal")

    user = get_user(_request_for(key))

    assert (user.is_anonymous, user.pk) == (True, None)


def test_a_key_error_while_loading_the_session_is_a_server_error_not_a_signed_out_user(client, delegate, monkeypatch):
    """A bug of the session's read (here, its row read without its data) must show, not sign people out."""
    client.force_login(delegate)
    key = client.session.session_key
    read = SessionStore._row

    def row_without_its_data(store):
        row = read(store)
        return None if row is None else {name: value for name, value in row.items() if name != "session_data"}

    monkeypatch.setattr(SessionStore, "_row", row_without_its_data)

    with pytest.raises(KeyError) as in_get_user:
        get_user(_request_for(key))
    with pytest.raises(KeyError) as in_a_page:
        client.get(reverse("directory:profile"))

    assert (in_get_user.value.args, in_a_page.value.args) == (("session_data",), ("session_data",))
