"""Every named URL, every role: the answer to a GET (and to a POST where the row gives one).

The rows live in ``tests/matrix_core.py`` and ``tests/<app>/matrix.py`` (see ``tests/matrix.py``).
A named URL of one of our apps without a row fails ``test_every_url_of_our_apps_has_a_row``.
"""

import json
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from api.models import ApiToken
from directory.models import Affiliation

from . import factories
from .matrix import LOGIN, ROLES, Expectation, Redirect, World, build_world, load_matrix

MATRIX = load_matrix()
API = "/api/"

OWN_PACKAGES = {
    "idm_portal",
    "directory",
    "workshops",
    "consultations",
    "sessions_council",
    "funding",
    "travel",
    "documents",
    "api",
}
OWN_NAMESPACES = {
    "directory",
    "workshops",
    "consultations",
    "sessions_council",
    "funding",
    "travel",
    "documents",
    "api",
}

# Third-party URLs we do not test role by role, each with the reason.
IGNORED_NAMESPACES = {
    "admin": "Django admin: admin.site.has_permission lets superusers only; the gate is the rows "
    "admin:index and admin:login, every other admin view goes through the same check",
}
IGNORED = {
    "account_inactive": "allauth: shown only after logging in to an inactive account",
    "account_reauthenticate": "allauth: asked by allauth itself before sensitive account changes",
    "account_request_reauthentication_code": "allauth: log-in by code is off",
    "account_confirm_reauthentication_code": "allauth: log-in by code is off",
    "account_confirm_login_code": "allauth: log-in by code is off; only reachable inside a log-in stage",
    "account_email_verification_sent": "allauth: the page after sign-up, no data",
    "account_confirm_email": "allauth: needs a key from the e-mail; the browser test follows it",
    "account_set_password": "allauth: for accounts without a password; ours always have one",
    "account_reset_password": "allauth: public password reset, allauth's own rate limits",
    "account_reset_password_done": "allauth: public page after asking for a reset, no data",
    "account_reset_password_from_key": "allauth: needs a key from the e-mail",
    "account_reset_password_from_key_done": "allauth: public page after a reset, no data",
    "mfa_authenticate": "allauth: only inside a log-in stage; the browser test passes it",
    "mfa_reauthenticate": "allauth: asked by allauth itself before changing authenticators",
    "mfa_deactivate_totp": "allauth: the user's own authenticator, behind reauthentication",
    "mfa_view_recovery_codes": "allauth: the user's own codes, behind reauthentication",
    "mfa_generate_recovery_codes": "allauth: the user's own codes, behind reauthentication",
    "mfa_download_recovery_codes": "allauth: the user's own codes, behind reauthentication",
}


@dataclass(frozen=True)
class Route:
    name: str | None
    namespace: str
    route: str
    module: str

    @property
    def qualified_name(self) -> str | None:
        if self.name is None:
            return None
        return f"{self.namespace}:{self.name}" if self.namespace else self.name

    @property
    def own(self) -> bool:
        root = self.namespace.split(":")[0]
        return root in OWN_NAMESPACES or root.startswith("donor") or self.module.split(".")[0] in OWN_PACKAGES


def _module_of(pattern: URLPattern) -> str:
    callback = pattern.callback
    view_class = getattr(callback, "view_class", None)
    return (view_class or callback).__module__


def _walk(resolver: URLResolver, namespace: str = "", prefix: str = "") -> list[Route]:
    routes = []
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            routes.extend(_walk(pattern, inner, route))
        else:
            routes.append(Route(pattern.name, namespace, route, _module_of(pattern)))
    return routes


ROUTES = _walk(get_resolver())
ROUTE_OF = {route.qualified_name: route.route for route in ROUTES if route.qualified_name}


def _is_staff_route(route: str) -> bool:
    return route.lstrip("^").startswith(("staff/", settings.ADMIN_URL))


