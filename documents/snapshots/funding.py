"""Money: the funding report of an IDM year, and one donor's statement.

The figures are funding's own (``funding.queries``, ``funding.coverage``): the report shows what the
secretariat's funding dashboard shows, the statement what the donor portal shows.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from directory.collation import sort_key
from directory.models import MemberState, Person
from funding import queries as funding_queries
from funding.currencies import minor_units
from funding.models import Contribution, CostLine, Donor, Payment
from workshops.models import DialogueYear, Workshop

from .common import Recipe, in_language, iso_date, money, parse_date, parse_money, texts

STAGES = [stage.value for stage in Contribution.Stage]
CENT = Decimal("0.01")
ACTUAL_KEYS = ("budget", "covered", "spent", "committed_not_spent", "balance")


def _contribution(contribution: Contribution) -> dict:
    return {
        "year": contribution.year.year,
        **(texts(contribution.workshop, "title", name="workshop") if contribution.workshop_id else {"workshop": None}),
        "cost_line": contribution.cost_line,
        "stage": contribution.stage,
        "amount": money(contribution.amount),
        "currency": contribution.currency,
        "usd_rate": str(contribution.usd_rate),
        "usd_amount": money(contribution.usd_amount),
        "paid_usd": money(funding_queries.paid_usd(contribution)) if contribution.counts else money(0),
        "pledged_on": iso_date(contribution.pledged_on),
        "committed_on": iso_date(contribution.committed_on),
        "reference": contribution.agreement_reference,
    }


def _present_contribution(row: dict) -> dict:
    stages = dict(Contribution.Stage.choices)
    lines = dict(CostLine.choices)
    return {
        **in_language(row, "workshop"),
        "stage_label": stages.get(row["stage"], row["stage"]),
        "cost_line_label": lines.get(row["cost_line"], "") if row["cost_line"] else "",
        "amount": parse_money(row["amount"]),
        "places": minor_units(row["currency"]),
        "usd_amount": parse_money(row["usd_amount"]),
        "paid_usd": parse_money(row["paid_usd"]),
        "pledged_on": parse_date(row["pledged_on"]),
        "committed_on": parse_date(row["committed_on"]),
    }


# --- Funding report of a year ---------------------------------------------------------------


def build_report(year: DialogueYear, variant: str) -> dict:
    """Budget, coverage by workshop (line by line), contributions by donor and stage."""
    dashboard = funding_queries.year_dashboard(year)
    totals = dashboard.totals
    actuals = {row.workshop.pk: row for row in dashboard.actuals.workshops}
    balances = {b.contribution.pk: b for b in funding_queries.unspent_balances(dashboard.contributions)}
    workshops = []
    for figures in sorted(dashboard.workshops, key=lambda f: (f.workshop.start_date, f.workshop.title)):
        workshop = figures.workshop
        workshops.append(
            {
                **texts(workshop, "title"),
                "start_date": iso_date(workshop.start_date),
                "end_date": iso_date(workshop.end_date),
                "status": workshop.status,
                "budget": money(figures.budget),
                "committed": money(figures.committed),
                "pledged": money(figures.pledged),
                "allocated": money(figures.allocated),
                "covered": money(figures.covered),
                "gap": money(figures.gap),
                "percent": figures.percent,
                "funded_seats": workshop.funded_seats,
                "lines": [
                    {
                        "cost_line": line.cost_line,
                        "description": line.description,
                        "budget": money(line.amount),
                        "covered": money(line_coverage.covered),
                        "gap": money(line_coverage.gap),
                    }
                    for line, line_coverage in figures.line_rows
                ],
                "actuals": [
                    {
                        "cost_line": row.cost_line,
                        **{key: money(getattr(row, key)) for key in ACTUAL_KEYS},
                    }
                    for row in actuals[workshop.pk].lines
                ],
                "actual_total": {key: money(getattr(actuals[workshop.pk].total, key)) for key in ACTUAL_KEYS},
            }
        )
    donors: dict[str, dict] = {}
    for contribution in dashboard.contributions:
        row = donors.setdefault(
            contribution.donor.name,
            {
                **texts(contribution.donor, "name"),
                "stages": {stage: Decimal(0) for stage in STAGES},
                "contributions": [],
            },
        )
        row["stages"][contribution.stage] += contribution.usd_amount
        balance = balances[contribution.pk]
        row["contributions"].append(
            {**_contribution(contribution), "spent": money(balance.spent), "unspent": money(balance.unspent)}
        )
    return {
        "year": {"year": year.year, **texts(year, "theme")},
        "totals": {
            "budget": money(totals.budget),
            "pledged": money(totals.pledged),
            "committed": money(totals.committed),
            "paid": money(totals.paid),
            "covered": money(totals.covered),
            "gap": money(totals.gap),
            "unearmarked": money(totals.unearmarked),
            "allocated": money(totals.allocated),
            "available": money(totals.available),
            "percent": totals.percent,
        },
        "workshops": workshops,
        "donors": [
            {**row, "stages": {stage: money(value) for stage, value in row["stages"].items()}}
            for row in sorted(donors.values(), key=lambda row: row["name"].lower())
        ],
    }


def present_report(records: dict) -> dict:
    statuses = dict(Workshop.Status.choices)
    lines = dict(CostLine.choices)
    stages = dict(Contribution.Stage.choices)
    workshops = [
        {
            **in_language(w, "title"),
            **{key: parse_money(w[key]) for key in ("budget", "committed", "pledged", "allocated", "covered", "gap")},
            "start_date": parse_date(w["start_date"]),
            "end_date": parse_date(w["end_date"]),
            "status_label": statuses.get(w["status"], w["status"]),
            "lines": [
                {
                    **line,
                    "label": lines.get(line["cost_line"], line["cost_line"]),
                    **{key: parse_money(line[key]) for key in ("budget", "covered", "gap")},
                }
                for line in w["lines"]
            ],
            "actuals": [
                {
                    "label": lines.get(row["cost_line"], row["cost_line"]),
                    **{key: parse_money(row[key]) for key in ACTUAL_KEYS},
                }
                for row in w.get("actuals", [])
            ],
            "actual_total": {key: parse_money(value) for key, value in w.get("actual_total", {}).items()},
        }
        for w in records["workshops"]
    ]
    donors = [
        {
            "name": in_language(row, "name")["name"],
            "stages": [
                {"stage": stage, "label": stages[stage], "usd": parse_money(row["stages"][stage])} for stage in STAGES
            ],
            "total": sum((parse_money(v) for v in row["stages"].values()), Decimal(0)),
            "contributions": [
                {
                    **_present_contribution(c),
                    "spent": parse_money(c.get("spent", "0")),
                    "unspent": parse_money(c.get("unspent", "0")),
                }
                for c in row["contributions"]
            ],
        }
        for row in records["donors"]
    ]
    donors.sort(key=lambda row: sort_key(row["name"]))
    totals = {key: (value if key == "percent" else parse_money(value)) for key, value in records["totals"].items()}
    return {
        **records,
        "year": in_language(records["year"], "theme"),
        "totals": totals,
        "workshops": workshops,
        "donors": donors,
        "header": "IDM %s" % records["year"]["year"],
    }


def report_filename(records: dict, variant: str, language: str, version: int) -> str:
    return "funding-report-%s-v%d-%s.pdf" % (records["year"]["year"], version, language)


# --- Donor statement ------------------------------------------------------------------------


def build_statement(donor: Donor, variant: str) -> dict:
    """One donor's contributions and payments, and what they paid for: the workshops its earmarked
    money went to, and its share (pro rata to its part of the year's programme money) of what the
    secretariat allocated from the programme money to each workshop."""
    page = funding_queries.donor_page(donor)
    payments = defaultdict(list)
    for payment in Payment.objects.filter(contribution__donor=donor).order_by("received_on", "pk"):
        payments[payment.contribution_id].append(
            {
                "received_on": iso_date(payment.received_on),
                "amount": money(payment.amount),
                "currency": payment.currency,
                "usd_amount": money(payment.usd_amount),
                "reference": payment.reference,
            }
        )
    contributions = [
        {**_contribution(contribution), "payments": payments[contribution.pk]} for contribution in page.contributions
    ]
    bought = funding_queries.donor_money(donor)
    paid_for = [
        {
            **texts(item.workshop, "title"),
            "year": item.workshop.year.year,
            "start_date": iso_date(item.workshop.start_date),
            "end_date": iso_date(item.workshop.end_date),
            "earmarked": money(item.earmarked),
            "via_programme": money(item.via_programme),
            "spent": [{"cost_line": line.cost_line, "usd": money(line.spent)} for line in item.lines],
        }
        for item in bought.workshops
    ]
    years = [
        {
            "year": totals.year.year,
            "pledged": money(totals.pledged),
            "committed": money(totals.committed),
            "paid": money(totals.paid),
            "programme": money(bought.programme.get(totals.year.pk)),
            "programme_unallocated": money(bought.programme_unallocated.get(totals.year.pk, 0)),
        }
        for totals in sorted(page.years, key=lambda totals: -totals.year.year)
    ]
    participants = {
        "by_region": [{"region": row.key, "count": str(row.participants)} for row in bought.by_region],
        "by_gender": [{"gender": row.key, "count": str(row.participants)} for row in bought.by_gender],
    }
    return {
        "donor": {**texts(donor, "name"), "kind": donor.kind, "country": donor.country.code if donor.country else ""},
        "years": years,
        "contributions": contributions,
        "paid_for": paid_for,
        "participants": participants,
    }


def present_statement(records: dict) -> dict:
    kinds = dict(Donor.Kind.choices)
    donor = in_language(records["donor"], "name")
    code = donor["country"]  # an ISO code; statements made before held the English name
    donor.update(
        kind_label=kinds.get(donor["kind"], ""), country=str(countries.name(code)) if code in countries else code
    )
    contributions = []
    for row in records["contributions"]:
        contribution = _present_contribution(row)
        contribution["payments"] = [
            {
                **p,
                "received_on": parse_date(p["received_on"]),
                "amount": parse_money(p["amount"]),
                "places": minor_units(p["currency"]),
                "usd_amount": parse_money(p["usd_amount"]),
            }
            for p in row["payments"]
        ]
        contributions.append(contribution)
    money_keys = ("pledged", "committed", "paid", "programme", "programme_unallocated")
    lines = dict(CostLine.choices)
    regions = dict(MemberState.Region.choices)
    genders = dict(Person.Gender.choices)
    participants = records.get("participants", {})
    return {
        **records,
        "donor": donor,
        "years": [{**y, **{key: parse_money(y[key]) for key in money_keys}} for y in records["years"]],
        "contributions": contributions,
        "paid_for": [
            {
                **in_language(w, "title"),
                "start_date": parse_date(w["start_date"]),
                "end_date": parse_date(w["end_date"]),
                "earmarked": parse_money(w["earmarked"]),
                "via_programme": parse_money(w["via_programme"]),
                "total": parse_money(w["earmarked"]) + parse_money(w["via_programme"]),
                "spent": [
                    {"label": lines.get(row["cost_line"], row["cost_line"]), "usd": parse_money(row["usd"])}
                    for row in w.get("spent", [])
                ],
                "spent_total": sum((parse_money(row["usd"]) for row in w.get("spent", [])), Decimal(0)),
            }
            for w in records["paid_for"]
        ],
        "by_region": [
            {"label": regions.get(row["region"], _("Region not recorded")), "count": Decimal(row["count"])}
            for row in participants.get("by_region", [])
        ],
        "by_gender": [
            {"label": genders.get(row["gender"], row["gender"]), "count": Decimal(row["count"])}
            for row in participants.get("by_gender", [])
        ],
        "header": donor["name"],
    }


def statement_filename(records: dict, variant: str, language: str, version: int) -> str:
    return "donor-statement-%s-v%d-%s.pdf" % (slugify(records["donor"]["name"])[:60], version, language)


REPORT = Recipe(build_report, present_report, report_filename)
STATEMENT = Recipe(build_statement, present_statement, statement_filename)
