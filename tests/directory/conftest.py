"""What the directory's page tests share: a member state, an applicant and their pending affiliation
(tests/conftest.py has the signed-in secretariat, staff_client)."""

import pytest

from directory.models import Affiliation
from tests import factories


@pytest.fixture
def kenya(db):
    return factories.MemberStateFactory(country="KE", name="Kenya")


@pytest.fixture
def applicant(db):
    return factories.UserFactory(email="amina@state.example", first_name="Amina", last_name="Odhiambo")


@pytest.fixture
def pending(applicant, kenya):
    return factories.AffiliationFactory(
        user=applicant, member_state=kenya, status=Affiliation.Status.PENDING, decided_at=None, position="Director"
    )
