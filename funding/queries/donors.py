"""The secretariat's donor screens: the list, a donor's page, a contribution's page."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from ..models import Contribution, Donor
from .figures import Stage, paid_usd, with_paid
from .years import YearTotals, _add_contributions

# --- Donors -------------------------------------------------------------------------------------


def donors_for_list(*, search: str = "") -> QuerySet[Donor]:
    donors = Donor.objects.annotate(
        committed=Sum("contributions__usd_amount", filter=~Q(contributions__stage=Stage.PLEDGE)),
        pledged=Sum("contributions__usd_amount", filter=Q(contributions__stage=Stage.PLEDGE)),
        contacts_count=Count("contacts", distinct=True),
    )
    if search:
        donors = donors.filter(name__icontains=search)
    return donors.order_by("name")


@dataclass
class DonorPage:
    donor: Donor
    contributions: list[Contribution]
    contacts: list
    years: list[YearTotals]


def donor_page(donor: Donor) -> DonorPage:
    contributions = list(
        with_paid(Contribution.objects.filter(donor=donor).select_related("year", "workshop")).order_by(
            "-year__year", "pk"
        )
    )
    totals: dict[int, YearTotals] = {}
    for contribution in contributions:
        contribution.donor = donor
        totals.setdefault(contribution.year_id, YearTotals(year=contribution.year))
    _add_contributions(totals, contributions)
    return DonorPage(
        donor=donor,
        contributions=contributions,
        contacts=list(donor.contacts.select_related("user").order_by("user__email")),
        years=list(totals.values()),
    )


def contribution_page(contribution: Contribution) -> dict:
    payments = list(contribution.payments.all())
    paid = sum((p.amount for p in payments), Decimal(0))
    contribution.paid_amount = paid
    return {
        "contribution": contribution,
        "payments": payments,
        "paid": paid,
        "paid_usd": paid_usd(contribution),
        "outstanding": contribution.amount - paid if contribution.counts else None,
    }
