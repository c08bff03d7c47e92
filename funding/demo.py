"""Demo data for funding: the donors of IDM 2010, their money, the budgets and the allocations.

IC/2010/1 (paragraph 21): IOM seeks funding for the whole yearly workshop programme, donors may earmark
for one workshop, and the funded participation of delegates from developing countries is about two
thirds of the cost. So in 2010: the Government of Sweden (the demo donor contact's organisation) gives
to the programme as a whole, other donors earmark for each workshop, funded participation is two
thirds of each budget, and "Societies and Identities" is not yet covered: it stays planned, subject to
available funding. Amounts and rates are illustrative, not IOM's accounts.

Everything goes through the services (audit history, funded seats, status); ``load()`` is idempotent:
records are found by their agreement or bank reference, and nothing already there is recorded twice.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction

from directory.models import User
from workshops.models import DialogueYear, Workshop

from . import services
from .models import Allocation, BudgetLine, Contribution, CostLine, Donor, Payment

D = Decimal
K = Donor.Kind
SECRETARIAT_EMAIL = "secretariat@idm.example"

TRANSNATIONALISM = "Migration and Transnationalism: Opportunities and Challenges"
SOCIETIES = "Societies and Identities: the Multifaceted Impact of Migration"
WALK_THROUGH = "Demonstration workshop: registration walk-through (demo data)"

# (name, kind, country, acknowledged by name, IATI identifier)
DONORS = [
    ("Government of Sweden", K.GOVERNMENT, "SE", True, "XM-DAC-10"),
    ("Government of the Netherlands", K.GOVERNMENT, "NL", True, "XM-DAC-7"),
    ("Government of Australia", K.GOVERNMENT, "AU", True, "XM-DAC-801"),
    ("European Commission", K.INTERGOVERNMENTAL, "", True, "XM-DAC-918-3"),
    ("Government of the United States of America", K.GOVERNMENT, "US", True, "XM-DAC-302"),
    ("Government of Switzerland", K.GOVERNMENT, "CH", True, "XM-DAC-11"),
    ("Fondation pour la mobilité humaine", K.FOUNDATION, "CH", False, ""),
]
# The donors' names in French and Spanish (the foundation keeps its own French name in every language).
DONOR_NAMES = {
    "Government of Sweden": ("Gouvernement de la Suède", "Gobierno de Suecia"),
    "Government of the Netherlands": ("Gouvernement des Pays-Bas", "Gobierno de los Países Bajos"),
    "Government of Australia": ("Gouvernement de l'Australie", "Gobierno de Australia"),
    "European Commission": ("Commission européenne", "Comisión Europea"),
    "Government of the United States of America": (
        "Gouvernement des États-Unis d'Amérique",
        "Gobierno de los Estados Unidos de América",
    ),
    "Government of Switzerland": ("Gouvernement de la Suisse", "Gobierno de Suiza"),
}

# Budgets in USD: funded participation (seats, cost per participant) and the other lines.
BUDGETS = {
    TRANSNATIONALISM: {
        CostLine.PARTICIPATION: {"seats": 24, "unit_cost": D("4000.00"), "description": "Travel and subsistence"},
        CostLine.VENUE: {"amount": D("18000.00"), "description": "Conference room, Geneva, two days"},
        CostLine.INTERPRETATION: {"amount": D("22000.00"), "description": "English, French, Spanish"},
        CostLine.DOCUMENTS: {"amount": D("6000.00"), "description": "Background paper and report"},
        CostLine.OTHER: {"amount": D("4000.00"), "description": "Communications"},
    },
    SOCIETIES: {
        CostLine.PARTICIPATION: {"seats": 30, "unit_cost": D("4000.00"), "description": "Travel and subsistence"},
        CostLine.VENUE: {"amount": D("20000.00"), "description": "Conference room, Geneva, two days"},
        CostLine.INTERPRETATION: {"amount": D("26000.00"), "description": "English, French, Spanish"},
        CostLine.DOCUMENTS: {"amount": D("8000.00"), "description": "Background paper and report"},
        CostLine.OTHER: {"amount": D("6000.00"), "description": "Communications"},
    },
    WALK_THROUGH: {
        CostLine.PARTICIPATION: {"seats": 8, "unit_cost": D("3000.00"), "description": "Travel and subsistence"},
        CostLine.VENUE: {"amount": D("6000.00"), "description": ""},
        CostLine.INTERPRETATION: {"amount": D("4000.00"), "description": ""},
        CostLine.DOCUMENTS: {"amount": D("2000.00"), "description": ""},
    },
}

# (agreement reference, donor, workshop title or None for the programme, cost line, stage, amount, currency,
#  USD rate, pledged on, committed on, payments [(bank reference, received on, amount)])
CONTRIBUTIONS = [
    (
        "SE-IDM-2010",
        "Government of Sweden",
        None,
        "",
        "commitment",
        D("1100000"),
        "SEK",
        D("0.1389"),
        date(2009, 11, 12),
        date(2010, 1, 20),
        [("SE-2010-PAY-1", date(2010, 2, 15), D("700000")), ("SE-2010-PAY-2", date(2010, 6, 1), D("400000"))],
    ),
    (
        "NL-IDM-2010",
        "Government of the Netherlands",
        None,
        "",
        "pledge",
        D("25000"),
        "EUR",
        D("1.3500"),
        date(2010, 5, 3),
        None,
        [],
    ),
    (
        "AU-IDM-2010-T",
        "Government of Australia",
        TRANSNATIONALISM,
        CostLine.PARTICIPATION,
        "commitment",
        D("50000"),
        "AUD",
        D("0.8950"),
        date(2009, 12, 1),
        date(2010, 1, 11),
        [("AU-2010-PAY-1", date(2010, 2, 2), D("50000"))],
    ),
    (
        "EC-IDM-2010-T",
        "European Commission",
        TRANSNATIONALISM,
        "",
        "commitment",
        D("30000"),
        "EUR",
        D("1.3620"),
        date(2009, 12, 10),
        date(2010, 2, 1),
        [("EC-2010-PAY-1", date(2010, 3, 1), D("15000"))],
    ),
    (
        "FMH-IDM-2010-T",
        "Fondation pour la mobilité humaine",
        TRANSNATIONALISM,
        CostLine.DOCUMENTS,
        "commitment",
        D("6000"),
        "USD",
        D("1"),
        None,
        date(2010, 1, 25),
        [("FMH-2010-PAY-1", date(2010, 2, 10), D("6000"))],
    ),
    (
        "US-IDM-2010-S",
        "Government of the United States of America",
        SOCIETIES,
        CostLine.PARTICIPATION,
        "commitment",
        D("60000"),
        "USD",
        D("1"),
        date(2010, 2, 15),
        date(2010, 4, 6),
        [("US-2010-PAY-1", date(2010, 5, 4), D("30000"))],
    ),
    (
        "CH-IDM-2010-S",
        "Government of Switzerland",
        SOCIETIES,
        "",
        "pledge",
        D("40000"),
        "CHF",
        D("0.9480"),
        date(2010, 4, 20),
        None,
        [],
    ),
]

# Programme money (Sweden's) allocated by the secretariat: (workshop title, USD, allocated on, note).
ALLOCATIONS = [
    (TRANSNATIONALISM, D("54390.00"), date(2010, 2, 20), "Balance of the budget"),
    (SOCIETIES, D("70000.00"), date(2010, 6, 10), "First allocation"),
    (WALK_THROUGH, D("18000.00"), date(2010, 6, 10), "Demonstration workshop"),
]


def load() -> dict[str, int]:
    with transaction.atomic():
        return _load()


def _load() -> dict[str, int]:
    by = User.objects.filter(email=SECRETARIAT_EMAIL).first()
    year = DialogueYear.objects.filter(year=2010).first()
    workshops = {w.title: w for w in Workshop.objects.filter(year=year)} if year else {}
    donors = {}
    for name, kind, country, named, iati_ref in DONORS:
        donor = Donor.objects.filter(name=name).first() or Donor(name=name)
        donor.kind, donor.country, donor.acknowledged_by_name, donor.iati_identifier = kind, country, named, iati_ref
        donor.name_fr, donor.name_es = DONOR_NAMES.get(name, ("", ""))
        donors[name] = services.save_donor(donor=donor, by=by) if _changed(donor) else donor

    if year is None or set(BUDGETS) - set(workshops):
        # The workshops' demo data (IDM 2010 and its workshops) is loaded before this; without it,
        # there is nothing to fund yet.
        return {"donors": len(donors)}

    for title, lines in BUDGETS.items():
        services.save_budget(workshop=workshops[title], by=by, lines=lines)

    for (
        reference,
        donor,
        title,
        cost_line,
        stage,
        amount,
        currency,
        rate,
        pledged,
        committed,
        payments,
    ) in CONTRIBUTIONS:
        contribution = Contribution.objects.filter(agreement_reference=reference).first()
        if contribution is None:
            contribution = services.record_contribution(
                by=by,
                donor=donors[donor],
                year=year,
                stage=Contribution.Stage.PLEDGE if pledged else stage,
                amount=amount,
                currency=currency,
                usd_rate=rate,
                pledged_on=pledged,
                committed_on=None if pledged else committed,
                agreement_reference=reference,
                workshop=workshops[title] if title else None,
                cost_line=cost_line,
            )
            if pledged and stage == Contribution.Stage.COMMITMENT:
                contribution = services.commit_contribution(
                    contribution=contribution, by=by, committed_on=committed, usd_rate=rate
                )
        for bank_reference, received_on, paid in payments:
            if not Payment.objects.filter(reference=bank_reference).exists():
                services.record_payment(
                    contribution=contribution,
                    by=by,
                    received_on=received_on,
                    amount=paid,
                    currency=currency,
                    reference=bank_reference,
                )

    for title, amount, allocated_on, note in ALLOCATIONS:
        if not Allocation.objects.filter(workshop=workshops[title], note=note).exists():
            services.allocate(workshop=workshops[title], by=by, amount_usd=amount, allocated_on=allocated_on, note=note)

    # The workshops' demo data writes its own numbers on each load: put funding's back.
    for title in BUDGETS:
        services.refresh_workshop_funding(workshop=workshops[title])
    return {
        "donors": len(donors),
        "budget lines": BudgetLine.objects.filter(workshop__year=year).count(),
        "contributions": Contribution.objects.filter(year=year).count(),
        "payments": Payment.objects.filter(contribution__year=year).count(),
        "allocations": Allocation.objects.filter(workshop__year=year).count(),
    }


def _changed(donor: Donor) -> bool:
    if donor.pk is None:
        return True
    stored = Donor.objects.get(pk=donor.pk)
    return any(
        getattr(stored, name) != getattr(donor, name)
        for name in ("name_fr", "name_es", "kind", "country", "acknowledged_by_name", "iati_identifier")
    )
