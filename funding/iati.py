"""The IATI activity file (standard version 2.03) of one IDM year's workshop programme.

One ``iati-activity`` for the year, reported by IOM (XM-DAC-47066), with the donors as funding
participating organisations and one incoming transaction per step of each contribution:
incoming pledge (13) on the pledge date, incoming commitment (11) on the commitment date, incoming
funds (1) for each payment received, and one expenditure (4) for each standing expenditure (what
was actually spent, by workshop and cost line; never a traveller's name: the description is the
cost line and the workshop, not the free text). Values are in the record's own currency, valued on
the transaction date; USD equivalents stay in the portal.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from xml.etree import ElementTree as ET

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from workshops.models import DialogueYear, Workshop

from .currencies import minor_units
from .models import Contribution, Donor, Expenditure, Payment

IATI_VERSION = "2.03"
IOM_REF = "XM-DAC-47066"
IOM_NAME = "International Organization for Migration"
IOM_TYPE = "40"  # multilateral

INCOMING_FUNDS = "1"
INCOMING_COMMITMENT = "11"
INCOMING_PLEDGE = "13"
EXPENDITURE = "4"

# IATI OrganisationType codes for our donor kinds.
ORGANISATION_TYPE = {
    Donor.Kind.GOVERNMENT: "10",
    Donor.Kind.INTERGOVERNMENTAL: "40",
    Donor.Kind.PRIVATE: "70",
    Donor.Kind.FOUNDATION: "60",
}
ROLE_FUNDING, ROLE_IMPLEMENTING = "1", "4"
STATUS_PIPELINE, STATUS_IMPLEMENTATION, STATUS_FINALISATION = "1", "2", "3"


def contributions_for_iati(contributions: QuerySet[Contribution], year: DialogueYear) -> list[Contribution]:
    return list(
        contributions.filter(year=year)
        .select_related("donor", "workshop")
        .prefetch_related(Prefetch("payments", queryset=Payment.objects.order_by("received_on", "pk")))
        .order_by("donor__name", "pk")
    )


def expenditures_for_iati(year: DialogueYear, *, contributions: list[Contribution] | None = None) -> list[Expenditure]:
    """The year's standing expenditures; for a donor's own file (``contributions`` given), only those
    charged to these contributions."""
    rows = Expenditure.objects.filter(workshop__year=year, reversed_on__isnull=True)
    if contributions is not None:
        rows = rows.filter(contribution__in=[c.pk for c in contributions])
    return list(rows.select_related("workshop").order_by("spent_on", "pk"))


def activity_identifier(year: DialogueYear) -> str:
    return f"{IOM_REF}-IDM-{year.year}"


def activity_file(
    *,
    year: DialogueYear,
    workshops: Iterable[Workshop],
    contributions: Iterable[Contribution],
    expenditures: Iterable[Expenditure] = (),
    generated_at: datetime | None = None,
) -> bytes:
    generated_at = generated_at or timezone.now()
    workshops = list(workshops)
    contributions = list(contributions)
    root = ET.Element("iati-activities", {"version": IATI_VERSION, "generated-datetime": _datetime(generated_at)})
    activity = ET.SubElement(
        root,
        "iati-activity",
        {
            "last-updated-datetime": _datetime(generated_at),
            "default-currency": "USD",
            "{http://www.w3.org/XML/1998/namespace}lang": "en",
        },
    )
    _text(activity, "iati-identifier", activity_identifier(year))
    reporting = ET.SubElement(activity, "reporting-org", {"ref": IOM_REF, "type": IOM_TYPE})
    _narrative(reporting, IOM_NAME)
    _narrative(ET.SubElement(activity, "title"), f"International Dialogue on Migration {year.year}: {year.theme}")
    description = ET.SubElement(activity, "description", {"type": "1"})
    _narrative(
        description,
        year.description or f"The intersessional workshops of the International Dialogue on Migration in {year.year}.",
    )
    donors = {c.donor_id: c.donor for c in contributions}
    for donor in sorted(donors.values(), key=lambda d: d.name):
        attributes = {"role": ROLE_FUNDING, "type": ORGANISATION_TYPE.get(donor.kind, "10")}
        if donor.iati_identifier:
            attributes["ref"] = donor.iati_identifier
        _narrative(ET.SubElement(activity, "participating-org", attributes), donor.name)
    implementing = ET.SubElement(
        activity, "participating-org", {"role": ROLE_IMPLEMENTING, "ref": IOM_REF, "type": IOM_TYPE}
    )
    _narrative(implementing, IOM_NAME)
    ET.SubElement(activity, "activity-status", {"code": _status(year, workshops)})
    start = min((w.start_date for w in workshops), default=date(year.year, 1, 1))
    end = max((w.end_date for w in workshops), default=date(year.year, 12, 31))
    ET.SubElement(activity, "activity-date", {"type": "1", "iso-date": start.isoformat()})
    ET.SubElement(activity, "activity-date", {"type": "3", "iso-date": end.isoformat()})
    for contribution in contributions:
        for code, day, amount, reference in _transactions(contribution):
            _transaction(activity, contribution, code, day, amount, reference)
    for expenditure in expenditures:
        _expenditure(activity, expenditure)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _transactions(contribution: Contribution) -> list[tuple[str, date, object, str]]:
    steps = []
    if contribution.pledged_on:
        steps.append((INCOMING_PLEDGE, contribution.pledged_on, contribution.amount, ""))
    if contribution.counts:
        steps.append(
            (INCOMING_COMMITMENT, contribution.committed_on, contribution.amount, contribution.agreement_reference)
        )
        for payment in contribution.payments.all():
            steps.append((INCOMING_FUNDS, payment.received_on, payment.amount, payment.reference))
    return steps


def _transaction(activity, contribution: Contribution, code: str, day: date, amount, reference: str) -> None:
    attributes = {"ref": reference} if reference else {}
    transaction = ET.SubElement(activity, "transaction", attributes)
    ET.SubElement(transaction, "transaction-type", {"code": code})
    ET.SubElement(transaction, "transaction-date", {"iso-date": day.isoformat()})
    value = ET.SubElement(transaction, "value", {"currency": contribution.currency, "value-date": day.isoformat()})
    value.text = f"{amount:.{minor_units(contribution.currency)}f}"
    _narrative(ET.SubElement(transaction, "description"), contribution.earmark_label)
    provider = {"type": ORGANISATION_TYPE.get(contribution.donor.kind, "10")}
    if contribution.donor.iati_identifier:
        provider["ref"] = contribution.donor.iati_identifier
    _narrative(ET.SubElement(transaction, "provider-org", provider), contribution.donor.name)
    receiver = ET.SubElement(transaction, "receiver-org", {"ref": IOM_REF, "type": IOM_TYPE})
    _narrative(receiver, IOM_NAME)


def _expenditure(activity, expenditure: Expenditure) -> None:
    attributes = {"ref": expenditure.reference} if expenditure.reference else {}
    transaction = ET.SubElement(activity, "transaction", attributes)
    ET.SubElement(transaction, "transaction-type", {"code": EXPENDITURE})
    day = expenditure.spent_on.isoformat()
    ET.SubElement(transaction, "transaction-date", {"iso-date": day})
    value = ET.SubElement(transaction, "value", {"currency": expenditure.currency, "value-date": day})
    value.text = f"{expenditure.amount:.{minor_units(expenditure.currency)}f}"
    line = str(expenditure.get_cost_line_display())
    _narrative(ET.SubElement(transaction, "description"), f"{line}: {expenditure.workshop.title}")
    provider = ET.SubElement(transaction, "provider-org", {"ref": IOM_REF, "type": IOM_TYPE})
    _narrative(provider, IOM_NAME)


def _status(year: DialogueYear, workshops: list[Workshop]) -> str:
    today = timezone.localdate()
    if not workshops:
        return STATUS_PIPELINE
    if max(w.end_date for w in workshops) < today:
        return STATUS_FINALISATION
    return STATUS_IMPLEMENTATION


def _narrative(parent, text: str) -> None:
    ET.SubElement(parent, "narrative").text = text


def _text(parent, tag: str, text: str) -> None:
    ET.SubElement(parent, tag).text = text


def _datetime(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()
