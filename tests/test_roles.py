"""The user's roles: one Roles object per request, resolved by one query, read by every layer."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory import roles
from directory.models import Affiliation
from directory.named_statements import source
from funding.models import Donor
from funding.roles import donor_of
from idm_portal import identity
from tests import factories
from tests.funding.factories import DonorFactory
from tests.workshops.factories import WorkshopFactory

# Tables only the roles query reads on the pages below: the secretariat group, the authenticator
# (two factors) and the donor contact. The one query that resolves the roles joins all three.
ROLE_TABLES = ("directory_user_groups", "mfa_authenticator", "funding_donorcontact")


def _role_queries(captured) -> list[str]:
    """The queries that read the role tables (a prepared statement's execution by the SQL it runs)."""
    queries = [source(query["sql"]) for query in captured.captured_queries]
    return [sql for sql in queries if any(t in sql for t in ROLE_TABLES)]


def _pages(user, workshop) -> list[str]:
    pages = [reverse("home"), reverse("workshops:detail", args=[workshop.slug]), reverse("directory:profile")]
    if roles.is_secretariat(user):
        pages += [reverse("workshops:staff_queue", args=[workshop.slug]), reverse("directory:person_list")]
    if donor_of(user) is not None:
        pages.append(reverse("funding:donor_portal"))
    if roles.delegate_state(user) is not None:
        pages.append(reverse("workshops:my_registrations"))
    return pages


@pytest.mark.parametrize("kind", ["secretariat", "delegate", "focal_point", "donor", "member"])
def test_a_signed_in_page_resolves_the_roles_with_one_query(db, client, kind):
    user = {
        "secretariat": lambda: factories.make_secretariat(email="s@iom.example"),
        "delegate": lambda: factories.make_delegate(email="d@state.example"),
        "focal_point": lambda: factories.make_delegate(email="f@state.example", focal_point=True),
        "donor": lambda: factories.make_donor_contact(email="c@donor.example"),
        "member": lambda: factories.UserFactory(email="m@example.org"),
    }[kind]()
    workshop = WorkshopFactory()
    client.force_login(user)
    pages = _pages(user, workshop)
    for number, url in enumerate(pages):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert (url, response.status_code) == (url, 200)
        role_queries = _role_queries(captured)
        # On Redis the first request keeps the session's row, and the next ones read it there (idm_portal/identity.py).
        expected = 0 if number and identity.enabled() else 1
        assert (url, len(role_queries)) == (url, expected)
        if expected:
            assert [table in role_queries[0] for table in ROLE_TABLES] == [True] * len(ROLE_TABLES), url


def test_an_anonymous_page_resolves_no_roles(db, client):
    workshop = WorkshopFactory()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("workshops:detail", args=[workshop.slug]))
    assert response.status_code == 200
    assert _role_queries(captured) == []


def test_the_roles_of_each_kind_of_user(db):
    focal = factories.make_delegate(email="f@state.example", focal_point=True)
    contact = factories.make_donor_contact(email="c@donor.example", donor=DonorFactory(name="Government of Sweden"))
    staff = factories.make_secretariat(email="s@iom.example", mfa=False)
    pending = factories.UserFactory(email="p@state.example")
    factories.AffiliationFactory(user=pending, status=Affiliation.Status.PENDING, decided_at=None)

    focal_roles = roles.roles_of(focal)
    assert (focal_roles.secretariat, focal_roles.delegate, focal_roles.focal_point, focal_roles.donor) == (
        False,
        True,
        True,
        None,
    )
    assert focal_roles.delegate_state == focal.affiliations.get().member_state
    assert focal_roles.affiliation.member_state.name == focal.affiliations.get().member_state.name

    contact_roles = roles.roles_of(contact)
    assert (contact_roles.delegate, contact_roles.donor) == (False, Donor.objects.get(name="Government of Sweden"))
    assert contact_roles.donor.name == "Government of Sweden"

    staff_roles = roles.roles_of(staff)
    assert (staff_roles.secretariat_member, staff_roles.has_totp, staff_roles.staff_needs_mfa) == (True, False, True)

    pending_roles = roles.roles_of(pending)
    assert (pending_roles.affiliation.status, pending_roles.delegate, pending_roles.approved_affiliation) == (
        "pending",
        False,
        None,
    )


def test_the_roles_are_resolved_once_and_forgotten_on_demand(db, django_assert_num_queries):
    delegate = factories.make_delegate(email="d@state.example")
    state = delegate.affiliations.get().member_state
    with django_assert_num_queries(1):
        assert roles.delegate_state(delegate) == state
        assert roles.is_focal_point(delegate) is False
        assert roles.is_secretariat(delegate) is False
        assert donor_of(delegate) is None
        assert roles.open_affiliation(delegate).status == "approved"
    delegate.affiliations.update(status=Affiliation.Status.WITHDRAWN)
    assert roles.delegate_state(delegate) == state  # still this request's answer
    roles.forget(delegate)
    with django_assert_num_queries(1):
        assert roles.delegate_state(delegate) is None


@pytest.mark.parametrize("with_user", [True, False])
def test_the_compiled_roles_query_reads_what_the_orm_reads(db, with_user):
    users = [
        factories.make_delegate(email="f@state.example", focal_point=True),
        factories.make_donor_contact(email="c@donor.example", donor=DonorFactory(name="Government of Sweden")),
        factories.make_secretariat(email="s@iom.example"),
        factories.make_secretariat(email="n@iom.example", mfa=False),
        factories.UserFactory(email="m@example.org"),
    ]
    compiled = roles._compiled(with_user)

    assert [compiled.fetch(user.pk) for user in users] == [
        roles._queryset(user.pk, with_user=with_user).first() for user in users
    ]
    assert compiled.fetch(max(user.pk for user in users) + 1) is None


def test_a_loaded_user_and_roles_equal_the_orm_objects(db):
    contact = factories.make_donor_contact(email="c@donor.example", donor=DonorFactory(name="Government of Sweden"))

    loaded = roles.user_with_roles(contact.pk)

    assert (loaded, loaded.email, loaded.last_login, loaded.date_joined) == (
        contact,
        "c@donor.example",
        contact.last_login,
        contact.date_joined,
    )
    assert roles.roles_of(loaded).donor.name == "Government of Sweden"
