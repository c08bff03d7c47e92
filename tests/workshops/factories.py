"""Workshop records for the tests: a year, workshops with an open or closed window, registrations."""

from datetime import timedelta

import factory
from django.utils import timezone

from directory.models import MemberState, Person, User
from workshops import services
from workshops.models import DialogueYear, Registration, Workshop

from .. import factories


class DialogueYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DialogueYear
        django_get_or_create = ["year"]

    year = 2010
    theme = "Migration and social change"
    is_current = True


class WorkshopFactory(factory.django.DjangoModelFactory):
    """By default: upcoming, registration open now, 50 seats, confirmed at once."""

    class Meta:
        model = Workshop

    year = factory.SubFactory(DialogueYearFactory)
    title = factory.Sequence(lambda n: "Workshop %d on migration" % n)
    slug = factory.Sequence(lambda n: "workshop-%d" % n)
    start_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    end_date = factory.LazyAttribute(lambda o: o.start_date + timedelta(days=1))
    venue = "International Conference Centre Geneva (CICG), Geneva"
    description = "First paragraph.\n\nSecond paragraph."
    capacity = 50
    registration_opens = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    registration_closes = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    status = Workshop.Status.SUBJECT_TO_FUNDING


def person_of(user: User) -> Person:
    return Person.objects.get(user=user)


def delegates(n: int, *, state: MemberState | None = None, prefix: str = "d") -> list[User]:
    state = state or factories.MemberStateFactory()
    return [factories.make_delegate(email="%s%d@state.example" % (prefix, i), state=state) for i in range(n)]


def registration(workshop: Workshop, *, status: str, person: Person | None = None, **fields) -> Registration:
    """A registration row written directly (no rules), for arranging a state."""
    if person is None:
        user = factories.make_delegate()
        person = person_of(user)
    user = person.user or factories.UserFactory()
    return Registration.objects.create(
        workshop=workshop,
        person=person,
        member_state=person.member_state,
        registered_by=user,
        status=status,
        **fields,
    )


def register(workshop: Workshop, user: User, **options) -> Registration:
    """The user registers their own person for the workshop (workshops.services.request_registration)."""
    return services.request_registration(workshop=workshop, person=person_of(user), by=user, **options)


def statuses(workshop: Workshop) -> list[str]:
    """The workshop's registrations' statuses in arrival order."""
    return list(workshop.registrations.order_by("created_at", "pk").values_list("status", flat=True))
