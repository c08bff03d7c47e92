"""Expenditures: charged to a source that holds the money, earmarks respected, idempotent per
source reference, reversible and correctable, every change in the audit history."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from funding import services
from funding.models import AuditEntry, CostLine, Expenditure

from . import factories

pytestmark = pytest.mark.django_db


def spend(workshop, *, source=None, amount="1000", cost_line=CostLine.VENUE, **extra):
    values = {
        "by": factories.staff(),
        "workshop": workshop,
        "cost_line": cost_line,
        "spent_on": date(2010, 3, 10),
        "amount": Decimal(amount),
        "currency": "USD",
        "usd_rate": None,
        "description": "Room hire",
        "source": source,
    }
    values.update(extra)
    return services.record_expenditure(**values)


def test_an_expenditure_is_charged_to_the_workshops_earmarked_money(workshop, sweden):
    money = factories.contribution(workshop=workshop, donor=sweden, amount="5000")

    expenditure = spend(workshop, source=money, amount="1200.50", reference="INV-7")

    assert (expenditure.contribution_id, expenditure.allocation_id) == (money.pk, None)
    assert expenditure.usd_amount == Decimal("1200.50")
    assert services.charged(money) == Decimal("1200.50")
    entry = AuditEntry.objects.get(kind=AuditEntry.Kind.EXPENDITURE)
    assert (entry.action, entry.contribution_id, entry.workshop_id, entry.donor_id) == (
        "created",
        money.pk,
        workshop.pk,
        sweden.pk,
    )
    assert entry.after["amount"] == "1200.50"
    assert entry.after["reference"] == "INV-7"


def test_a_foreign_currency_is_valued_in_usd_at_its_rate(workshop):
    money = factories.contribution(workshop=workshop, amount="5000")

    expenditure = spend(workshop, source=money, amount="1000", currency="chf", usd_rate=Decimal("0.955"))

    assert (expenditure.currency, expenditure.usd_amount) == ("CHF", Decimal("955.00"))


def test_a_source_is_never_charged_beyond_what_it_holds(workshop):
    money = factories.contribution(workshop=workshop, amount="5000")
    spend(workshop, source=money, amount="4000")

    with pytest.raises(ValidationError) as refused:
        spend(workshop, source=money, amount="1000.01")

    assert refused.value.message_dict["amount"] == [
        "1,000.01 USD is more than the 1,000.00 USD this source still holds; it is never charged beyond what it holds."
    ]
    assert Expenditure.objects.count() == 1
    assert spend(workshop, source=money, amount="1000").usd_amount == Decimal("1000.00")


def test_money_earmarked_for_another_workshop_is_never_charged(workshop, other_workshop):
    for_other = factories.contribution(workshop=other_workshop, amount="5000")

    with pytest.raises(ValidationError) as refused:
        spend(workshop, source=for_other)

    assert refused.value.message_dict == {"source": ["This money is earmarked for another workshop."]}
    assert Expenditure.objects.count() == 0


def test_money_earmarked_for_a_cost_line_only_pays_that_line(workshop):
    for_interpretation = factories.contribution(workshop=workshop, cost_line=CostLine.INTERPRETATION, amount="5000")

    with pytest.raises(ValidationError) as refused:
        spend(workshop, source=for_interpretation, cost_line=CostLine.VENUE)
    kept = spend(workshop, source=for_interpretation, cost_line=CostLine.INTERPRETATION)

    assert refused.value.message_dict == {"source": ["This money is earmarked for the cost line Interpretation only."]}
    assert kept.cost_line == CostLine.INTERPRETATION


def test_programme_money_is_charged_through_its_allocation(workshop, other_workshop):
    factories.contribution(year=workshop.year, amount="30000")
    programme = workshop.year.contributions.get(workshop=None)
    allocation = services.allocate(
        workshop=workshop, by=factories.staff(), amount_usd=Decimal("3000"), allocated_on=date(2010, 2, 1)
    )

    with pytest.raises(ValidationError) as direct:
        spend(workshop, source=programme)
    with pytest.raises(ValidationError) as elsewhere:
        spend(other_workshop, source=allocation)
    charged = spend(workshop, source=allocation, amount="3000")

    assert direct.value.message_dict == {
        "source": ["Programme money is charged through its allocation to the workshop, not directly."]
    }
    assert elsewhere.value.message_dict == {"source": ["This money is earmarked for another workshop."]}
    assert (charged.allocation_id, charged.contribution_id) == (allocation.pk, None)
    assert services.charged(allocation) == Decimal("3000.00")


def test_a_pledge_holds_nothing(workshop):
    pledge = factories.contribution(workshop=workshop, stage="pledge", amount="5000")

    with pytest.raises(ValidationError) as refused:
        spend(workshop, source=pledge)

    assert refused.value.message_dict == {"source": ["A pledge holds no money yet; it can be charged once committed."]}


def test_without_a_source_the_first_that_can_take_it_is_charged(workshop):
    general = factories.contribution(workshop=workshop, amount="5000")
    for_venue = factories.contribution(workshop=workshop, cost_line=CostLine.VENUE, amount="1000")

    first = spend(workshop, amount="800")
    second = spend(workshop, amount="800")

    assert (first.contribution_id, second.contribution_id) == (for_venue.pk, general.pk)
    with pytest.raises(ValidationError) as refused:
        spend(workshop, amount="4200.01")
    assert refused.value.messages == [
        "No source of %s holds 4,200.01 USD for this cost line: record a contribution or an allocation first, "
        "or charge a smaller amount." % workshop
    ]


def test_the_same_source_ref_never_doubles_and_new_values_correct_it(workshop):
    money = factories.contribution(workshop=workshop, amount="5000")
    ticket = {"source": money, "cost_line": CostLine.PARTICIPATION, "source_ref": "travel:ticket:12"}

    first = spend(workshop, amount="900", **ticket)
    again = spend(workshop, amount="900", **ticket)
    corrected = spend(workshop, amount="950", **ticket)

    assert first.pk == again.pk == corrected.pk
    assert Expenditure.objects.count() == 1
    assert corrected.usd_amount == Decimal("950.00")
    actions = list(AuditEntry.objects.filter(kind="expenditure").order_by("pk").values_list("action", flat=True))
    assert actions == ["created", "changed"]


def test_a_reversal_gives_the_money_back_and_a_repost_charges_it_again(workshop):
    money = factories.contribution(workshop=workshop, amount="1000")
    posted = spend(workshop, source=money, amount="1000", source_ref="travel:dsa:4", cost_line="participation")

    reversed_one = services.reverse_expenditure(by=factories.staff(), source_ref="travel:dsa:4", reason="Cancelled")
    never_posted = services.reverse_expenditure(by=factories.staff(), source_ref="travel:dsa:99", reason="Cancelled")
    assert services.charged(money) == Decimal("0.00")
    reposted = spend(workshop, source=money, amount="1000", source_ref="travel:dsa:4", cost_line="participation")

    assert reversed_one.pk == posted.pk == reposted.pk
    assert never_posted is None
    assert (reposted.reversed_on, reposted.reversal_reason) == (None, "")
    assert services.charged(money) == Decimal("1000.00")


def test_a_correction_is_checked_without_its_old_values(workshop):
    money = factories.contribution(workshop=workshop, amount="1000")
    expenditure = spend(workshop, source=money, amount="1000")
    correct = {
        "expenditure": expenditure,
        "by": factories.staff(),
        "cost_line": CostLine.VENUE,
        "spent_on": date(2010, 3, 11),
        "currency": "USD",
        "usd_rate": None,
        "description": "Room hire, two days",
    }

    with pytest.raises(ValidationError) as no_reason:
        services.correct_expenditure(reason=" ", amount=Decimal("900"), **correct)
    with pytest.raises(ValidationError) as too_much:
        services.correct_expenditure(reason="Invoice", amount=Decimal("1000.01"), **correct)
    corrected = services.correct_expenditure(reason="Invoice corrected", amount=Decimal("999"), **correct)

    assert no_reason.value.message_dict == {"reason": ["Give the reason; it is kept in the audit history."]}
    assert too_much.value.message_dict["amount"] == [
        "1,000.01 USD is more than the 1,000.00 USD this source still holds; it is never charged beyond what it holds."
    ]
    assert (corrected.usd_amount, corrected.spent_on) == (Decimal("999.00"), date(2010, 3, 11))
    entry = AuditEntry.objects.filter(kind="expenditure", action="changed").get()
    assert (entry.before["amount"], entry.after["amount"], entry.reason) == ("1000.00", "999.00", "Invoice corrected")


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"amount": Decimal("0")}, {"amount": ["The amount must be above zero."]}),
        ({"amount": Decimal("-5")}, {"amount": ["The amount must be above zero."]}),
        ({"amount": Decimal("1E+20")}, {"amount": ["The amount is too large."]}),
        ({"amount": Decimal("10.001")}, {"amount": ["USD amounts have at most 2 decimals."]}),
        (
            {"currency": "XYZ", "usd_rate": Decimal("1")},
            {"currency": ["XYZ is not an ISO 4217 currency code (for example USD, EUR, CHF)."]},
        ),
        (
            {"currency": "EUR", "usd_rate": None},
            {"usd_rate": ["Give the exchange rate: how many US dollars one EUR is worth."]},
        ),
        (
            {"currency": "EUR", "usd_rate": Decimal("1E+12")},
            {"usd_rate": ["Give the exchange rate: how many US dollars one EUR is worth."]},
        ),
        (
            {"currency": "EUR", "amount": Decimal("9999999999999"), "usd_rate": Decimal("9")},
            {"amount": ["The amount in US dollars is too large."]},
        ),
        ({"cost_line": "catering"}, {"cost_line": ["Unknown cost line."]}),
        (
            {"spent_on": date(1, 1, 1)},
            {"spent_on": ["Give the date it was spent: from 1900 to today, not in the future."]},
        ),
        (
            {"spent_on": timezone.localdate() + timedelta(days=1)},
            {"spent_on": ["Give the date it was spent: from 1900 to today, not in the future."]},
        ),
        ({"description": "  "}, {"description": ["Say what the money was spent on."]}),
        ({"description": "x" * 301}, {"description": ["At most 300 characters."]}),
        ({"description": "Room\x00hire"}, {"description": ["Null characters are not allowed."]}),
        ({"reference": "r" * 101}, {"reference": ["At most 100 characters."]}),
    ],
)
def test_bad_values_are_refused_by_field_and_nothing_is_saved(workshop, changes, errors):
    money = factories.contribution(workshop=workshop, amount="5000")

    with pytest.raises(ValidationError) as refused:
        spend(workshop, source=money, **changes)

    assert refused.value.message_dict == errors
    assert Expenditure.objects.count() == 0
    assert AuditEntry.objects.filter(kind="expenditure").count() == 0


def test_a_source_cannot_shrink_below_what_was_spent_nor_be_deleted(workshop):
    money = factories.contribution(workshop=workshop, amount="5000")
    factories.contribution(year=workshop.year, amount="5000")  # the programme money allocated
    allocation = services.allocate(
        workshop=workshop, by=factories.staff(), amount_usd=Decimal("2000"), allocated_on=date(2010, 2, 1)
    )
    spend(workshop, source=money, amount="3000")
    spend(workshop, source=allocation, amount="1500")

    with pytest.raises(ValidationError) as shrink:
        services.update_contribution(contribution=money, by=factories.staff(), amount=Decimal("2999"))
    with pytest.raises(ValidationError) as delete:
        services.delete_contribution(contribution=money, by=factories.staff(), reason="Withdrawn")
    with pytest.raises(ValidationError) as shrink_allocation:
        services.update_allocation(
            allocation=allocation, by=factories.staff(), amount_usd=Decimal("1000"), allocated_on=date(2010, 2, 1)
        )
    with pytest.raises(ValidationError) as delete_allocation:
        services.delete_allocation(allocation=allocation, by=factories.staff(), reason="Moved")

    assert shrink.value.messages == ["3,000.00 USD has already been spent from it; it cannot hold less than that."]
    assert delete.value.messages == ["Expenditures are charged to this contribution; reverse or move them first."]
    assert shrink_allocation.value.messages == [
        "1,500.00 USD has already been spent from it; it cannot hold less than that."
    ]
    assert delete_allocation.value.messages == [
        "Expenditures are charged to this allocation; reverse or move them first."
    ]
    money.refresh_from_db()
    assert money.amount == Decimal("5000.000")


def test_earmarked_money_cannot_move_away_from_what_it_paid(workshop, other_workshop):
    money = factories.contribution(workshop=workshop, amount="5000")
    spend(workshop, source=money, amount="100", cost_line=CostLine.VENUE)

    with pytest.raises(ValidationError) as moved:
        services.update_contribution(contribution=money, by=factories.staff(), workshop=other_workshop)
    with pytest.raises(ValidationError) as narrowed:
        services.update_contribution(contribution=money, by=factories.staff(), cost_line=CostLine.INTERPRETATION)

    assert moved.value.messages == ["Expenditures of another workshop are charged to it; its earmark cannot change."]
    assert narrowed.value.messages == ["Expenditures of other cost lines are charged to it; its earmark cannot change."]
