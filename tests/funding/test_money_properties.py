"""Money as a property: any sequence of what the secretariat does with money (pledge, commit, pay,
correct or refund a payment, correct or cancel a contribution, allocate, reallocate, take back an
allocation) keeps the books whole. After every step, read back from the database:

- payments never total more than their contribution's commitment, a pledge holds no payment, and a
  contribution is "paid" exactly when its payments reach the committed amount;
- the money allocated in the year never exceeds its committed unearmarked money;
- every date is coherent: a commitment not before its pledge, a payment not before its commitment
  and never after today;
- a step the services refuse changes nothing at all (no row, no audit entry).

Hypothesis draws the sequences; the examples are derandomised and bounded (50 sequences of at most
14 steps, about 25 s), so CI always runs the same ones. Without the allocation limit in the services
it fails within a few examples."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from funding import services
from funding.models import Allocation, AuditEntry, Contribution, Payment
from tests.factories import DonorFactory

from . import factories

Stage = Contribution.Stage
TODAY = timezone.localdate()
RATES = {"USD": Decimal("1"), "EUR": Decimal("1.25")}

amounts = st.integers(min_value=1, max_value=60).map(lambda n: Decimal(n * 100))
index = st.integers(min_value=0, max_value=7)
days = st.integers(min_value=-30, max_value=60)

pledge = st.tuples(
    st.just("pledge"), st.sampled_from(["", "workshop"]), amounts, st.sampled_from(list(RATES)), st.integers(0, 400)
)
record_commitment = st.tuples(st.just("commitment"), st.sampled_from(["", "workshop"]), amounts, st.integers(0, 400))
commit = st.tuples(st.just("commit"), index, days, st.one_of(st.none(), amounts))
pay = st.tuples(st.just("pay"), index, amounts, days)
correct_payment = st.tuples(st.just("correct_payment"), index, amounts)
refund = st.tuples(st.just("refund"), index)
correct_contribution = st.tuples(st.just("correct_contribution"), index, amounts)
cancel = st.tuples(st.just("cancel"), index)
allocate = st.tuples(st.just("allocate"), st.sampled_from([0, 1]), amounts)
reallocate = st.tuples(st.just("reallocate"), index, amounts)
take_back = st.tuples(st.just("take_back"), index)
steps = st.lists(
    st.one_of(
        pledge,
        record_commitment,
        commit,
        pay,
        correct_payment,
        refund,
        correct_contribution,
        cancel,
        allocate,
        reallocate,
        take_back,
    ),
    min_size=1,
    max_size=14,
)


def _pick(queryset, n):
    rows = list(queryset.order_by("pk"))
    return rows[n % len(rows)] if rows else None


def _books(year) -> tuple:
    """Everything money-related of the year, to prove a refused step changed nothing."""
    return (
        tuple(
            Contribution.objects.filter(year=year)
            .order_by("pk")
            .values_list("pk", "stage", "amount", "usd_amount", "pledged_on", "committed_on", "workshop_id")
        ),
        tuple(Payment.objects.order_by("pk").values_list("pk", "contribution_id", "amount", "received_on")),
        tuple(Allocation.objects.order_by("pk").values_list("pk", "workshop_id", "amount_usd")),
        AuditEntry.objects.count(),
    )


def _run(step, *, year, workshops, donor, by) -> None:
    kind, *args = step
    contributions = Contribution.objects.filter(year=year)
    if kind == "pledge":
        earmark, amount, currency, ago = args
        services.record_contribution(
            by=by,
            donor=donor,
            year=year,
            stage=Stage.PLEDGE,
            amount=amount,
            currency=currency,
            usd_rate=RATES[currency],
            pledged_on=TODAY - timedelta(days=ago),
            workshop=workshops[0] if earmark else None,
        )
    elif kind == "commitment":
        earmark, amount, ago = args
        services.record_contribution(
            by=by,
            donor=donor,
            year=year,
            stage=Stage.COMMITMENT,
            amount=amount,
            currency="USD",
            usd_rate=Decimal(1),
            committed_on=TODAY - timedelta(days=ago),
            workshop=workshops[1] if earmark else None,
        )
    elif kind == "commit":
        n, offset, amount = args
        if (c := _pick(contributions, n)) is not None:
            committed_on = (c.pledged_on or TODAY) + timedelta(days=offset)
            services.commit_contribution(
                contribution=c, by=by, committed_on=committed_on, usd_rate=RATES[c.currency], amount=amount
            )
    elif kind == "pay":
        n, amount, offset = args
        if (c := _pick(contributions, n)) is not None:
            received_on = (c.committed_on or c.pledged_on) + timedelta(days=offset)
            services.record_payment(contribution=c, by=by, received_on=received_on, amount=amount, currency=c.currency)
    elif kind == "correct_payment":
        n, amount = args
        if (p := _pick(Payment.objects.all(), n)) is not None:
            services.update_payment(payment=p, by=by, received_on=p.received_on, amount=amount, currency=p.currency)
    elif kind == "refund":
        if (p := _pick(Payment.objects.all(), args[0])) is not None:
            services.delete_payment(payment=p, by=by, reason="Refunded to the donor.")
    elif kind == "correct_contribution":
        n, amount = args
        if (c := _pick(contributions, n)) is not None:
            services.update_contribution(contribution=c, by=by, amount=amount)
    elif kind == "cancel":
        if (c := _pick(contributions, args[0])) is not None:
            services.delete_contribution(contribution=c, by=by, reason="Withdrawn by the donor.")
    elif kind == "allocate":
        which, amount = args
        services.allocate(workshop=workshops[which], by=by, amount_usd=amount, allocated_on=TODAY)
    elif kind == "reallocate":
        n, amount = args
        if (a := _pick(Allocation.objects.all(), n)) is not None:
            services.update_allocation(allocation=a, by=by, amount_usd=amount, allocated_on=a.allocated_on)
    elif kind == "take_back":
        if (a := _pick(Allocation.objects.all(), args[0])) is not None:
            services.delete_allocation(allocation=a, by=by, reason="Moved to another workshop.")


def _check_the_books(year) -> None:
    available = Decimal(0)
    for c in Contribution.objects.filter(year=year).prefetch_related("payments"):
        paid = sum((p.amount for p in c.payments.all()), Decimal(0))
        assert paid <= c.amount, (c.pk, paid, c.amount)
        if c.stage == Stage.PLEDGE:
            assert paid == 0
        else:
            assert c.stage == (Stage.PAID if paid >= c.amount else Stage.COMMITMENT), (c.pk, c.stage, paid)
            if c.workshop_id is None:
                available += c.usd_amount
        if c.pledged_on is not None and c.committed_on is not None:
            assert c.committed_on >= c.pledged_on
        for p in c.payments.all():
            assert c.committed_on <= p.received_on <= TODAY, (p.received_on, c.committed_on)
    allocated = sum(Allocation.objects.filter(workshop__year=year).values_list("amount_usd", flat=True), Decimal(0))
    assert allocated <= available, (allocated, available)


@pytest.fixture
def books(db):
    year = factories.YearFactory()
    workshops = [factories.WorkshopFactory(year=year), factories.WorkshopFactory(year=year)]
    for workshop in workshops:
        factories.budget(workshop)
    return year, workshops, DonorFactory(name="Government of Switzerland"), factories.staff()


@settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=steps)
def test_any_sequence_of_money_steps_keeps_the_books_whole(books, sequence):
    year, workshops, donor, by = books
    with transaction.atomic():  # each example starts from the same empty books
        for step in sequence:
            before = _books(year)
            try:
                _run(step, year=year, workshops=workshops, donor=donor, by=by)
            except ValidationError:
                assert _books(year) == before, step
            _check_the_books(year)
        transaction.set_rollback(True)
