"""`make run` loads the demo each time: what it prints stays the same and what the user changed stays."""

import re
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core.management import call_command

from directory.models import User
from workshops import demo as workshops_demo
from workshops import services as workshops_services
from workshops.models import Registration, Workshop

pytestmark = pytest.mark.django_db(transaction=True)
S = Registration.Status


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def demo_workshop() -> Workshop:
    return Workshop.objects.get(slug=workshops_demo.DEMO_SLUG)


def statuses(workshop: Workshop) -> dict[str, int]:
    return dict(sorted((s, workshop.registrations.filter(status=s).count()) for s in (S.CONFIRMED, S.WAITLISTED)))


def test_loading_the_demo_again_keeps_the_seats_the_user_changed_and_the_code_it_printed():
    first = load_demo()
    staff = User.objects.get(email="secretariat@idm.example")
    code = re.search(r"recovery code (\S+),", first).group(1)
    workshops_services.change_capacity(workshop=demo_workshop(), capacity=20, by=staff)
    RecoveryCodes(Authenticator.objects.get(user=staff, type=Authenticator.Type.RECOVERY_CODES)).validate_code(code)
    changed = statuses(demo_workshop())

    second = load_demo()

    codes = RecoveryCodes(Authenticator.objects.get(user=staff, type=Authenticator.Type.RECOVERY_CODES))
    assert (demo_workshop().capacity, statuses(demo_workshop())) == (20, changed)
    assert changed == {S.CONFIRMED: 15, S.WAITLISTED: 0}
    assert second == first
    assert codes.validate_code(code) is True
