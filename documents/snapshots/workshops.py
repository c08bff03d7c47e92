"""A workshop's report, and its list of participants (only those who consented to appear)."""

from __future__ import annotations

from django.db.models import F, Prefetch
from django.utils import timezone

from directory.collation import sort_key
from workshops.models import AgendaItem, AgendaSpeaker, Registration, Workshop, WorkshopDocument

from ..models import Variant, WorkshopOutcomes
from .common import (
    PERSON_TEXTS,
    Recipe,
    in_language,
    iso_date,
    lines,
    organisation_names,
    paragraphs,
    parse_date,
    parse_datetime,
    person,
    state_names,
    texts,
)

# Provisional: everyone registered with a seat; final: those who attended.
LISTED_STATUSES = {
    Variant.PROVISIONAL: (Registration.Status.CONFIRMED, Registration.Status.ATTENDED),
    Variant.FINAL: (Registration.Status.ATTENDED,),
}


def workshop_record(workshop: Workshop) -> dict:
    return {
        **texts(workshop, "title"),
        "slug": workshop.slug,
        "start_date": iso_date(workshop.start_date),
        "end_date": iso_date(workshop.end_date),
        **texts(workshop, "venue"),
        "year": workshop.year.year,
        **texts(workshop.year, "theme"),
    }


def present_workshop(workshop: dict) -> dict:
    """In the document's language: title, venue, theme, and a report's description and questions."""
    workshop = in_language(workshop, "title", "venue", "theme", "description", "questions")
    return dict(workshop, start_date=parse_date(workshop["start_date"]), end_date=parse_date(workshop["end_date"]))


# --- List of participants -------------------------------------------------------------------


def build_participants(workshop: Workshop, variant: str) -> dict:
    """By member state, then organisation, then family name; one query whatever the length. The names
    are kept in the three languages; ``present_participants`` orders states and organisations as the
    document's language sorts their names."""
    registrations = (
        Registration.objects.filter(
            workshop=workshop, consent_to_publish=True, status__in=LISTED_STATUSES[Variant(variant)]
        )
        .select_related("member_state", "person__organisation")
        # Participants without an organisation first, under their state's name, on every database.
        .order_by(
            "member_state__name",
            F("person__organisation__name").asc(nulls_first=True),
            "person__family_name",
            "person__given_name",
        )
    )
    states: list[dict] = []
    count = 0
    for registration in registrations:
        participant = registration.person
        organisation = participant.organisation if participant.organisation_id else None
        if not states or states[-1]["code"] != registration.member_state.country.code:
            states.append(
                {
                    "code": registration.member_state.country.code,
                    **state_names(registration.member_state, name="name"),
                    "organisations": [],
                }
            )
        organisations = states[-1]["organisations"]
        if not organisations or organisations[-1]["id"] != (organisation.pk if organisation else None):
            organisations.append(
                {"id": organisation.pk if organisation else None, **organisation_names(organisation, name="name")}
            )
            organisations[-1]["people"] = []
        organisations[-1]["people"].append(
            {
                "name": participant.full_name,
                **texts(participant, "position"),
                "head": registration.is_head_of_delegation,
            }
        )
        count += 1
    return {"workshop": workshop_record(workshop), "variant": variant, "states": states, "count": count}


def present_participants(records: dict) -> dict:
    """In the document's language: states in its alphabetical order, participants without an
    organisation first under their state, then the organisations in that order."""
    workshop = present_workshop(records["workshop"])
    states = []
    for state in records["states"]:
        organisations = [
            dict(
                in_language(organisation, "name"),
                people=[in_language(entry, "position") for entry in organisation["people"]],
            )
            for organisation in state["organisations"]
        ]
        organisations.sort(key=lambda organisation: (organisation["name"] != "", sort_key(organisation["name"])))
        states.append(dict(in_language(state, "name"), organisations=organisations))
    states.sort(key=lambda state: sort_key(state["name"]))
    return {**records, "states": states, "workshop": workshop, "header": workshop["title"]}


def participants_filename(records: dict, variant: str, language: str, version: int) -> str:
    return "participants-%s-%s-v%d-%s.pdf" % (records["workshop"]["slug"], variant, version, language)


