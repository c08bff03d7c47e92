"""The audit history as a person reads it: field labels and the entries of a record."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from directory.hardening import whole_number
from directory.prepared import Prepared, instance
from workshops.models import DialogueYear, Workshop

from ..models import Allocation, AuditEntry, BudgetLine, Contribution, Donor, EarlyConfirmation, Payment

# --- Audit history --------------------------------------------------------------------------------

_KIND_MODELS = {
    AuditEntry.Kind.DONOR: Donor,
    AuditEntry.Kind.CONTRIBUTION: Contribution,
    AuditEntry.Kind.PAYMENT: Payment,
    AuditEntry.Kind.BUDGET_LINE: BudgetLine,
    AuditEntry.Kind.ALLOCATION: Allocation,
    AuditEntry.Kind.EARLY_CONFIRMATION: EarlyConfirmation,
}


def field_label(kind: str, name: str) -> str:
    model = _KIND_MODELS.get(kind)
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # a field removed since, or the donor's "contact"
        return name.replace("_", " ")


def audit_entries(
    *, year: DialogueYear | None = None, donor: Donor | None = None, workshop: Workshop | None = None, kind: str = ""
) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.select_related("by")
    if year is not None:
        entries = entries.filter(year=year)
    if donor is not None:
        entries = entries.filter(donor=donor)
    if workshop is not None:
        entries = entries.filter(workshop=workshop)
    if kind:
        entries = entries.filter(kind=kind)
    return entries


_LATEST = Prepared(lambda: AuditEntry.objects.order_by("-pk").values("pk")[:1], ids=())


def latest_audit_entry() -> int:
    """The id of the newest entry (0: none), read from the primary key's index: entries are only ever
    added (``AuditEntryBase``), so a new one, through the services or written in bulk, changes it."""
    rows = _LATEST()
    return rows[0]["pk"] if rows else 0


# --- What the filters offer: the chosen record and those matching a search, never every record ---------

FILTER_CHOICES = 20
NAMES = {Workshop: ("title", "title_fr", "title_es"), Donor: ("name", "name_fr", "name_es")}


def _offered_workshops() -> QuerySet[Workshop]:
    # Only what an option writes (its title, in the three languages): the rows hold long texts.
    return Workshop.objects.only(*NAMES[Workshop]).order_by("-start_date", "pk")


def _offered_donors() -> QuerySet[Donor]:
    return Donor.objects.only(*NAMES[Donor]).order_by("name", "pk")


# What the filters offer before anything is searched (every audit page without a search): the same
# SQL each time, compiled once.
_FIRST = {
    model: Prepared(lambda offered=offered, model=model: offered().values("id", *NAMES[model])[:FILTER_CHOICES], ids=())
    for model, offered in ((Workshop, _offered_workshops), (Donor, _offered_donors))
}


_YEARS = Prepared(lambda: DialogueYear.objects.values("id", "year", "theme", "theme_fr", "theme_es"), ids=())


def years_to_filter() -> list[DialogueYear]:
    """Every IDM year (a few dozen at most), as its option writes it."""
    return [instance(DialogueYear, row) for row in _YEARS()]


def workshops_to_filter(*, search: str = "", selected: str = "") -> list[Workshop]:
    """Workshops to offer in the audit filter: the chosen one and up to 20 whose title (in any
    language) or year matches the search, the most recent first."""
    workshops = _offered_workshops()
    matching = workshops
    for word in search.split():
        match = Q(title__icontains=word) | Q(title_fr__icontains=word) | Q(title_es__icontains=word)
        if (number := whole_number(word)) is not None:
            match |= Q(year__year=number)
        matching = matching.filter(match)
    return _with_selected(workshops, _first(Workshop, matching, search), selected)


def donors_to_filter(*, search: str = "", selected: str = "") -> list[Donor]:
    """Donors to offer in the audit filter: the chosen one and up to 20 whose name matches."""
    donors = _offered_donors()
    matching = donors
    for word in search.split():
        matching = matching.filter(Q(name__icontains=word) | Q(name_fr__icontains=word) | Q(name_es__icontains=word))
    return _with_selected(donors, _first(Donor, matching, search), selected)


def _first(model, matching: QuerySet, search: str) -> list:
    if search.split():
        return list(matching[:FILTER_CHOICES])
    return [instance(model, row) for row in _FIRST[model]()]


def _with_selected(objects: QuerySet, offered: list, selected: str) -> list:
    number = whole_number(selected)
    if number is not None and all(item.pk != number for item in offered):
        offered = list(objects.filter(pk=number)) + offered
    return offered
