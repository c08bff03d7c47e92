"""Funding rules: stages, payments never above the commitment, allocations never above what is
available, coverage and funded seats written on the workshop in the same transaction, audit."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from funding import services
from funding.models import Allocation, AuditEntry, BudgetLine, Contribution, CostLine, EarlyConfirmation, Payment
from workshops.models import Workshop

from . import factories
from .factories import contribution, pay

D = Decimal
Stage = Contribution.Stage
WS = Workshop.Status


def _errors(excinfo) -> dict:
    return excinfo.value.message_dict


# --- Currency conversion and stages ---------------------------------------------------------


def test_a_pledge_records_the_usd_value_at_its_indicative_rate(year, sweden):
    pledge = contribution(donor=sweden, year=year, stage=Stage.PLEDGE, amount="1100000", currency="SEK", rate="0.1389")

    assert (pledge.stage, pledge.usd_amount, pledge.committed_on) == (Stage.PLEDGE, D("152790.00"), None)


def test_committing_a_pledge_records_the_rate_at_commitment(year, sweden, staff):
    pledge = contribution(donor=sweden, year=year, stage=Stage.PLEDGE, amount="100000", currency="EUR", rate="1.30")

    committed = services.commit_contribution(
        contribution=pledge, by=staff, committed_on=date(2010, 2, 1), usd_rate=D("1.3625"), agreement_reference="A-1"
    )

    assert (committed.stage, committed.usd_rate, committed.usd_amount, committed.committed_on) == (
        Stage.COMMITMENT,
        D("1.3625"),
        D("136250.00"),
        date(2010, 2, 1),
    )
    assert committed.agreement_reference == "A-1"


def test_only_a_pledge_can_be_committed(year, staff):
    committed = contribution(year=year)

    with pytest.raises(ValidationError) as excinfo:
        services.commit_contribution(contribution=committed, by=staff, committed_on=date(2010, 2, 1), usd_rate=D(1))

    assert excinfo.value.messages == ["Only a pledge can be committed; this contribution is already committed."]


def test_usd_contributions_have_a_rate_of_one(year, staff):
    usd = contribution(year=year, amount="5000.50", currency="USD", rate="7")

    assert (usd.usd_rate, usd.usd_amount) == (D("1"), D("5000.50"))


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"amount": D("-5")}, {"amount": ["The amount must be above zero."]}),
        ({"amount": D("0")}, {"amount": ["The amount must be above zero."]}),
        ({"currency": "XYZ"}, {"currency": ["XYZ is not an ISO 4217 currency code (for example USD, EUR, CHF)."]}),
        ({"currency": "JPY", "amount": D("10.5")}, {"amount": ["JPY amounts have at most 0 decimals."]}),
        (
            {"currency": "EUR", "usd_rate": None},
            {"usd_rate": ["Give the exchange rate: how many US dollars one EUR is worth."]},
        ),
    ],
)
def test_bad_contributions_are_refused_and_nothing_is_saved(year, sweden, staff, changes, errors):
    values = {
        "by": staff,
        "donor": sweden,
        "year": year,
        "stage": Stage.COMMITMENT,
        "amount": D("1000"),
        "currency": "EUR",
        "usd_rate": D("1.3"),
        "committed_on": date(2010, 1, 1),
        **changes,
    }

    with pytest.raises(ValidationError) as excinfo:
        services.record_contribution(**values)

    assert _errors(excinfo) == errors
    assert (Contribution.objects.count(), AuditEntry.objects.filter(kind="contribution").count()) == (0, 0)


def test_a_workshop_of_another_year_cannot_be_earmarked(year, staff, sweden):
    other_year = factories.YearFactory(year=2011)
    workshop = factories.WorkshopFactory(year=other_year)

    with pytest.raises(ValidationError) as excinfo:
        services.record_contribution(
            by=staff,
            donor=sweden,
            year=year,
            workshop=workshop,
            stage=Stage.COMMITMENT,
            amount=D(1),
            currency="USD",
            usd_rate=D(1),
            committed_on=date(2010, 1, 1),
        )

    assert _errors(excinfo) == {"workshop": ["The workshop belongs to another IDM year."]}


# --- Payments -------------------------------------------------------------------------------


def test_payments_make_a_commitment_paid_once_they_reach_it(year):
    committed = contribution(year=year, amount="30000", currency="EUR", rate="1.3620")

    pay(committed, "10000")
    committed.refresh_from_db()
    stage_after_first = committed.stage
    last = pay(committed, "20000")
    committed.refresh_from_db()

    assert (stage_after_first, committed.stage) == (Stage.COMMITMENT, Stage.PAID)
    assert last.usd_amount == D("27240.00")


def test_a_payment_above_the_commitment_is_refused_and_nothing_is_saved(year):
    committed = contribution(year=year, amount="30000", currency="EUR", rate="1.3620")
    pay(committed, "25000")

    with pytest.raises(ValidationError) as excinfo:
        pay(committed, "5000.01")

    assert _errors(excinfo) == {
        "amount": [
            "Payments would total 30,000.01 EUR, above the commitment of 30,000.00 EUR "
            "(at most 5,000.00 EUR can still be received)."
        ]
    }
    assert list(Payment.objects.values_list("amount", flat=True)) == [D("25000.000")]


def test_a_pledge_cannot_receive_payments(year):
    pledge = contribution(year=year, stage=Stage.PLEDGE)

    with pytest.raises(ValidationError) as excinfo:
        pay(pledge, "1")

    assert excinfo.value.messages == ["A pledge cannot receive payments; record the commitment first."]


def test_a_payment_in_another_currency_is_refused(year, staff):
    committed = contribution(year=year, amount="1000", currency="EUR", rate="1.3")

    with pytest.raises(ValidationError) as excinfo:
        services.record_payment(
            contribution=committed, by=staff, received_on=date(2010, 2, 1), amount=D(10), currency="CHF"
        )

    assert _errors(excinfo) == {"currency": ["Payments are recorded in the currency of the commitment (EUR)."]}
    assert Payment.objects.count() == 0


def test_editing_a_payment_above_the_commitment_is_refused(year, staff):
    committed = contribution(year=year, amount="1000")
    first = pay(committed, "600")
    pay(committed, "400")

    with pytest.raises(ValidationError):
        services.update_payment(payment=first, by=staff, received_on=date(2010, 2, 1), amount=D("601"), currency="USD")

    first.refresh_from_db()
    assert first.amount == D("600")


def test_deleting_a_payment_takes_the_contribution_back_to_committed(year, staff):
    committed = contribution(year=year, amount="1000")
    payment = pay(committed, "1000")

    services.delete_payment(payment=payment, by=staff, reason="Entered twice")

    committed.refresh_from_db()
    assert committed.stage == Stage.COMMITMENT


def test_a_commitment_cannot_be_lowered_below_what_was_paid(year, staff):
    committed = contribution(year=year, amount="1000")
    pay(committed, "800")

    with pytest.raises(ValidationError) as excinfo:
        services.update_contribution(contribution=committed, by=staff, amount=D("700"))

    assert _errors(excinfo) == {"amount": ["800.00 USD has already been paid; the amount cannot be lower."]}


# --- Coverage, status and funded seats -------------------------------------------------------


def _workshop(workshop) -> tuple[str, int]:
    workshop.refresh_from_db()
    return workshop.status, workshop.funded_seats


def test_a_budget_makes_a_workshop_planned_subject_to_funding(year):
    workshop = factories.WorkshopFactory(year=year, status=WS.PROPOSED)

    factories.budget(workshop)

    assert _workshop(workshop) == (WS.SUBJECT_TO_FUNDING, 0)
    assert dict(BudgetLine.objects.filter(workshop=workshop).values_list("cost_line", "amount")) == {
        "participation": D("80000.00"),
        "venue": D("20000.00"),
        "interpretation": D("10000.00"),
    }


def test_pledges_never_count(workshop):
    contribution(workshop=workshop, stage=Stage.PLEDGE, amount="110000")

    assert _workshop(workshop) == (WS.SUBJECT_TO_FUNDING, 0)


def test_committed_money_sets_the_funded_seats_rounded_down(workshop):
    contribution(workshop=workshop, cost_line=CostLine.PARTICIPATION, amount="39999.99")

    assert _workshop(workshop) == (WS.SUBJECT_TO_FUNDING, 9)


def test_general_money_funds_seats_pro_rata(workshop):
    # 55,000 for the workshop as a whole fills the 110,000 of gaps by half: 40,000 reaches participation.
    contribution(workshop=workshop, amount="55000")

    assert _workshop(workshop) == (WS.SUBJECT_TO_FUNDING, 10)


def test_a_workshop_is_confirmed_once_committed_money_covers_its_budget(workshop):
    contribution(workshop=workshop, amount="100000")
    contribution(workshop=workshop, amount="10000", currency="EUR", rate="1")

    assert _workshop(workshop) == (WS.CONFIRMED, 20)


def test_lower_money_takes_a_confirmed_workshop_back_to_subject_to_funding(workshop, staff):
    money = contribution(workshop=workshop, amount="110000")

    services.update_contribution(contribution=money, by=staff, amount=D("109999.99"))

    assert _workshop(workshop) == (WS.SUBJECT_TO_FUNDING, 19)


def test_moving_an_earmark_updates_both_workshops(workshop, other_workshop, staff):
    money = contribution(workshop=workshop, amount="110000")

    services.update_contribution(contribution=money, by=staff, workshop=other_workshop)

    assert (_workshop(workshop), _workshop(other_workshop)) == ((WS.SUBJECT_TO_FUNDING, 0), (WS.CONFIRMED, 20))


def test_a_held_workshop_keeps_its_status(workshop):
    Workshop.objects.filter(pk=workshop.pk).update(status=WS.HELD)

    contribution(workshop=workshop, amount="110000")

    assert _workshop(workshop) == (WS.HELD, 20)


def test_the_secretariat_confirms_early_with_a_reason_and_can_withdraw_it(workshop, staff):
    confirmation = services.confirm_workshop_early(workshop=workshop, by=staff, reason="Host government pays.")
    confirmed = _workshop(workshop)
    services.withdraw_early_confirmation(workshop=workshop, by=staff, reason="Host withdrew.")

    assert (confirmation.reason, confirmation.confirmed_by) == ("Host government pays.", staff)
    assert (confirmed, _workshop(workshop)) == ((WS.CONFIRMED, 0), (WS.SUBJECT_TO_FUNDING, 0))
    assert EarlyConfirmation.objects.count() == 0


def test_confirming_early_needs_a_reason(workshop, staff):
    with pytest.raises(ValidationError) as excinfo:
        services.confirm_workshop_early(workshop=workshop, by=staff, reason="  ")

    assert _errors(excinfo) == {"reason": ["Give the reason for confirming before the budget is covered."]}
    assert _workshop(workshop) == (WS.SUBJECT_TO_FUNDING, 0)


# --- Allocations ----------------------------------------------------------------------------


def test_programme_money_counts_once_allocated(workshop, staff):
    contribution(year=workshop.year, amount="200000")  # for the programme as a whole
    before = _workshop(workshop)

    services.allocate(workshop=workshop, by=staff, amount_usd=D("110000"), allocated_on=date(2010, 2, 1))

    assert (before, _workshop(workshop)) == ((WS.SUBJECT_TO_FUNDING, 0), (WS.CONFIRMED, 20))
    assert services.unallocated(workshop.year_id) == D("90000.00")


def test_an_allocation_above_what_is_available_is_refused_and_nothing_is_saved(workshop, other_workshop, staff):
    contribution(year=workshop.year, amount="100000")
    contribution(year=workshop.year, amount="50000", stage=Stage.PLEDGE)  # pledges are not available
    services.allocate(workshop=workshop, by=staff, amount_usd=D("60000"), allocated_on=date(2010, 2, 1))

    with pytest.raises(ValidationError) as excinfo:
        services.allocate(workshop=other_workshop, by=staff, amount_usd=D("40000.01"), allocated_on=date(2010, 2, 1))

    assert _errors(excinfo) == {
        "amount_usd": [
            "Only 40,000.00 USD of unearmarked money is available for allocation in this year; "
            "40,000.01 USD is more than that."
        ]
    }
    assert list(Allocation.objects.values_list("amount_usd", flat=True)) == [D("60000.00")]
    assert _workshop(other_workshop) == (WS.SUBJECT_TO_FUNDING, 0)


def test_earmarked_money_is_not_available_for_allocation(workshop, other_workshop, staff):
    contribution(workshop=workshop, amount="100000")

    with pytest.raises(ValidationError):
        services.allocate(workshop=other_workshop, by=staff, amount_usd=D("1"), allocated_on=date(2010, 2, 1))


def test_editing_an_allocation_counts_what_it_had(workshop, staff):
    contribution(year=workshop.year, amount="100000")
    allocation = services.allocate(workshop=workshop, by=staff, amount_usd=D("60000"), allocated_on=date(2010, 2, 1))

    services.update_allocation(allocation=allocation, by=staff, amount_usd=D("100000"), allocated_on=date(2010, 2, 1))

    with pytest.raises(ValidationError):
        services.update_allocation(
            allocation=allocation, by=staff, amount_usd=D("100000.01"), allocated_on=date(2010, 2, 1)
        )
    allocation.refresh_from_db()
    assert allocation.amount_usd == D("100000.00")


def test_programme_money_cannot_drop_below_what_is_allocated(workshop, staff):
    programme = contribution(year=workshop.year, amount="100000")
    services.allocate(workshop=workshop, by=staff, amount_usd=D("80000"), allocated_on=date(2010, 2, 1))

    with pytest.raises(ValidationError) as excinfo:
        services.update_contribution(contribution=programme, by=staff, amount=D("70000"))

    assert excinfo.value.messages == [
        "The year's allocations would exceed its unearmarked money by 10,000.00 USD; reduce the allocations first."
    ]
    programme.refresh_from_db()
    assert programme.amount == D("100000")


def test_allocation_to_a_cost_line(workshop, staff):
    contribution(year=workshop.year, amount="100000")

    services.allocate(
        workshop=workshop,
        by=staff,
        amount_usd=D("20000"),
        allocated_on=date(2010, 2, 1),
        cost_line=CostLine.PARTICIPATION,
    )

    assert _workshop(workshop) == (WS.SUBJECT_TO_FUNDING, 5)


# --- Budgets --------------------------------------------------------------------------------


def test_a_negative_budget_amount_is_refused_and_nothing_is_saved(workshop, staff):
    with pytest.raises(ValidationError) as excinfo:
        services.save_budget(workshop=workshop, by=staff, lines={"venue": {"amount": D("-1")}})

    assert _errors(excinfo) == {"venue": ["A budget amount cannot be negative."]}
    assert BudgetLine.objects.get(workshop=workshop, cost_line="venue").amount == D("20000.00")


def test_removing_a_budget_line(workshop, staff):
    services.save_budget(workshop=workshop, by=staff, lines={"interpretation": None})

    assert sorted(BudgetLine.objects.filter(workshop=workshop).values_list("cost_line", flat=True)) == [
        "participation",
        "venue",
    ]


def test_raising_the_unit_cost_lowers_the_funded_seats(workshop, staff):
    contribution(workshop=workshop, cost_line=CostLine.PARTICIPATION, amount="40000")

    services.save_budget(workshop=workshop, by=staff, lines={"participation": {"seats": 20, "unit_cost": D("5000")}})

    assert _workshop(workshop) == (WS.SUBJECT_TO_FUNDING, 8)


# --- Audit history --------------------------------------------------------------------------


def test_every_change_is_in_the_audit_history(workshop, staff, sweden):
    AuditEntry.objects.all().delete()
    pledge = contribution(
        donor=sweden, workshop=workshop, stage=Stage.PLEDGE, amount="50000", currency="EUR", rate="1.30"
    )
    services.commit_contribution(contribution=pledge, by=staff, committed_on=date(2010, 2, 1), usd_rate=D("1.36"))
    payment = pay(pledge, "50000", reference="BANK-1")
    services.delete_payment(payment=payment, by=staff, reason="Wrong contribution")
    programme = contribution(donor=sweden, year=workshop.year, amount="1000")
    allocation = services.allocate(workshop=workshop, by=staff, amount_usd=D("500"), allocated_on=date(2010, 3, 1))
    services.delete_allocation(allocation=allocation, by=staff, reason="Not needed")
    services.save_budget(workshop=workshop, by=staff, lines={"venue": {"amount": D("25000")}})

    entries = [(e.kind, e.action, e.by_id, e.reason) for e in AuditEntry.objects.order_by("pk")]

    assert entries == [
        ("contribution", "created", staff.pk, ""),
        ("contribution", "changed", staff.pk, ""),  # committed
        ("payment", "created", staff.pk, ""),
        ("contribution", "changed", staff.pk, ""),  # paid
        ("payment", "deleted", staff.pk, "Wrong contribution"),
        ("contribution", "changed", staff.pk, ""),  # back to committed
        ("contribution", "created", staff.pk, ""),
        ("allocation", "created", staff.pk, ""),
        ("allocation", "deleted", staff.pk, "Not needed"),
        ("budget_line", "changed", staff.pk, ""),
    ]
    assert programme.audit_entries.count() == 1


def test_the_audit_history_keeps_the_values_before_and_after(workshop, staff):
    money = contribution(workshop=workshop, amount="1000", currency="EUR", rate="1.25")

    services.update_contribution(contribution=money, by=staff, amount=D("2000"), agreement_reference="AG-7")

    entry = AuditEntry.objects.filter(kind="contribution").order_by("pk").last()
    assert entry.changes == [
        ("amount", "1000.00", "2000.00"),
        ("usd_amount", "1250.00", "2500.00"),
        ("agreement_reference", "", "AG-7"),
    ]
    assert entry.summary == f"{money.donor} – Migration and Transnationalism"


def test_a_refused_change_leaves_no_audit_entry(workshop, staff):
    money = contribution(workshop=workshop, amount="1000")
    count = AuditEntry.objects.count()

    with pytest.raises(ValidationError):
        pay(money, "1000.01")

    assert AuditEntry.objects.count() == count
