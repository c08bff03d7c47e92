"""A workshop's report, and its list of participants (only those who consented to appear)."""

from __future__ import annotations

from django.db.models import F, Prefetch
from django.utils import timezone

from workshops.models import AgendaItem, AgendaSpeaker, Registration, Workshop, WorkshopDocument

from ..models import Variant, WorkshopOutcomes
from .common import in_language, iso_date, lines, paragraphs, parse_date, parse_datetime, person, texts

# Provisional: everyone registered with a seat; final: those who attended.
LISTED_STATUSES = {
    Variant.PROVISIONAL: (Registration.Status.CONFIRMED, Registration.Status.ATTENDED),
    Variant.FINAL: (Registration.Status.ATTENDED,),
}
WITH_A_SEAT = (Registration.Status.CONFIRMED, Registration.Status.ATTENDED)


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
    """By member state, then organisation, then family name; one query whatever the length."""
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
        organisation = participant.organisation.name if participant.organisation_id else ""
        if not states or states[-1]["name"] != registration.member_state.name:
            states.append({"name": registration.member_state.name, "organisations": []})
        organisations = states[-1]["organisations"]
        if not organisations or organisations[-1]["name"] != organisation:
            organisations.append({"name": organisation, "people": []})
        organisations[-1]["people"].append(
            {
                "name": participant.full_name,
                "position": participant.position,
                "head": registration.is_head_of_delegation,
            }
        )
        count += 1
    return {"workshop": workshop_record(workshop), "variant": variant, "states": states, "count": count}


def present_participants(records: dict) -> dict:
    workshop = present_workshop(records["workshop"])
    return {**records, "workshop": workshop, "header": workshop["title"]}


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
    by_state: dict[str, int] = {}
    for state_name in Registration.objects.filter(workshop=workshop, status__in=WITH_A_SEAT).values_list(
        "member_state__name", flat=True
    ):
        by_state[state_name] = by_state.get(state_name, 0) + 1
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
        "participation": [{"state": name, "count": n} for name, n in sorted(by_state.items())],
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
                "speakers": [{**s, "role_label": roles.get(s["role"], s["role"])} for s in item["speakers"]],
            }
        )
    participation = records["participation"]
    workshop = present_workshop(records["workshop"])
    return {
        **records,
        "workshop": workshop,
        "agenda": agenda,
        "documents": [
            {**in_language(d, "title"), "kind_label": kinds.get(d["kind"], d["kind"])} for d in records["documents"]
        ],
        "participants_total": sum(row["count"] for row in participation),
        "states_total": len(participation),
        "header": workshop["title"],
    }


def report_filename(records: dict, variant: str, language: str, version: int) -> str:
    return "workshop-report-%s-v%d-%s.pdf" % (records["workshop"]["slug"], version, language)
