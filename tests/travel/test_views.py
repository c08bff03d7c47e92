"""The pages: isolation of personal data, the traveller's form, the desk, its export, the staff actions."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from travel.models import TravelFile

from .. import factories
from .factories import DETAILS, approved_file, complete, funded_workshop, geneva_rates

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(secretariat):
    state = factories.MemberStateFactory(country="KE", name="Kenya")
    traveller = factories.make_delegate(email="traveller@state.example", state=state)
    workshop = funded_workshop()
    travel_file = complete(approved_file(workshop, user=traveller, secretariat=secretariat), traveller)
    return {
        "file": travel_file,
        "workshop": workshop,
        "traveller": traveller,
        "focal_point": factories.make_delegate(email="fp@state.example", state=state, focal_point=True),
        "other_focal_point": factories.make_delegate(
            email="fp@other.example", state=factories.MemberStateFactory(country="PE"), focal_point=True
        ),
        "other_delegate": factories.make_delegate(email="other@state.example", state=state),
        "donor": factories.make_donor_contact(email="donor@donor.example"),
        "secretariat": secretariat,
    }


def test_personal_data_is_404_for_everyone_else(client, world, secretariat):
    from travel.services import upload_attachment

    attachment = upload_attachment(
        travel_file=world["file"],
        by=world["traveller"],
        upload=SimpleUploadedFile("r.pdf", PDF, content_type="application/pdf"),
        kind="receipt",
    )
    urls = [
        reverse("travel:file", args=[world["file"].pk]),
        reverse("travel:attachment", args=[attachment.pk]),
        reverse("travel:attachment_upload", args=[world["file"].pk]),
    ]
    for who in ("donor", "other_delegate", "other_focal_point", None):
        client.logout()
        if who:
            client.force_login(world[who])
        assert [client.get(url).status_code for url in urls] == [404, 404, 404], who
        assert [client.post(url, {}).status_code for url in urls] == [404, 404, 404], who
    for who in ("traveller", "focal_point", "secretariat"):
        client.force_login(world[who])
        page = client.get(urls[0])
        assert page.status_code == 200
        assert DETAILS["passport_number"] in page.content.decode()


def test_the_traveller_enters_details_and_a_bad_date_changes_nothing(client, world):
    client.force_login(world["traveller"])
    url = reverse("travel:file", args=[world["file"].pk])
    bad = {**DETAILS, "passport_number": "NEW-NUMBER", "passport_expiry": "2000-01-01"}
    response = client.post(url, bad)
    assert response.status_code == 200
    assert "The passport expires before the end of the workshop" in response.content.decode()
    assert TravelFile.objects.get().passport_number == DETAILS["passport_number"]
    good = {**DETAILS, "passport_number": "NEW-NUMBER"}
    saved = client.post(url, good)
    assert (saved.status_code, saved["Location"]) == (302, url)
    assert TravelFile.objects.get().passport_number == "NEW-NUMBER"


def test_my_travel_lists_own_files_and_the_focal_points_delegation(client, world):
    client.force_login(world["focal_point"])
    page = client.get(reverse("travel:my_travel")).content.decode()
    assert world["file"].registration.person.full_name in page
    client.force_login(world["other_focal_point"])
    page = client.get(reverse("travel:my_travel")).content.decode()
    assert world["file"].registration.person.full_name not in page


def test_the_desk_and_its_export_never_hold_passport_details(client, world):
    client.force_login(world["secretariat"])
    slug = world["workshop"].slug
    desk = client.get(reverse("travel:desk", args=[slug])).content.decode()
    exported_csv = client.get(reverse("travel:desk_export", args=[slug, "csv"])).content.decode()
    workbook = load_workbook(io.BytesIO(client.get(reverse("travel:desk_export", args=[slug, "xlsx"])).content))
    cells = " ".join(str(cell.value) for row in workbook.active.iter_rows() for cell in row)
    for text in (desk, exported_csv, cells):
        for secret in (DETAILS["passport_number"], DETAILS["passport_name"], "1975-05-17", "Nairobi"):
            assert secret not in text
    assert world["file"].registration.person.full_name in desk
    rows = list(csv.reader(io.StringIO(exported_csv)))
    assert (len(rows), rows[1][0]) == (2, world["file"].registration.person.full_name)


def test_a_refused_staff_action_comes_back_on_the_page_and_changes_nothing(client, world):
    client.force_login(world["secretariat"])
    url = reverse("travel:staff_action", args=[world["file"].pk, "itinerary"])
    start = world["workshop"].start_date
    response = client.post(
        url,
        {
            "arrival_date": start.isoformat(),
            "departure_date": (start - timedelta(days=3)).isoformat(),
            "duty_station": "Geneva",
            "travel_days": "1",
        },
    )
    assert response.status_code == 200
    assert "The departure from the duty station cannot be before the arrival." in response.content.decode()
    assert TravelFile.objects.get().arrival_date is None
    too_many = client.post(url, {"travel_days": "99999999999", "duty_station": "Geneva"})
    assert too_many.status_code == 200
    assert too_many.context["form"].errors == {"travel_days": ["Ensure this value is less than or equal to 10."]}


def test_the_staff_page_previews_the_dsa_line_by_line(client, world):
    geneva_rates(world["secretariat"])
    travel_file = world["file"]
    start = world["workshop"].start_date
    TravelFile.objects.filter(pk=travel_file.pk).update(
        arrival_date=start - timedelta(days=1), departure_date=start + timedelta(days=2)
    )
    client.force_login(world["secretariat"])
    page = client.get(reverse("travel:staff_file", args=[travel_file.pk])).content.decode()
    assert "1,233.00" in page or "1 233.00" in page or "1233.00" in page
