"""Demo data for the workshops: the IDM years 2009 and 2010 of IC/2010/1, their four workshops with
descriptions and guiding questions taken word for word from the note, agendas with speakers from the
directory, and demo delegations whose registrations show full lists, a waiting list and funded
participation.

The 2010 workshops took place in 2010, so their registration is closed. To try registering in the
browser, ``load()`` also adds one workshop clearly labelled as a demonstration, whose dates and open
registration window move with today's date each time the demo data is loaded. ``load()`` is idempotent.
"""

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from directory.models import Affiliation, MemberState, Organisation, Person, User

from ..models import AgendaItem, AgendaSpeaker, Attendance, DialogueYear, Registration, Workshop, WorkshopDocument

# French and Spanish, in ``translations.json`` beside this file (what stays in English, and why, is said there).
TRANSLATIONS = json.loads(Path(__file__).with_name("translations.json").read_text(encoding="utf-8"))
# The English records, in ``data.json`` beside this file (where each text comes from is said there).
DATA = json.loads(Path(__file__).with_name("data.json").read_text(encoding="utf-8"))
S = Registration.Status
F = Registration.Funding
C = Registration.Category

HUMAN_RIGHTS_2009 = "effective-respect-for-the-human-rights-of-migrants"
TRAFFICKING_2009 = "trafficking-in-persons-and-exploitation-of-migrants"
TRANSNATIONALISM_2010 = "migration-and-transnationalism"
SOCIETIES_2010 = "societies-and-identities"
DEMO_SLUG = "demo-registration-walk-through"


def _title_translations(pair: list[str] | None) -> dict[str, str]:
    french, spanish = pair or ("", "")
    return {"title_fr": french, "title_es": spanish}


def _window(opens: date, closes: date) -> dict:
    zone = timezone.get_current_timezone()
    return {
        "registration_opens": datetime.combine(opens, time(9), tzinfo=zone),
        "registration_closes": datetime.combine(closes, time(18), tzinfo=zone),
    }


def _texts(row: dict) -> dict:
    """Paragraphs and questions, listed one by one in the data, as the text fields hold them."""
    row = dict(row)
    if "description" in row:
        row["description"] = "\n\n".join(row["description"])
    if "guiding_questions" in row:
        row["guiding_questions"] = "\n".join(row["guiding_questions"])
    return row


def _workshops(today: date) -> list[dict]:
    rows = []
    for row in DATA["workshops"]:
        row = _texts(row)
        opens, closes = map(date.fromisoformat, row.pop("registration"))
        row |= {"start_date": date.fromisoformat(row["start_date"]), "end_date": date.fromisoformat(row["end_date"])}
        rows.append({**row, "venue": DATA["venue"], **_window(opens, closes)})
    # The demonstration workshop's dates and open registration window move with today's date.
    row = _texts(DATA["demo_workshop"])
    start = today + timedelta(days=row.pop("starts_in_days"))
    opens, closes = (today + timedelta(days=days) for days in row.pop("registration_days_from_today"))
    row |= {"start_date": start, "end_date": start + timedelta(days=row.pop("lasts_days") - 1)}
    rows.append({**row, "venue": DATA["venue"], **_window(opens, closes)})
    return rows


EDITABLE_WORKSHOP_FIELDS = ("status", "capacity", "funded_seats", "requires_approval")


def load() -> dict[str, int]:
    with transaction.atomic():
        return _load(timezone.localdate())