# --- The matrix covers every URL ------------------------------------------------------------


def test_every_url_of_our_apps_has_a_row():
    own_names = {route.qualified_name for route in ROUTES if route.own and route.qualified_name}

    missing = sorted(own_names - set(MATRIX))

    assert missing == [], f"Add a row to tests/<app>/matrix.py for each of: {', '.join(missing)}"
    assert {"home", "health", "directory:profile"} <= own_names


def test_every_url_of_our_apps_has_a_name():
    unnamed = sorted(route.route for route in ROUTES if route.own and route.name is None)

    assert unnamed == []


def test_every_other_url_has_a_row_or_a_reason():
    uncovered = sorted(
        route.qualified_name
        for route in ROUTES
        if route.qualified_name
        and not route.own
        and route.qualified_name not in MATRIX
        and route.qualified_name not in IGNORED
        and route.namespace.split(":")[0] not in IGNORED_NAMESPACES
    )

    assert uncovered == [], f"Add a row to the matrix, or a reason to IGNORED, for each of: {', '.join(uncovered)}"


def test_rows_and_reasons_name_existing_urls():
    names = set(ROUTE_OF)

    assert sorted(set(MATRIX) - names) == []
    assert sorted(set(IGNORED) - names) == []
    assert sorted(set(IGNORED) & set(MATRIX)) == []


def test_required_third_party_urls_are_in_the_matrix():
    assert {"account_login", "account_signup", "mfa_index", "admin:index"} <= set(MATRIX)


# --- The answers ----------------------------------------------------------------------------


@pytest.fixture
def world(db) -> World:
    return build_world()


def _expected(expectation: Expectation, world: World, path: str) -> tuple[int, str | None]:
    if expectation is LOGIN:
        return 302, reverse(settings.LOGIN_URL) + "?next=" + quote(path, safe="/")
    if isinstance(expectation, Redirect):
        return 302, expectation.location(world)
    return expectation, None


def _answer(response) -> tuple[int, str | None]:
    return response.status_code, response.headers.get("Location")


def _cases(method: str) -> list:
    cases = []
    for name, entry in sorted(MATRIX.items()):
        answers = entry.get if method == "get" else entry.post
        if answers is None:
            continue
        for role in [*ROLES, *(role for role in answers if role not in ROLES)]:
            cases.append(pytest.param(name, role, id=f"{name}-{role}"))
    return cases


