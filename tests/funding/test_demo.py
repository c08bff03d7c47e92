"""The funding demo data of 2010: a programme donor, earmarks for each workshop, funded participation
about two thirds of each budget, one workshop not yet covered; loading it again changes nothing."""

from decimal import Decimal

import pytest

from directory import demo as directory_demo
from funding import demo
from funding.models import AuditEntry, Contribution, CostLine, Donor
from funding.queries import year_dashboard
from idm_portal import demo_accounts
from workshops import demo as workshops_demo
from workshops.models import DialogueYear, Workshop

WS = Workshop.Status


@pytest.fixture
def loaded(db):
    directory_demo.load()
    workshops_demo.load()
    counts = demo.load()
    demo_accounts.load()
    return counts


def _figures():
    dashboard = year_dashboard(DialogueYear.objects.get(year=2010))
    return {f.workshop.title: f for f in dashboard.workshops}


def test_2010_is_funded_by_a_programme_donor_and_earmarks(loaded):
    programme = Contribution.objects.filter(year__year=2010, workshop__isnull=True).exclude(stage="pledge")
    earmarked = {c.workshop.title for c in Contribution.objects.filter(year__year=2010, workshop__isnull=False)}

    assert [c.donor.name for c in programme] == ["Government of Sweden"]
    assert earmarked == {demo.TRANSNATIONALISM, demo.SOCIETIES}
    assert Donor.objects.get(contacts__user__email="donor@idm.example").name == "Government of Sweden"


def test_funded_participation_is_about_two_thirds_of_each_budget(loaded):
    shares = {
        title: round(f.result.lines[CostLine.PARTICIPATION].budget / f.budget, 2) for title, f in _figures().items()
    }

    assert shares == {
        demo.TRANSNATIONALISM: Decimal("0.66"),
        demo.SOCIETIES: Decimal("0.67"),
        demo.WALK_THROUGH: Decimal("0.67"),
    }


def test_one_workshop_is_covered_and_societies_is_subject_to_funding(loaded):
    workshops = {w.title: (w.status, w.funded_seats) for w in Workshop.objects.filter(year__year=2010)}

    assert workshops == {
        demo.TRANSNATIONALISM: (WS.CONFIRMED, 24),
        demo.SOCIETIES: (WS.SUBJECT_TO_FUNDING, 23),
        demo.WALK_THROUGH: (WS.SUBJECT_TO_FUNDING, 4),
    }
    assert _figures()[demo.SOCIETIES].gap == Decimal("50000.00")


def test_funded_seats_cover_the_approved_funded_participants(loaded):
    assert [(title, f.seats_over_funded) for title, f in _figures().items() if f.seats_over_funded] == []


def test_loading_again_changes_nothing(loaded):
    audit = AuditEntry.objects.count()

    again = demo.load()
    workshops_demo.load()  # writes its own seat numbers …
    demo.load()  # … and funding puts its own back

    assert again == loaded
    assert AuditEntry.objects.count() == audit
    assert Workshop.objects.get(title=demo.SOCIETIES).funded_seats == 23


def test_the_2010_workshops_show_budget_against_actual_and_sweden_sees_its_spending(loaded):
    dashboard = year_dashboard(DialogueYear.objects.get(year=2010))
    spent = {row.workshop.title: row.total.spent for row in dashboard.actuals.workshops}
    from funding.queries import donor_money

    sweden = donor_money(Donor.objects.get(name="Government of Sweden"))

    # CHF 17,500 and 21,000 at 0.948; USD 5,400 and 3,150 | USD 9,800 and 2,500
    assert spent == {
        demo.TRANSNATIONALISM: Decimal("45048.00"),
        demo.SOCIETIES: Decimal("12300.00"),
        demo.WALK_THROUGH: Decimal("0.00"),
    }
    assert [(w.workshop.title, w.spent) for w in sweden.workshops if w.spent] == [
        (demo.TRANSNATIONALISM, Decimal("23058.00")),
        (demo.SOCIETIES, Decimal("12300.00")),
    ]
    assert demo.load()["expenditures"] == 6
