"""The permission matrix: what every named URL answers to every role.

Each app keeps its rows in ``tests/<app>/matrix.py`` as ``MATRIX = {url_name: Entry(...)}``; the
rows for the project's own pages (home, health) and the allauth and admin pages we rely on are in
``tests/matrix_core.py``. ``tests/test_permission_matrix.py`` merges them all and fails when a named
URL of one of our apps has no row.

An entry states, for every role, what a GET answers (and, optionally, what a POST answers):
an HTTP status, ``LOGIN`` (302 to the log-in page with ``?next=`` the page asked for) or
``Redirect(...)`` (302 to an exact address). URL kwargs are built from the objects of a ``World``
that the test creates: one user per role and the directory records they relate to.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.urls import reverse

ROLES = ("anonymous", "delegate", "other_delegate", "focal_point", "donor_contact", "secretariat")
# Not one of the portal's roles, but the only one the Django admin lets in.
EXTRA_ROLES = ("superuser",)


@dataclass(frozen=True)
class Login:
    """302 to allauth's log-in page, coming back to the page asked for."""

    def __repr__(self) -> str:
        return "LOGIN"


LOGIN = Login()


@dataclass(frozen=True)
class Redirect:
    """302 to exactly this address: a URL name (with kwargs built from the world) or a path."""

    to: str
    kwargs: Callable[[World], dict[str, Any]] | None = None
    query: str = ""

    def location(self, world: World) -> str:
        address = (
            self.to if self.to.startswith("/") else reverse(self.to, kwargs=self.kwargs(world) if self.kwargs else None)
        )
        return address + self.query


Expectation = int | Login | Redirect


def roles(
    *,
    anonymous: Expectation,
    delegate: Expectation,
    other_delegate: Expectation,
    focal_point: Expectation,
    donor_contact: Expectation,
    secretariat: Expectation,
    superuser: Expectation | None = None,
) -> dict[str, Expectation]:
    """Every role must be stated: a new row cannot forget one."""
    answers = {
        "anonymous": anonymous,
        "delegate": delegate,
        "other_delegate": other_delegate,
        "focal_point": focal_point,
        "donor_contact": donor_contact,
        "secretariat": secretariat,
    }
    if superuser is not None:
        answers["superuser"] = superuser
    return answers


def staff_page(*, secretariat: Expectation = 200, superuser: Expectation | None = None) -> dict[str, Expectation]:
    """A /staff/ page: anonymous users log in, other roles are refused."""
    return roles(
        anonymous=LOGIN,
        delegate=403,
        other_delegate=403,
        focal_point=403,
        donor_contact=403,
        secretariat=secretariat,
        superuser=superuser,
    )


def everyone(answer: Expectation) -> dict[str, Expectation]:
    return roles(
        anonymous=answer,
        delegate=answer,
        other_delegate=answer,
        focal_point=answer,
        donor_contact=answer,
        secretariat=answer,
    )


def signed_in(answer: Expectation) -> dict[str, Expectation]:
    """Any signed-in user gets ``answer``; anonymous users log in first."""
    return {**everyone(answer), "anonymous": LOGIN}


def no_kwargs(world: World) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Entry:
    """One row of the matrix.

    ``get``: the answer to a GET, per role. A POST-only view answers 405 to the roles allowed to
    use it and 403 or ``LOGIN`` to the others. ``post`` (optional): the answer to a POST of
    ``post_data(world)``, per role; each role is tested on fresh data, so a POST may change it.
    """

    get: Mapping[str, Expectation]
    kwargs: Callable[[World], dict[str, Any]] = no_kwargs
    query: str = ""
    post: Mapping[str, Expectation] | None = None
    post_data: Callable[[World], dict[str, Any]] = no_kwargs
    note: str = ""

    def __post_init__(self) -> None:
        for answers in (self.get, self.post):
            if answers is None:
                continue
            missing = set(ROLES) - set(answers)
            unknown = set(answers) - set(ROLES) - set(EXTRA_ROLES)
            if missing or unknown:
                raise ValueError(f"Entry roles: missing {sorted(missing)}, unknown {sorted(unknown)}")


@dataclass
class World:
    """The users of every role and the records the URLs of the matrix point at.

    ``state`` is the member state of ``delegate`` and ``focal_point``; ``other_state`` that of
    ``other_delegate``. ``affiliation`` is the delegate's approved affiliation; ``pending`` a pending
    one of ``applicant``, a signed-up user with no role yet.
    """

    users: dict[str, Any]
    state: Any
    other_state: Any
    organisation: Any
    person: Any
    affiliation: Any
    pending: Any
    applicant: Any
    extra: dict[str, Any] = field(default_factory=dict)


def load_matrix() -> dict[str, Entry]:
    """Merge ``tests/matrix_core.py`` and every ``tests/<app>/matrix.py``; a URL name may appear once."""
    tests_dir = Path(__file__).resolve().parent
    module_names = ["tests.matrix_core"] + [
        f"tests.{info.name}.matrix"
        for info in sorted(pkgutil.iter_modules([str(tests_dir)]), key=lambda info: info.name)
        if info.ispkg and (tests_dir / info.name / "matrix.py").exists()
    ]
    merged: dict[str, Entry] = {}
    for module_name in module_names:
        module = importlib.import_module(module_name)
        for name, entry in module.MATRIX.items():
            if name in merged:
                raise ValueError(f"{name!r} has two rows in the permission matrix ({module_name}).")
            if not isinstance(entry, Entry):
                raise TypeError(f"{module_name}.MATRIX[{name!r}] is not an Entry.")
            merged[name] = entry
    return merged


def build_world() -> World:
    """Users of every role, the member states they act for and records the directory URLs point at."""
    from allauth.mfa.totp.internal.auth import TOTP

    from directory.models import Affiliation

    from . import factories

    state = factories.MemberStateFactory(country="KE", name="Kenya")
    other_state = factories.MemberStateFactory(country="EC", name="Ecuador")
    superuser = factories.UserFactory(email="root@iom.example", is_staff=True, is_superuser=True)
    TOTP.activate(superuser, factories.TOTP_SECRET)
    users = {
        "anonymous": None,
        "delegate": factories.make_delegate(email="delegate@state.example", state=state),
        "other_delegate": factories.make_delegate(email="other@state.example", state=other_state),
        "focal_point": factories.make_delegate(email="focal@state.example", state=state, focal_point=True),
        "donor_contact": factories.make_donor_contact(email="donor@donor.example"),
        "secretariat": factories.make_secretariat(email="staff@iom.example"),
        "superuser": superuser,
    }
    applicant = factories.UserFactory(email="applicant@state.example")
    return World(
        users=users,
        state=state,
        other_state=other_state,
        organisation=factories.OrganisationFactory(name="Global Forum on Migration and Development"),
        person=factories.PersonFactory(given_name="William Lacy", family_name="Swing"),
        affiliation=Affiliation.objects.get(user=users["delegate"]),
        pending=factories.AffiliationFactory(
            user=applicant, member_state=state, status=Affiliation.Status.PENDING, decided_at=None
        ),
        applicant=applicant,
    )