def _load(today: date) -> dict[str, int]:
    years = {}
    for row in DATA["years"]:
        values = {**_texts(row), **TRANSLATIONS["years"].get(str(row["year"]), {})}
        number = values.pop("year")
        if values["is_current"]:
            DialogueYear.objects.exclude(year=number).filter(is_current=True).update(is_current=False)
        years[number], _ = DialogueYear.objects.update_or_create(year=number, defaults=values)
    workshops = {}
    for row in _workshops(today):
        values = {**row, **TRANSLATIONS["workshops"].get(row["slug"], {})}
        slug = values.pop("slug")
        values["year"] = years[values["year"]]
        # What the secretariat may change on its pages (seats, status…) is set when the workshop is created
        # and then left alone: loading the demo again must not undo what someone tried in the portal.
        editable = {field: values.pop(field) for field in EDITABLE_WORKSHOP_FIELDS if field in values}
        workshops[slug], _ = Workshop.objects.update_or_create(
            slug=slug, defaults=values, create_defaults={**values, **editable}
        )
    items = sum(_load_agenda(workshops[slug], rows) for slug, rows in DATA["agendas"].items())
    people = _load_delegations()
    registrations = _load_registrations(workshops, people)
    documents = _load_documents(workshops)
    return {
        "IDM years": len(years),
        "workshops": len(workshops),
        "agenda items": items,
        "demo delegates": len(people),
        "registrations": registrations,
        "workshop documents": documents,
    }


def _load_demo_experts() -> None:
    iom = Organisation.objects.filter(acronym="IOM").first()
    for given, family, position in DATA["demo_experts"]:
        Person.objects.update_or_create(
            given_name=given,
            family_name=family,
            defaults={
                "position": position,
                "organisation": iom if "IOM" in position or "Division" in position else None,
            },
        )


def _load_agenda(workshop: Workshop, rows: list[dict]) -> int:
    _load_demo_experts()
    zone = timezone.get_current_timezone()
    for order, row in enumerate(rows):
        title, start, end = row["title"], row["start"], row["end"]
        when = workshop.start_date + timedelta(days=row["day"])
        item, _ = AgendaItem.objects.update_or_create(
            workshop=workshop,
            title=title,
            defaults={
                "starts_at": datetime.combine(when, time.fromisoformat(start), tzinfo=zone),
                "ends_at": datetime.combine(when, time.fromisoformat(end), tzinfo=zone),
                "kind": row["kind"],
                "order": order,
                **_title_translations(TRANSLATIONS["agenda_items"].get(title)),
            },
        )
        kept = []
        for position, (given, family, role) in enumerate(row["speakers"]):
            person = Person.objects.get(given_name=given, family_name=family)
            speaker, _ = AgendaSpeaker.objects.update_or_create(
                agenda_item=item, person=person, defaults={"role": role, "order": position}
            )
            kept.append(speaker.pk)
        item.speakers.exclude(pk__in=kept).delete()
    return len(rows)


def _load_delegations() -> list[tuple[Person, User]]:
    """Every demo delegation: a focal point with an account, two members without one.
    Returns (person, the user who registers them) in a fixed order."""
    people = []
    for row in DATA["delegations"]:
        code, given, family, position = row["country"], row["given_name"], row["family_name"], row["position"]
        state = MemberState.objects.get(country=code)
        email = "demo-%s@idm.example" % code.lower()
        user, created = User.objects.get_or_create(email=email, defaults={"first_name": given, "last_name": family})
        if created:
            user.set_unusable_password()  # demo records only: the four demo log-ins are the ones to use
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        if not Affiliation.objects.filter(user=user, status=Affiliation.Status.APPROVED).exists():
            Affiliation.objects.create(
                user=user,
                member_state=state,
                position=position,
                status=Affiliation.Status.APPROVED,
                is_focal_point=True,
                decided_at=timezone.now(),
            )
        focal_point, _ = Person.objects.update_or_create(
            user=user,
            defaults={
                "given_name": given,
                "family_name": family,
                "position": position,
                "member_state": state,
                "email": email,
            },
        )
        people.append((focal_point, user))
        for member_given, member_family in row["members"]:
            member, _ = Person.objects.update_or_create(
                given_name=member_given,
                family_name=member_family,
                member_state=state,
                defaults={"position": "Delegate of %s" % state.name},
            )
            people.append((member, user))
    return people


