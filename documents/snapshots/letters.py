"""Invitation and visa support letters: what a consular officer reads, in the traveller's language.

The snapshot holds the letter's reference and verification code, the traveller's passport details
(name, nationality, number, expiry: the erasure of the travel file deletes the letter's jobs, see
``documents.receivers``), the member state, the workshop, and whether IOM pays the travel. The
verification address comes from ``IDM_PUBLIC_URL`` and its QR code is drawn at render time, as an
image with alternative text (a figure of the tagged PDF).
"""

from __future__ import annotations

import base64

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_countries import countries

from directory.codes import qr_svg
from directory.public_url import public_url
from travel.models import InvitationLetter

from .common import Recipe, in_language, iso_date, parse_date, state_names
from .workshops import present_workshop, workshop_record


def build_letter(letter: InvitationLetter, variant: str) -> dict:
    letter = InvitationLetter.objects.select_related(
        "travel_file__registration__workshop__year",
        "travel_file__registration__person",
        "travel_file__registration__member_state",
    ).get(pk=letter.pk)
    if letter.status != InvitationLetter.Status.APPROVED:
        raise ValidationError(_("Only an approved letter is issued."))
    travel_file = letter.travel_file
    registration = travel_file.registration
    return {
        "reference": letter.reference,
        "code": letter.verification_code,
        "issued_on": iso_date(letter.issued_on),
        "name": travel_file.passport_name,
        "nationality": str(travel_file.nationality.code) if travel_file.nationality else "",
        "passport_number": travel_file.passport_number,
        "passport_expiry": iso_date(travel_file.passport_expiry),
        **state_names(registration.member_state),
        "funded": travel_file.funded,
        "workshop": workshop_record(registration.workshop),
    }


def _qr_image(url: str) -> str:
    """The QR code as an ``<img>`` source: WeasyPrint tags an image with its ``alt`` (an inline SVG
    would be a figure without alternative text)."""
    svg = qr_svg(url, label=_("QR code of the verification address"))
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def present_letter(records: dict) -> dict:
    records = in_language(records, "state")
    url = public_url("travel:verify_letter", code=records["code"])
    return {
        **records,
        "nationality_name": countries.name(records["nationality"]) if records["nationality"] else "",
        "issued_on": parse_date(records["issued_on"]),
        "passport_expiry": parse_date(records["passport_expiry"]),
        "workshop": present_workshop(records["workshop"]),
        "verify_url": url,
        "qr": _qr_image(url),
        "header": records["reference"],
    }


def letter_filename(records: dict, variant: str, language: str, version: int) -> str:
    return "letter-%s-%s.pdf" % (records["reference"].replace("/", "-"), language)


LETTER = Recipe(build_letter, present_letter, letter_filename)
