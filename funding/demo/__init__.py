"""Demo data for funding: the donors of IDM 2010, their money, the budgets, the allocations and what was spent.

IC/2010/1 (paragraph 21): IOM seeks funding for the whole yearly workshop programme, donors may earmark
for one workshop, and the funded participation of delegates from developing countries is about two
thirds of the cost. So in 2010: the Government of Sweden (the demo donor contact's organisation) gives
to the programme as a whole, other donors earmark for each workshop, funded participation is two
thirds of each budget, and "Societies and Identities" is not yet covered: it stays planned, subject to
available funding. The expenditures are the venue, interpretation, documents and communications
actually paid (the travel of funded participants is posted by the travel files).

The data is in ``data.json`` beside this loader. Everything goes through the services (audit
history, funded seats, status, the source's lock); ``load()`` is idempotent: records are found by
their agreement, bank or source reference, and nothing already there is recorded twice.
"""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from directory.models import User
from workshops.models import DialogueYear, Workshop

from .. import services
from ..models import Allocation, BudgetLine, Contribution, Donor, Expenditure, Payment

SECRETARIAT_EMAIL = "secretariat@idm.example"
DATA = json.loads((Path(__file__).parent / "data.json").read_text(encoding="utf-8"))
TITLES = DATA["workshops"]  # key → title
TRANSNATIONALISM = TITLES["transnationalism"]
SOCIETIES = TITLES["societies"]
WALK_THROUGH = TITLES["walk_through"]
AMOUNTS = {"amount", "unit_cost", "usd_rate", "amount_usd"}


def _value(name: str, value):
    if value is None or value == "":
        return value
    if name in AMOUNTS:
        return Decimal(value)
    if name.endswith("_on"):
        return date.fromisoformat(value)
    return value


def _record(row: dict) -> dict:
    return {name: _value(name, value) for name, value in row.items()}


def contributions() -> list[tuple]:
    """The contributions as (reference, donor, workshop title, cost line, stage, amount, currency, rate,
    pledged on, committed on, [(bank reference, received on, amount)])."""
    rows = []
    for row in map(_record, DATA["contributions"]):
        payments = [(p["reference"], p["received_on"], p["amount"]) for p in map(_record, row["payments"])]
        rows.append(
            (
                row["agreement_reference"],
                row["donor"],
                TITLES[row["workshop"]] if row["workshop"] else None,
                row["cost_line"],
                row["stage"],
                row["amount"],
                row["currency"],
                row["usd_rate"],
                row["pledged_on"],
                row["committed_on"],
                payments,
            )
        )
    return rows


def load() -> dict[str, int]:
    with transaction.atomic():
        return _load()


def _load() -> dict[str, int]:
    by = User.objects.filter(email=SECRETARIAT_EMAIL).first()
    year = DialogueYear.objects.filter(year=2010).first()
    workshops = {w.title: w for w in Workshop.objects.filter(year=year)} if year else {}
    donors = {row["name"]: _donor(row, by) for row in DATA["donors"]}
    if year is None or set(TITLES.values()) - set(workshops):
        # The workshops' demo data (IDM 2010 and its workshops) is loaded before this; without it,
        # there is nothing to fund yet.
        return {"donors": len(donors)}
    by_key = {key: workshops[title] for key, title in TITLES.items()}
    for key, lines in DATA["budgets"].items():
        services.save_budget(workshop=by_key[key], by=by, lines={line: _record(spec) for line, spec in lines.items()})
    for row in DATA["contributions"]:
        _contribution(_record(row), by=by, year=year, donors=donors, workshops=by_key)
    for row in map(_record, DATA["allocations"]):
        workshop = by_key[row["workshop"]]
        if not Allocation.objects.filter(workshop=workshop, note=row["note"]).exists():
            services.allocate(
                workshop=workshop,
                by=by,
                amount_usd=row["amount_usd"],
                allocated_on=row["allocated_on"],
                note=row["note"],
            )
    for row in map(_record, DATA["expenditures"]):
        _expenditure(row, by=by, workshops=by_key)
    # The workshops' demo data writes its own numbers on each load: put funding's back.
    for workshop in by_key.values():
        services.refresh_workshop_funding(workshop=workshop)
    return {
        "donors": len(donors),
        "budget lines": BudgetLine.objects.filter(workshop__year=year).count(),
        "contributions": Contribution.objects.filter(year=year).count(),
        "payments": Payment.objects.filter(contribution__year=year).count(),
        "allocations": Allocation.objects.filter(workshop__year=year).count(),
        # Its own: travel posts the demo travellers' tickets and DSA and counts them itself.
        "expenditures": Expenditure.objects.filter(
            source_ref__in=[row["source_ref"] for row in DATA["expenditures"]]
        ).count(),
    }


def _donor(row: dict, by: User | None) -> Donor:
    donor = Donor.objects.filter(name=row["name"]).first() or Donor(name=row["name"])
    for name in ("kind", "country", "acknowledged_by_name", "iati_identifier", "name_fr", "name_es"):
        setattr(donor, name, row[name])
    return services.save_donor(donor=donor, by=by) if _changed(donor) else donor


def _contribution(row: dict, *, by, year, donors, workshops) -> None:
    contribution = Contribution.objects.filter(agreement_reference=row["agreement_reference"]).first()
    pledged = row["pledged_on"]
    if contribution is None:
        contribution = services.record_contribution(
            by=by,
            donor=donors[row["donor"]],
            year=year,
            stage=Contribution.Stage.PLEDGE if pledged else row["stage"],
            amount=row["amount"],
            currency=row["currency"],
            usd_rate=row["usd_rate"],
            pledged_on=pledged,
            committed_on=None if pledged else row["committed_on"],
            agreement_reference=row["agreement_reference"],
            workshop=workshops[row["workshop"]] if row["workshop"] else None,
            cost_line=row["cost_line"],
        )
        if pledged and row["stage"] == Contribution.Stage.COMMITMENT:
            contribution = services.commit_contribution(
                contribution=contribution, by=by, committed_on=row["committed_on"], usd_rate=row["usd_rate"]
            )
    for payment in map(_record, row["payments"]):
        if not Payment.objects.filter(reference=payment["reference"]).exists():
            services.record_payment(contribution=contribution, by=by, currency=row["currency"], **payment)


def _expenditure(row: dict, *, by, workshops) -> None:
    workshop = workshops[row["workshop"]]
    source = row["source"]
    if "contribution" in source:
        charged_to = Contribution.objects.get(agreement_reference=source["contribution"])
    else:
        charged_to = Allocation.objects.get(workshop=workshop, note=source["allocation"])
    services.record_expenditure(  # idempotent: one expenditure per source_ref
        by=by,
        workshop=workshop,
        cost_line=row["cost_line"],
        spent_on=row["spent_on"],
        amount=row["amount"],
        currency=row["currency"],
        usd_rate=row["usd_rate"],
        description=row["description"],
        reference=row["reference"],
        source=charged_to,
        source_ref=row["source_ref"],
    )


def _changed(donor: Donor) -> bool:
    if donor.pk is None:
        return True
    stored = Donor.objects.get(pk=donor.pk)
    return any(
        getattr(stored, name) != getattr(donor, name)
        for name in ("name_fr", "name_es", "kind", "country", "acknowledged_by_name", "iati_identifier")
    )


CONTRIBUTIONS = contributions()
