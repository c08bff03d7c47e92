"""Badges (a workshop's sheets, or one participant's reprint) and certificates of attendance.

A badge holds the name as the participant wants it shown, the member state and organisation, the
category as a colour band and a word, the workshop and its dates, and a QR code that carries only
the registration's random badge code (``workshops.attendance``). The QR's SVG is drawn at render
time from the code in the snapshot, so the snapshot stays plain text.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from directory.codes import qr_svg
from directory.collation import sort_key
from directory.translation import companion
from workshops.attendance import ensure_badge_holder, issue_badge_tokens, issue_certificate
from workshops.models import HOLDS_SEAT, Registration, Workshop

from .common import LANGUAGES, Recipe, in_language, iso_date, parse_date, texts
from .workshops import present_workshop, workshop_record

# A sheet of A4 cut into two columns of four badges (90 × 65 mm each, cut marks at the corners).
PER_SHEET = 8
COLUMNS = 2


def _state(registration: Registration) -> dict:
    """The member state's name in the three languages, picked at render time (``in_language``)."""
    state = registration.member_state
    return {companion("state", language): state.name_in(language) for language in LANGUAGES}


def _badge(registration: Registration) -> dict:
    person = registration.person
    organisation = texts(person.organisation, "name", name="organisation") if person.organisation_id else {}
    return {
        "name": registration.name_on_badge,
        **_state(registration),
        "organisation": "",
        **organisation,
        "category": registration.badge_category,
        "token": registration.badge_token,
    }


def _with_seats(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    return registrations.filter(status__in=HOLDS_SEAT).select_related("person", "person__organisation", "member_state")


def build_badges(workshop: Workshop, variant: str) -> dict:
    """Every participant with a seat, by member state then name. Printing is the codes' first use:
    a participant without one gets it here, in the same transaction as the request."""
    issue_badge_tokens(workshop=workshop)
    registrations = _with_seats(Registration.objects.filter(workshop=workshop)).order_by(
        "member_state__name", "person__family_name", "person__given_name", "pk"
    )
    return {"workshop": workshop_record(workshop), "badges": [_badge(r) for r in registrations]}


def build_badge(registration: Registration, variant: str) -> dict:
    """One participant's badge, with the code it has now (a reprint gets a new one first); refused for
    a registration that holds no seat (pending, waitlisted, declined or cancelled)."""
    registration = Registration.objects.select_related(
        "person", "person__organisation", "member_state", "workshop__year"
    ).get(pk=registration.pk)
    ensure_badge_holder(registration)
    return {"workshop": workshop_record(registration.workshop), "badges": [_badge(registration)]}


def _qr(token: str, name: str) -> str:
    # Several QR codes in one document: the SVG's fixed id would be defined once per badge.
    return qr_svg(token, label=_("Badge code of %(name)s") % {"name": name}).replace(' id="qr-path"', "")


def present_badges(records: dict) -> dict:
    workshop = present_workshop(records["workshop"])
    categories = dict(Registration.Category.choices)
    badges = [
        {
            **in_language(badge, "state", "organisation"),
            "category_label": categories.get(badge["category"], badge["category"]),
            "qr": _qr(badge["token"], badge["name"]),
        }
        for badge in records["badges"]
    ]
    # By member state as the document's language sorts their names (Allemagne before Colombie); within a
    # state, the records' order (family name) is kept: the sort is stable.
    badges.sort(key=lambda badge: sort_key(badge["state"]))
    sheets = [badges[i : i + PER_SHEET] for i in range(0, len(badges), PER_SHEET)]
    return {**records, "workshop": workshop, "sheets": sheets, "header": workshop["title"]}


def badges_filename(records: dict, variant: str, language: str, version: int) -> str:
    return "badges-%s-v%d-%s.pdf" % (records["workshop"]["slug"], version, language)


def badge_filename(records: dict, variant: str, language: str, version: int) -> str:
    return "badge-%s-%s-v%d.pdf" % (records["workshop"]["slug"], records["badges"][0]["token"][:6], version)


# --- Certificate of attendance --------------------------------------------------------------


def build_certificate(registration: Registration, variant: str) -> dict:
    """The participant, the workshop, the days they were checked in, and the verification code (given
    here on the first request; refused with a reason before the participant attended)."""
    issue_certificate(registration=registration)
    registration = (
        Registration.objects.select_related("person", "member_state", "workshop__year", "certificate")
        .prefetch_related("attendances")
        .get(pk=registration.pk)
    )
    return {
        "workshop": workshop_record(registration.workshop),
        "name": registration.person.full_name,
        **_state(registration),
        "days": [iso_date(a.day) for a in sorted(registration.attendances.all(), key=lambda a: a.day)],
        "code": registration.certificate.code,
    }


def present_certificate(records: dict) -> dict:
    records = in_language(records, "state")
    workshop = present_workshop(records["workshop"])
    path = reverse("workshops:verify_certificate", kwargs={"code": records["code"]})
    return {
        **records,
        "workshop": workshop,
        "days": [parse_date(day) for day in records["days"]],
        "verify_url": settings.PUBLIC_URL + path,
        "header": workshop["title"],
    }


def certificate_filename(records: dict, variant: str, language: str, version: int) -> str:
    return "certificate-%s-%s-%s.pdf" % (records["workshop"]["slug"], records["code"][:6], language)


BADGES = Recipe(build_badges, present_badges, badges_filename)
BADGE = Recipe(build_badge, present_badges, badge_filename)
CERTIFICATE = Recipe(build_certificate, present_certificate, certificate_filename)