def _sign_in(client, user, path: str) -> dict[str, str]:
    """The role's user logs in; on the API (which knows no session) they send a read-and-write token."""
    if user is None:
        return {}
    if path.startswith(API):
        key = ApiToken.objects.create_key(
            user=user, name="matrix", scope=ApiToken.Scope.READ_WRITE, expiry_date=timezone.now() + timedelta(days=1)
        )[1]
        return {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    client.force_login(user)
    return {}


def _path(name: str, world: World) -> str:
    entry = MATRIX[name]
    return reverse(name, kwargs=entry.kwargs(world)) + entry.query


@pytest.mark.parametrize(("name", "role"), _cases("get"))
def test_get(client, world, name, role):
    path = _path(name, world)
    headers = _sign_in(client, world.users[role], path)

    response = client.get(path, **headers)

    assert _answer(response) == _expected(MATRIX[name].get[role], world, path)


@pytest.mark.parametrize(("name", "role"), _cases("post"))
def test_post(client, world, name, role):
    entry = MATRIX[name]
    path = _path(name, world)
    headers = _sign_in(client, world.users[role], path)

    if path.startswith(API):
        response = client.post(path, json.dumps(entry.post_data(world)), content_type="application/json", **headers)
    else:
        response = client.post(path, entry.post_data(world))

    assert _answer(response) == _expected(entry.post[role], world, path)


# --- Secretariat staff need an authenticator app ---------------------------------------------

STAFF_NAMES = sorted(name for name in MATRIX if _is_staff_route(ROUTE_OF[name]))


def test_staff_names_are_found():
    assert {"directory:affiliation_queue", "directory:state_list", "admin:index"} <= set(STAFF_NAMES)


@pytest.mark.parametrize("name", STAFF_NAMES)
def test_secretariat_without_totp_is_sent_to_set_it_up(client, world, name):
    client.force_login(factories.make_secretariat(mfa=False, email="new-staff@iom.example"))

    response = client.get(_path(name, world))

    assert _answer(response) == (302, reverse("mfa_activate_totp"))


def test_secretariat_without_totp_cannot_decide_an_affiliation(client, world):
    client.force_login(factories.make_secretariat(mfa=False, email="new-staff@iom.example"))

    response = client.post(
        reverse("directory:affiliation_decide", kwargs={"pk": world.pending.pk}), {"decision": "approve"}
    )

    world.pending.refresh_from_db()
    assert _answer(response) == (302, reverse("mfa_activate_totp"))
    assert world.pending.status == Affiliation.Status.PENDING


def test_secretariat_without_totp_logs_in_and_reaches_the_setup_page(client, world):
    """No loop: from a staff page to the set-up page, through allauth's password confirmation."""
    staff = factories.make_secretariat(mfa=False, email="new-staff@iom.example")
    setup = reverse("mfa_activate_totp")
    logged_in = client.post(reverse("account_login"), {"login": staff.email, "password": factories.PASSWORD})

    sent_on = client.get(reverse("directory:affiliation_queue"))
    asked_for_password = client.get(setup)
    confirmed = client.post(asked_for_password.headers["Location"], {"password": factories.PASSWORD})
    setup_page = client.get(setup)

    assert _answer(logged_in) == (302, reverse("home"))
    assert _answer(sent_on) == (302, setup)
    assert _answer(asked_for_password) == (302, reverse("account_reauthenticate") + "?next=" + quote(setup, safe=""))
    assert _answer(confirmed) == (302, setup)
    assert _answer(setup_page) == (200, None)


# --- Without two factors, a secretariat account has no secretariat power anywhere -------------


def _as(client, user, method: str, path: str, data: dict) -> tuple[int, str | None]:
    client.force_login(user)
    return _answer(client.post(path, data) if method == "post" else client.get(path))


@pytest.mark.parametrize(
    ("name", "method"),
    [(name, "get") for name in sorted(MATRIX)]
    + [(name, "post") for name in sorted(MATRIX) if MATRIX[name].post is not None],
)
def test_secretariat_without_totp_gets_no_secretariat_answer_anywhere(client, world, name, method):
    """Staff pages send it to set up an authenticator; every other URL answers it exactly as it answers a
    signed-in user with no role at all (its POST first: a refused POST changes nothing for the second)."""
    entry = MATRIX[name]
    path = _path(name, world)
    data = entry.post_data(world) if method == "post" else {}
    without_totp = factories.make_secretariat(mfa=False, email="new-staff@iom.example")
    nobody = factories.UserFactory(email="member@state.example")

    as_staff = _as(client, without_totp, method, path, data)
    as_nobody = _as(client, nobody, method, path, data)

    expected = (302, reverse("mfa_activate_totp")) if _is_staff_route(ROUTE_OF[name]) else as_nobody
    assert as_staff == expected


def test_the_two_factor_rule_is_in_the_role_itself(world):
    """Not only /staff/: the permission registry and the roles refuse such an account everywhere."""
    from directory import roles

    without_totp = factories.make_secretariat(mfa=False, email="new-staff@iom.example")
    with_totp = world.users["secretariat"]

    assert (roles.is_secretariat(without_totp), roles.needs_two_factors(without_totp)) == (False, True)
    assert (roles.is_secretariat(with_totp), roles.needs_two_factors(with_totp)) == (True, False)
    assert (without_totp.has_perm("directory.manage"), with_totp.has_perm("directory.manage")) == (False, True)
