"""The secretariat adds a panellist to a Council panel and uploads her presentation; the public
session page shows her in speaking order with her position and the presentation to download."""

import datetime

import pytest
from playwright.sync_api import expect

from sessions_council.models import Participation
from tests import factories
from tests.sessions_council.factories import CouncilSessionFactory, PanelFactory, ParticipationFactory

from .conftest import login

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_secretariat_adds_a_panellist_and_uploads_a_presentation(new_page, live_url, tmp_path):
    session = CouncilSessionFactory(
        number=98,
        title="Ninety-eighth Session",
        start_date=datetime.date(2009, 11, 23),
        end_date=datetime.date(2009, 11, 26),
    )
    panel = PanelFactory(
        session=session, title="Human rights and migration: Working together for safe, dignified and secure migration"
    )
    ParticipationFactory(
        panel=panel,
        person=factories.PersonFactory(
            given_name="Kyung-wha", family_name="Kang", position="Deputy High Commissioner for Human Rights"
        ),
        order=0,
    )
    factories.PersonFactory(
        given_name="Elly", family_name="Anita", position="Trafficking in Persons Report hero of the year for 2009"
    )
    factories.make_secretariat(email="staff@iom.example", first_name="Irena", last_name="Omelaniuk")
    slides = tmp_path / "Anita - my story.pdf"
    slides.write_bytes(PDF)

    staff = new_page()
    login(staff, "staff@iom.example", totp_secret=factories.TOTP_SECRET)
    staff.get_by_role("link", name="Council sessions", exact=True).click()
    staff.get_by_role("link", name="Ninety-eighth Session").click()

    # Add Elly Anita as a panellist who consents to publication.
    staff.get_by_role("link", name=f"Add a speaker to {panel.title}").click()
    staff.get_by_label("Person:", exact=True).select_option(label="Elly Anita")
    staff.get_by_label("Role:", exact=True).select_option(label="Panellist")
    staff.get_by_label("Topic").fill(
        "Her own experience as a victim of trafficking and exploitation in the Middle East"
    )
    staff.get_by_label("Consents to publishing the presentation").check()
    staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_role("status")).to_have_text("Elly Anita was saved.")
    speakers = staff.locator(f"#panel-{panel.pk}-speakers tbody tr")
    expect(speakers).to_have_count(2)
    expect(speakers.nth(1)).to_contain_text("Missing")

    # Upload her presentation.
    staff.get_by_role("link", name="Upload the presentation of Elly Anita").click()
    staff.get_by_label("Presentation:", exact=True).set_input_files(str(slides))
    staff.get_by_role("button", name="Upload").click()
    expect(staff.get_by_role("status")).to_have_text("The presentation of Elly Anita was uploaded.")
    expect(speakers.nth(1)).to_contain_text("Anita - my story.pdf")
    expect(speakers.nth(1)).to_contain_text("Public")

    # She speaks first: htmx swaps the panel's speakers in place.
    staff.get_by_role("button", name="Move Elly Anita up").click()
    expect(speakers.nth(0)).to_contain_text("Elly Anita")
    assert list(
        Participation.objects.filter(panel=panel).order_by("order").values_list("person__family_name", flat=True)
    ) == ["Anita", "Kang"]

    # The public page, signed out.
    public = new_page()
    public.goto("/council/98/")
    listed = public.locator(f"#panel-{panel.pk} ol.speakers > li")
    expect(listed).to_have_count(2)
    expect(listed.nth(0)).to_contain_text("Elly Anita")
    expect(listed.nth(0)).to_contain_text("Trafficking in Persons Report hero of the year for 2009")
    expect(listed.nth(1)).to_contain_text("Kyung-wha Kang")
    with public.expect_download() as download:
        listed.nth(0).get_by_role("link", name="Presentation (PDF").click()
    assert download.value.suggested_filename == "Anita - my story.pdf"
    assert open(download.value.path(), "rb").read() == PDF
