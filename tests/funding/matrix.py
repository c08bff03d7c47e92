"""Permission-matrix rows for funding: the secretariat's pages under /staff/funding/, the donor portal.

The records are made on first use and kept in ``world.extra``: a 2010 workshop with a budget, a
contribution (with a payment) of the world's donor contact's organisation, one of another donor,
programme money of that other donor allocated to the workshop, and a contact of the other donor.
"""

from datetime import date
from decimal import Decimal

from ..matrix import LOGIN, Entry, Redirect, roles, staff_page

STAFF_POST_INVALID = staff_page(secretariat=200)  # an empty form comes back with its errors


def _records(world) -> dict:
    if "funding" not in world.extra:
        from funding import services
        from funding.models import CostLine
        from tests.factories import DonorFactory, make_donor_contact

        from . import factories

        year = factories.YearFactory(year=2010)
        workshop = factories.WorkshopFactory(year=year, title="Migration and Transnationalism")
        factories.budget(workshop)
        own = world.users["donor_contact"].donor_contact.donor
        other = DonorFactory(name="Government of Australia")
        mine = factories.contribution(donor=own, workshop=workshop, amount="1000")
        theirs = factories.contribution(donor=other, workshop=workshop, cost_line=CostLine.VENUE, amount="2000")
        payment = factories.pay(theirs, "500")
        factories.contribution(donor=other, year=year, amount="5000")
        allocation = services.allocate(
            workshop=workshop, by=factories.staff(), amount_usd=Decimal("1000"), allocated_on=date(2010, 3, 1)
        )
        contact = make_donor_contact(email="contact@australia.example", donor=other)
        expenditure = services.record_expenditure(
            by=factories.staff(),
            workshop=workshop,
            cost_line=CostLine.VENUE,
            spent_on=date(2010, 3, 9),
            amount=Decimal("300"),
            currency="USD",
            usd_rate=None,
            description="Room hire",
            source=theirs,
        )
        world.extra["funding"] = {
            "expenditure": expenditure,
            "year": year,
            "workshop": workshop,
            "own": own,
            "other": other,
            "mine": mine,
            "theirs": theirs,
            "payment": payment,
            "allocation": allocation,
            "contact": contact.donor_contact,
        }
    return world.extra["funding"]


def _year(world):
    _records(world)
    return {"year": 2010}


def _workshop(world):
    return {"pk": _records(world)["workshop"].pk}


def _expenditure(world):
    return {"pk": _records(world)["expenditure"].pk}


def _other_donor(world):
    return {"pk": _records(world)["other"].pk}


def _theirs(world):
    return {"pk": _records(world)["theirs"].pk}


def _payment(world):
    return {"pk": _records(world)["payment"].pk}


def _allocation(world):
    return {"pk": _records(world)["allocation"].pk}


def _contact(world):
    return {"pk": _records(world)["contact"].pk}


def _no_kwargs_but_records(world):
    _records(world)
    return {}


DONOR_ONLY = roles(
    anonymous=LOGIN, delegate=403, other_delegate=403, focal_point=403, donor_contact=200, secretariat=403
)

MATRIX = {
    "funding:overview": Entry(get=staff_page(), kwargs=_no_kwargs_but_records),
    "funding:year": Entry(get=staff_page(), kwargs=_year),
    "funding:year_actuals": Entry(get=staff_page(), kwargs=_year),
    "funding:year_contributions": Entry(get=staff_page(), kwargs=_year),
    "funding:year_iati": Entry(get=staff_page(), kwargs=_year),
    "funding:audit": Entry(get=staff_page(), kwargs=_no_kwargs_but_records),
    "funding:audit_filter_options": Entry(get=staff_page(), kwargs=_no_kwargs_but_records),
    "funding:workshop": Entry(get=staff_page(), kwargs=_workshop),
    # An empty budget form is valid: it removes every line.
    "funding:budget": Entry(
        get=staff_page(), kwargs=_workshop, post=staff_page(secretariat=Redirect("funding:workshop", kwargs=_workshop))
    ),
    "funding:allocation_create": Entry(get=staff_page(), kwargs=_workshop, post=STAFF_POST_INVALID),
    "funding:confirm_early": Entry(get=staff_page(), kwargs=_workshop, post=STAFF_POST_INVALID),
    "funding:withdraw_confirmation": Entry(get=staff_page(), kwargs=_workshop, post=STAFF_POST_INVALID),
    "funding:allocation_edit": Entry(get=staff_page(), kwargs=_allocation, post=STAFF_POST_INVALID),
    "funding:allocation_delete": Entry(get=staff_page(), kwargs=_allocation, post=STAFF_POST_INVALID),
    "funding:expenditure_list": Entry(get=staff_page()),
    "funding:expenditure_create": Entry(get=staff_page(), kwargs=_workshop, post=STAFF_POST_INVALID),
    "funding:expenditure_edit": Entry(get=staff_page(), kwargs=_expenditure, post=STAFF_POST_INVALID),
    "funding:expenditure_reverse": Entry(get=staff_page(), kwargs=_expenditure, post=STAFF_POST_INVALID),
    "funding:donor_list": Entry(get=staff_page()),
    "funding:donor_create": Entry(get=staff_page(), post=STAFF_POST_INVALID),
    "funding:donor_detail": Entry(get=staff_page(), kwargs=_other_donor),
    "funding:donor_edit": Entry(get=staff_page(), kwargs=_other_donor, post=STAFF_POST_INVALID),
    "funding:donor_delete": Entry(get=staff_page(), kwargs=_other_donor, post=STAFF_POST_INVALID),
    "funding:donor_contact_add": Entry(get=staff_page(), kwargs=_other_donor, post=STAFF_POST_INVALID),
    # POST only.
    "funding:donor_contact_remove": Entry(
        get=staff_page(secretariat=405),
        kwargs=_contact,
        post=staff_page(secretariat=Redirect("funding:donor_detail", kwargs=_other_donor)),
    ),
    "funding:contribution_create": Entry(get=staff_page(), post=STAFF_POST_INVALID),
    "funding:contribution_detail": Entry(get=staff_page(), kwargs=_theirs),
    "funding:contribution_edit": Entry(get=staff_page(), kwargs=_theirs, post=STAFF_POST_INVALID),
    "funding:contribution_commit": Entry(get=staff_page(), kwargs=_theirs, post=STAFF_POST_INVALID),
    "funding:contribution_delete": Entry(get=staff_page(), kwargs=_theirs, post=STAFF_POST_INVALID),
    "funding:payment_create": Entry(get=staff_page(), kwargs=_theirs, post=STAFF_POST_INVALID),
    "funding:payment_edit": Entry(get=staff_page(), kwargs=_payment, post=STAFF_POST_INVALID),
    "funding:payment_delete": Entry(get=staff_page(), kwargs=_payment, post=STAFF_POST_INVALID),
    # The donor portal: donor contacts only; another donor's record is not found.
    "funding:donor_portal": Entry(get=DONOR_ONLY, kwargs=_no_kwargs_but_records),
    "funding:donor_contribution": Entry(
        get={**DONOR_ONLY, "donor_contact": 404},
        kwargs=_theirs,
        note="the other donor's contribution: 404 for a donor contact (their own answers 200, tests/funding)",
    ),
    "funding:donor_iati": Entry(get=DONOR_ONLY, kwargs=_year, note="their own transactions of 2010"),
}
