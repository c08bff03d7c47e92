"""Funding records for tests, made through the services so they are what the portal would make."""

from datetime import date
from decimal import Decimal

import factory

from funding import cache as funding_cache
from funding import services
from funding.models import Contribution, CostLine, Payment
from tests.factories import DonorFactory, make_secretariat
from workshops.models import DialogueYear, Workshop


class YearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DialogueYear
        django_get_or_create = ["year"]

    year = 2010
    theme = "Migration and social change"


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    year = factory.SubFactory(YearFactory)
    title = factory.Sequence(lambda n: f"Workshop {n}")
    slug = factory.Sequence(lambda n: f"workshop-{n}")
    start_date = date(2010, 3, 9)
    end_date = date(2010, 3, 10)
    status = Workshop.Status.SUBJECT_TO_FUNDING
    capacity = 60


def staff():
    from directory.models import User

    return User.objects.filter(email="treasurer@iom.example").first() or make_secretariat(email="treasurer@iom.example")


def budget(workshop, *, seats=20, unit_cost="4000", venue="20000", interpretation="10000"):
    """Funded participation 20 × 4,000 = 80,000 of 110,000 by default."""
    return services.save_budget(
        workshop=workshop,
        by=staff(),
        lines={
            CostLine.PARTICIPATION: {"seats": seats, "unit_cost": Decimal(unit_cost)},
            CostLine.VENUE: {"amount": Decimal(venue)},
            CostLine.INTERPRETATION: {"amount": Decimal(interpretation)},
        },
    )


def contribution(
    *,
    donor=None,
    year=None,
    workshop=None,
    cost_line="",
    stage=Contribution.Stage.COMMITMENT,
    amount="10000",
    currency="USD",
    rate="1",
    **extra,
) -> Contribution:
    year = year or (workshop.year if workshop else YearFactory())
    return services.record_contribution(
        by=staff(),
        donor=donor or DonorFactory(),
        year=year,
        workshop=workshop,
        cost_line=cost_line,
        stage=stage,
        amount=Decimal(amount),
        currency=currency,
        usd_rate=Decimal(rate),
        pledged_on=date(2009, 12, 1) if stage == Contribution.Stage.PLEDGE else None,
        committed_on=None if stage == Contribution.Stage.PLEDGE else date(2010, 1, 15),
        **extra,
    )


def pay(contribution, amount, *, on=date(2010, 2, 1), reference=""):
    return services.record_payment(
        contribution=contribution,
        by=staff(),
        received_on=on,
        amount=Decimal(amount),
        currency=contribution.currency,
        reference=reference,
    )


def bulk_contributions(n: int, *, donor, year, workshop=None) -> list[Contribution]:
    """n commitments of 1,000 USD, every other one earmarked for ``workshop``, every third fully paid
    (written in bulk, past the services: for the pages' costs at ten times the data; the kept totals
    summed again after, as a data migration sums them)."""
    made = Contribution.objects.bulk_create(
        [
            Contribution(
                donor=donor,
                year=year,
                workshop=workshop if i % 2 else None,
                stage=Contribution.Stage.PAID if i % 3 == 0 else Contribution.Stage.COMMITMENT,
                amount=Decimal("1000.000"),
                currency="USD",
                usd_rate=Decimal("1"),
                usd_amount=Decimal("1000.00"),
                committed_on=date(2010, 1, 15),
            )
            for i in range(n)
        ]
    )
    Payment.objects.bulk_create(
        [
            Payment(
                contribution=c, received_on=date(2010, 2, 1), amount=c.amount, currency="USD", usd_amount=c.usd_amount
            )
            for c in made[::3]
        ]
    )
    services.recount_all()
    funding_cache.invalidate()
    return made


def make_user(**fields):
    from tests.factories import UserFactory

    return UserFactory(**fields)


def funded_registration(workshop, *, state=None):
    """A delegate's registration with funded participation approved."""
    from tests.factories import MemberStateFactory, PersonFactory, make_delegate
    from workshops.models import Registration

    state = state or MemberStateFactory()
    delegate = make_delegate(state=state)
    return Registration.objects.create(
        workshop=workshop,
        person=PersonFactory(member_state=state),
        member_state=state,
        registered_by=delegate,
        status=Registration.Status.CONFIRMED,
        funding=Registration.Funding.APPROVED,
    )


def form_errors(response) -> dict[str, list[str]]:
    """The errors of the page's form, as the user reads them."""
    return {field: [str(e) for e in errors] for field, errors in response.context["form"].errors.items()}


def contribution_data(year, donor, **overrides) -> dict:
    return {
        "donor": donor.pk,
        "year": year.pk,
        "workshop": "",
        "cost_line": "",
        "stage": "pledge",
        "amount": "25000",
        "currency": "EUR",
        "usd_rate": "1.35",
        "pledged_on": "2010-05-03",
        "committed_on": "",
        "agreement_reference": "",
        "note": "",
        **overrides,
    }