def _load_registrations(workshops: dict[str, Workshop], people: list[tuple[Person, User]]) -> int:
    """Registrations in a fixed arrival order (one minute apart), so the waiting list has a clear order."""
    plans = {
        slug: [status for status, number in rows for _ in range(number)] for slug, rows in DATA["registrations"].items()
    }
    count = 0
    for slug, statuses in plans.items():
        workshop = workshops[slug]
        arrival = workshop.registration_opens or timezone.now()
        # A different starting point per workshop, so each list mixes the delegations differently.
        offset = sum(map(ord, slug)) % len(people)
        chosen = (people[offset:] + people[:offset])[: len(statuses)]
        heads = set()
        for number, ((person, by), status) in enumerate(zip(chosen, statuses, strict=True)):
            state = person.member_state
            funding, travel_from = _funding_plan(workshop, state, number)
            # A registration's state is the portal's to change (confirmed from the waiting list, cancelled,
            # funding decided): the demo sets it once, when the registration is created.
            registration, created = Registration.objects.get_or_create(
                workshop=workshop,
                person=person,
                defaults={
                    "member_state": state,
                    "registered_by": by,
                    "status": status,
                    "is_head_of_delegation": state.pk not in heads,
                    "consent_to_publish": number % 4 != 3,
                    "funding": funding,
                    "travel_from": travel_from,
                    "funding_reason": "Travel from the capital is not covered by the ministry's budget."
                    if funding
                    else "",
                    "reason": "The delegation is limited to two members." if status == S.DECLINED else "",
                    "category": _category(number),
                },
            )
            heads.add(state.pk)
            if created:
                Registration.objects.filter(pk=registration.pk).update(created_at=arrival + timedelta(minutes=number))
            if registration.status == S.ATTENDED:
                _load_attendance(registration, number)
            count += 1
    return count


def _category(number: int) -> str:
    """Badge categories: mostly delegates; a few observers, speakers and one journalist per workshop."""
    return {5: C.SPEAKER, 11: C.OBSERVER, 17: C.PRESS, 23: C.SPEAKER}.get(number, C.DELEGATE)


def _load_attendance(registration: Registration, number: int) -> None:
    """Who came on each day of a past workshop, checked in from 08:30 a minute apart; every seventh
    participant came on the first day only."""
    days = (registration.workshop.end_date - registration.workshop.start_date).days + 1
    for offset in range(1 if number % 7 == 6 else days):
        day = registration.workshop.start_date + timedelta(days=offset)
        at = timezone.make_aware(datetime.combine(day, time(8, 30)) + timedelta(minutes=number))
        Attendance.objects.update_or_create(registration=registration, day=day, defaults={"checked_in_at": at})


def _funding_plan(workshop: Workshop, state: MemberState, number: int) -> tuple[str, str]:
    """Some delegates of eligible states asked for funded participation: the first ones approved within
    the funded seats, later ones still waiting for a decision."""
    if not state.eligible_for_funding or number % 3 != 0 or workshop.slug in (HUMAN_RIGHTS_2009, TRAFFICKING_2009):
        return "", ""
    travel_from = DATA["capitals"].get(state.country.code, state.name)
    return (F.APPROVED if number < 3 * min(workshop.funded_seats, 3) else F.REQUESTED), travel_from


def _load_documents(workshops: dict[str, Workshop]) -> int:
    documents = DATA["documents"]
    for slug, kind, title, is_public in documents:
        workshop = workshops[slug]
        translations = _title_translations(TRANSLATIONS["documents"].get(slug, {}).get(title))
        if WorkshopDocument.objects.filter(workshop=workshop, title=title).update(**translations):
            continue
        content = ContentFile(_pdf("%s - %s" % (workshop.title, title)), name="document.pdf")
        WorkshopDocument.objects.create(
            workshop=workshop,
            kind=kind,
            title=title,
            **translations,
            language="en",
            is_public=is_public,
            file=content,
            content_type="application/pdf",
            size=content.size,
            original_name="%s-%s.pdf" % (slug, kind),
        )
    return len(documents)


def _pdf(text: str) -> bytes:
    """A one-page PDF with one line of text, so the demo has real files to download."""
    safe = text.encode("latin-1", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 11 Tf 50 780 Td (" + safe + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out
