"""Demo log-ins, one per role, all verified. The secretariat one has TOTP set up."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from directory.models import Affiliation, MemberState, Person, User
from directory.roles import SECRETARIAT_GROUP
from funding.models import Donor, DonorContact

DEMO_PASSWORD = "idm-demo-2010"  # noqa: S105 - demo data for the embedded set-up only
# A fixed base32 secret so the demo account can be added to any authenticator app.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPIDMDEMO2"  # noqa: S105 - demo only

SECRETARIAT = "secretariat@idm.example"
DELEGATE = "delegate@idm.example"
FOCAL_POINT = "focalpoint@idm.example"
DONOR = "donor@idm.example"


def _user(email: str, first: str, last: str, **extra) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"first_name": first, "last_name": last, **extra})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def _affiliate(user: User, state_code: str, position: str, *, focal_point: bool, by: User) -> None:
    state = MemberState.objects.get(country=state_code)
    Affiliation.objects.update_or_create(
        user=user,
        status=Affiliation.Status.APPROVED,
        defaults={
            "member_state": state,
            "position": position,
            "is_focal_point": focal_point,
            "decided_by": by,
            "decided_at": timezone.now(),
        },
    )
    Person.objects.update_or_create(
        user=user,
        defaults={
            "given_name": user.first_name,
            "family_name": user.last_name,
            "email": user.email,
            "member_state": state,
            "position": position,
        },
    )


@transaction.atomic
def load() -> dict[str, str]:
    secretariat = _user(SECRETARIAT, "Clara", "Weber", is_staff=True)
    secretariat.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))
    if not Authenticator.objects.filter(user=secretariat, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(secretariat, DEMO_TOTP_SECRET)
        RecoveryCodes.activate(secretariat)

    delegate = _user(DELEGATE, "Maria", "Santos")
    _affiliate(
        delegate,
        "PH",
        "Second Secretary, Permanent Mission of the Philippines in Geneva",
        focal_point=False,
        by=secretariat,
    )
    focal_point = _user(FOCAL_POINT, "Amadou", "Diallo")
    _affiliate(
        focal_point, "SN", "Counsellor, Permanent Mission of Senegal in Geneva", focal_point=True, by=secretariat
    )

    donor_user = _user(DONOR, "Lars", "Berg")
    donor, _ = Donor.objects.get_or_create(
        name="Government of Sweden", defaults={"kind": Donor.Kind.GOVERNMENT, "country": "SE"}
    )
    DonorContact.objects.update_or_create(user=donor_user, defaults={"donor": donor})

    return {
        "secretariat": SECRETARIAT,
        "delegate": DELEGATE,
        "focal point": FOCAL_POINT,
        "donor contact": DONOR,
        "password": DEMO_PASSWORD,
        "totp secret": DEMO_TOTP_SECRET,
        "recovery code": _demo_recovery_code(secretariat),
    }


def _demo_recovery_code(user: User) -> str:
    """The same code every run, and valid every run: the first of the account's codes, made unused again
    if someone signed in with it since (the demo log-in must keep working as printed)."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    codes = RecoveryCodes(authenticator)
    if authenticator.data.get("used_mask", 0) & 1:
        authenticator.data["used_mask"] &= ~1
        authenticator.save(update_fields=["data"])
    return codes.generate_codes()[0]
