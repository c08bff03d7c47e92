import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group
from django.utils import timezone

from directory.models import Affiliation, MemberState, Organisation, Person, User
from directory.roles import SECRETARIAT_GROUP
from funding.models import Donor, DonorContact

PASSWORD = "correct-horse-battery-staple"
TOTP_SECRET = "JBSWY3DPEHPK3PXPTESTSECR"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class MemberStateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberState
        django_get_or_create = ["country"]

    country = factory.Iterator(["KE", "GH", "EC", "CO", "BD", "NP", "EG", "JO", "MD", "MA", "PE", "VN"])
    name = factory.LazyAttribute(lambda o: f"State {o.country}")
    region = MemberState.Region.AFRICA
    eligible_for_funding = True


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.NGO


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_name = factory.Faker("first_name")
    family_name = factory.Sequence(lambda n: f"Family{n}")
    position = "Counsellor"


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    user = factory.SubFactory(UserFactory)
    member_state = factory.SubFactory(MemberStateFactory)
    status = Affiliation.Status.APPROVED
    decided_at = factory.LazyFunction(timezone.now)


class DonorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Donor

    name = factory.Sequence(lambda n: f"Donor government {n}")
    kind = Donor.Kind.GOVERNMENT


def make_delegate(*, state: MemberState | None = None, focal_point: bool = False, **user_fields) -> User:
    user = UserFactory(**user_fields)
    affiliation = AffiliationFactory(user=user, member_state=state or MemberStateFactory(), is_focal_point=focal_point)
    PersonFactory(
        user=user, given_name=user.first_name, family_name=user.last_name, member_state=affiliation.member_state
    )
    return user


def make_secretariat(*, mfa: bool = True, **user_fields) -> User:
    user = UserFactory(is_staff=True, **user_fields)
    user.groups.add(Group.objects.get_or_create(name=SECRETARIAT_GROUP)[0])
    if mfa:
        TOTP.activate(user, TOTP_SECRET)
    return user


def make_donor_contact(*, donor: Donor | None = None, **user_fields) -> User:
    user = UserFactory(**user_fields)
    DonorContact.objects.create(user=user, donor=donor or DonorFactory())
    return user
