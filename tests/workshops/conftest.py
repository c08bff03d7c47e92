import pytest

from .factories import WorkshopFactory


@pytest.fixture
def workshop(db):
    return WorkshopFactory()


@pytest.fixture
def approval_workshop(db):
    return WorkshopFactory(requires_approval=True)
