"""The user model answers a permission as Django's backends answer it (``directory.models.User.has_perm``
answers the portal's rules itself, as ``RulesBackend``, the first backend, answers them)."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, _user_has_perm

from directory.rules import RULES
from tests import factories
from tests.workshops.factories import WorkshopFactory

pytestmark = pytest.mark.django_db


def _answer(ask, *args):
    try:
        return ask(*args)
    except Exception as error:  # noqa: BLE001 - a rule that needs an object: both ways must fail alike
        return type(error).__name__


def _by_the_backends(user, perm, obj):
    return (user.is_active and user.is_superuser) or _user_has_perm(user, perm, obj)


def test_the_rules_backend_is_the_first_backend():
    assert settings.AUTHENTICATION_BACKENDS[0] == "directory.permissions.RulesBackend"


@pytest.mark.parametrize(
    "who", ["user", "delegate", "focal point", "secretariat", "donor", "inactive delegate", "inactive superuser"]
)
def test_every_rule_is_answered_as_the_backends_answer_it(who):
    user = {
        "user": lambda: factories.UserFactory(),
        "delegate": lambda: factories.make_delegate(),
        "focal point": lambda: factories.make_delegate(focal_point=True),
        "secretariat": lambda: factories.make_secretariat(),
        "donor": lambda: factories.make_donor_contact(),
        "inactive delegate": lambda: factories.make_delegate(is_active=False),
        "inactive superuser": lambda: factories.UserFactory(is_active=False, is_superuser=True),
    }[who]()
    workshop = WorkshopFactory()

    for obj in (None, workshop):
        answers = {perm: _answer(user.has_perm, perm, obj) for perm in RULES}
        backends = {perm: _answer(_by_the_backends, user, perm, obj) for perm in RULES}
        assert answers == backends
    assert len(RULES) > 20


def test_a_model_permission_is_still_answered_by_the_backends():
    granted, other = factories.UserFactory(), factories.UserFactory()
    superuser = factories.UserFactory(is_superuser=True)
    granted.user_permissions.add(Permission.objects.get(codename="change_user", content_type__app_label="directory"))

    answers = [user.has_perm("directory.change_user") for user in (granted, other, superuser)]

    assert answers == [True, False, True]
