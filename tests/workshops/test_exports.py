"""The registrations exported as CSV and XLSX, with the queue's filters."""

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests import factories
from workshops.models import Registration

from .factories import WorkshopFactory, registration

pytestmark = pytest.mark.django_db

S = Registration.Status


# --- Exports --------------------------------------------------------------------------------

EXPORT_HEADER = [
    "Workshop",
    "Honorific",
    "Given name",
    "Family name",
    "Position",
    "Organisation",
    "Member state",
    "E-mail address",
    "Status",
    "Head of delegation",
    "On the published list",
    "Funded participation",
    "Travelling from",
    "Registered at",
]


@pytest.fixture
def exported(db):
    workshop = WorkshopFactory(title="Migration and Transnationalism", slug="transnationalism")
    kenya = factories.MemberStateFactory(country="KE", name="Kenya")
    person = factories.PersonFactory(
        honorific="H.E.",
        given_name="Wanjiru",
        family_name="Kamau",
        position="Ambassador",
        member_state=kenya,
        email="wk@ke.example",
        organisation=factories.OrganisationFactory(name="Ministry of Foreign Affairs"),
    )
    first = registration(
        workshop,
        status=S.CONFIRMED,
        person=person,
        is_head_of_delegation=True,
        consent_to_publish=True,
        funding="approved",
        travel_from="Nairobi, Kenya",
    )
    sneaky = factories.PersonFactory(given_name="=HYPERLINK(1)", family_name="Otieno", member_state=kenya, position="")
    second = registration(workshop, status=S.WAITLISTED, person=sneaky)
    at = timezone.make_aware(datetime(2030, 1, 18, 9, 30))
    Registration.objects.filter(pk=first.pk).update(created_at=at)
    Registration.objects.filter(pk=second.pk).update(created_at=at + timedelta(minutes=1))
    return workshop


ROWS = [
    [
        "Migration and Transnationalism",
        "H.E.",
        "Wanjiru",
        "Kamau",
        "Ambassador",
        "Ministry of Foreign Affairs",
        "Kenya",
        "wk@ke.example",
        "Confirmed",
        "yes",
        "yes",
        "Approved",
        "Nairobi, Kenya",
        "2030-01-18 09:30 CET",
    ],
    [
        "Migration and Transnationalism",
        "",
        "=HYPERLINK(1)",
        "Otieno",
        "",
        "",
        "Kenya",
        "",
        "Waitlisted",
        "no",
        "no",
        "",
        "",
        "2030-01-18 09:31 CET",
    ],
]


def test_csv_export(client, secretariat, exported):
    client.force_login(secretariat)

    response = client.get("/staff/workshops/transnationalism/registrations.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="participants-transnationalism.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == EXPORT_HEADER
    # A cell that a spreadsheet would run as a formula is written as text.
    assert rows[1:] == [ROWS[0], [*ROWS[1][:2], "'=HYPERLINK(1)", *ROWS[1][3:]]]


def test_csv_export_follows_the_filters(client, secretariat, exported):
    client.force_login(secretariat)

    response = client.get("/staff/workshops/transnationalism/registrations.csv?status=confirmed")

    assert list(csv.reader(io.StringIO(response.content.decode())))[1:] == [ROWS[0]]


def test_xlsx_export(client, secretariat, exported):
    client.force_login(secretariat)

    response = client.get("/staff/workshops/transnationalism/registrations.xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value or "" for cell in row] for row in sheet.iter_rows()]
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert values == [EXPORT_HEADER, *ROWS]
    assert sheet["C3"].data_type == "s"  # "=HYPERLINK(1)" is text, not a formula