# --- Workshop report ------------------------------------------------------------------------


def build_report(workshop: Workshop, variant: str) -> dict:
    """Agenda with speakers, the speakers, participants by member state, documents, outcomes."""
    speakers = AgendaSpeaker.objects.select_related("person__organisation", "person__member_state").order_by(
        "order", "pk"
    )
    agenda = (
        AgendaItem.objects.filter(workshop=workshop)
        .prefetch_related(Prefetch("speakers", queryset=speakers))
        .order_by("order", "starts_at", "pk")
    )
    items, people = [], {}
    for item in agenda:
        item_speakers = []
        for speaker in item.speakers.all():
            entry = person(speaker.person)
            item_speakers.append({**entry, "role": speaker.role})
            people.setdefault(speaker.person_id, entry)
        items.append(
            {
                "starts_at": timezone.localtime(item.starts_at).isoformat(),
                "ends_at": timezone.localtime(item.ends_at).isoformat(),
                **texts(item, "title"),
                "kind": item.kind,
                **texts(item, "description"),
                "speakers": item_speakers,
            }
        )
    # Who actually came (checked in on at least one day), not who registered.
    by_state: dict[str, dict] = {}
    attended = Registration.objects.filter(workshop=workshop, status=Registration.Status.ATTENDED).select_related(
        "member_state"
    )
    for registration in attended:
        row = by_state.setdefault(
            registration.member_state.country.code, {**state_names(registration.member_state), "count": 0}
        )
        row["count"] += 1
    documents = [
        {**texts(d, "title"), "kind": d.kind, "language": d.language}
        for d in WorkshopDocument.objects.filter(workshop=workshop, is_public=True).order_by("kind", "title")
    ]
    outcomes = WorkshopOutcomes.objects.filter(workshop=workshop).first()
    return {
        "workshop": {
            **workshop_record(workshop),
            "status": workshop.status,
            **texts(workshop, "description", paragraphs),
            **texts(workshop, "guiding_questions", lines, name="questions"),
        },
        "agenda": items,
        "speakers": sorted(people.values(), key=lambda p: (p["family_name"].lower(), p["name"].lower())),
        "participation": [by_state[code] for code in sorted(by_state)],
        "documents": documents,
        "outcomes": outcomes.paragraphs if outcomes is not None else [],
    }


def present_report(records: dict) -> dict:
    roles = dict(AgendaSpeaker.Role.choices)
    kinds = dict(WorkshopDocument.Kind.choices)
    item_kinds = dict(AgendaItem.Kind.choices)
    agenda = []
    for item in records["agenda"]:
        starts_at = parse_datetime(item["starts_at"])
        agenda.append(
            {
                **in_language(item, "title", "description"),
                "starts_at": starts_at,
                "ends_at": parse_datetime(item["ends_at"]),
                "day": starts_at.date(),
                "kind_label": item_kinds.get(item["kind"], item["kind"]),
                "speakers": [
                    {**in_language(s, *PERSON_TEXTS), "role_label": roles.get(s["role"], s["role"])}
                    for s in item["speakers"]
                ],
            }
        )
    participation = sorted(
        (in_language(row, "state") for row in records["participation"]), key=lambda row: sort_key(row["state"])
    )
    workshop = present_workshop(records["workshop"])
    return {
        **records,
        "workshop": workshop,
        "agenda": agenda,
        "speakers": [in_language(entry, *PERSON_TEXTS) for entry in records["speakers"]],
        "participation": participation,
        "documents": [
            {**in_language(d, "title"), "kind_label": kinds.get(d["kind"], d["kind"])} for d in records["documents"]
        ],
        "participants_total": sum(row["count"] for row in participation),
        "states_total": len(participation),
        "header": workshop["title"],
    }


def report_filename(records: dict, variant: str, language: str, version: int) -> str:
    return "workshop-report-%s-v%d-%s.pdf" % (records["workshop"]["slug"], version, language)


REPORT = Recipe(build_report, present_report, report_filename)
PARTICIPANTS = Recipe(build_participants, present_participants, participants_filename)
