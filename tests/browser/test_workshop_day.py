"""The day of the workshop in a real browser: the secretariat prints the badges (the PDF read back:
names, and a QR code the vendored library decodes), checks participants in on a phone-sized screen by
typing a name and by a photo of a badge, sees the count go up; a participant downloads the certificate."""

import datetime
import io
import subprocess

import pytest
import qrcode
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from directory.codes import new_code
from tests import factories
from tests.workshops.factories import WorkshopFactory, person_of, registration
from workshops.models import Attendance, Registration

from .conftest import login

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DPI = 150


def mm(value: float) -> int:
    return round(value * DPI / 25.4)


def first_badge_qr(pdf: bytes, tmp_path) -> Image.Image:
    """The QR code of the sheet's first badge, cut out of the page rendered by poppler (badges.css:
    the first badge's top-left corner at 15 × 18.5 mm, its 24 mm QR 4 mm in from its right edge)."""
    (tmp_path / "badges.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(DPI), "-f", "1", "-l", "1", str(tmp_path / "badges.pdf"), str(tmp_path / "p")],
        check=True,
    )
    page = Image.open(next(tmp_path.glob("p*.png")))
    return page.crop((mm(15 + 90 - 4 - 24 - 3), mm(18.5 + 17 - 3), mm(15 + 90 - 4 + 3), mm(18.5 + 17 + 24 + 3)))


def test_the_secretariat_prints_badges_and_checks_people_in_on_a_phone(new_page, tmp_path):
    today = datetime.date.today()
    workshop = WorkshopFactory(
        title="Migration and Transnationalism: Opportunities and Challenges",
        start_date=today,
        end_date=today + datetime.timedelta(days=1),
    )
    kenya = factories.MemberStateFactory(name="Kenya")
    ecuador = factories.MemberStateFactory(name="Ecuador")
    amina = registration(
        workshop,
        status=Registration.Status.CONFIRMED,
        person=factories.PersonFactory(given_name="Amina", family_name="Odhiambo", member_state=kenya),
    )
    registration(
        workshop,
        status=Registration.Status.CONFIRMED,
        person=factories.PersonFactory(given_name="Carlos", family_name="Vera", member_state=ecuador),
        category=Registration.Category.SPEAKER,
    )
    factories.make_secretariat(email="staff@iom.example")

    # At the office: the badges, through the document worker.
    desk = new_page()
    login(desk, "staff@iom.example", totp_secret=factories.TOTP_SECRET)
    desk.goto("/staff/workshops/%s/attendance/" % workshop.slug)
    desk.get_by_role("link", name="Print the badges").click()
    desk.get_by_role("button", name="Generate the PDF").click()
    with desk.expect_download() as download:
        desk.get_by_role("link", name="Download the PDF").click()
    pdf = open(download.value.path(), "rb").read()
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Carlos Vera" in text
    assert "Amina Odhiambo" in text
    assert "SPEAKER OR PANELLIST" in text
    assert "DELEGATE" in text
    qr = tmp_path / "badge-qr.png"
    first_badge_qr(pdf, tmp_path).save(qr)  # Ecuador comes first: Carlos Vera's badge

    # At the door, on a phone (the same account: a TOTP code is accepted once): the count, then a
    # name typed in the search.
    phone = desk
    phone.set_viewport_size(PHONE)
    phone.goto("/staff/workshops/%s/check-in/" % workshop.slug)
    count = phone.locator("#checkin-count")
    expect(count).to_have_text("0 of 2 participants in today")
    phone.get_by_label("Find by name or member state").fill("Odhiam")
    phone.get_by_role("button", name="Check in Amina Odhiambo").click()
    answer = phone.locator(".checkin-answer")
    expect(answer.locator(".checkin-verdict")).to_have_text("✓ Checked in.")
    expect(answer.locator(".checkin-name")).to_have_text("Amina Odhiambo")
    expect(count).to_have_text("1 of 2 participants in today")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing wider than the phone

    # A photo of Carlos Vera's printed badge: the vendored QR library reads it, the page sends its code.
    phone.get_by_label("Or read a photo of the badge").set_input_files(str(qr))
    expect(answer.locator(".checkin-name")).to_have_text("Carlos Vera")
    expect(answer.locator(".checkin-verdict")).to_have_text("✓ Checked in.")
    expect(count).to_have_text("2 of 2 participants in today")

    # A forged badge, made here with the qrcode package: read, sent, refused.
    forged = tmp_path / "forged.png"
    qrcode.make(new_code()).save(forged)
    phone.get_by_label("Or read a photo of the badge").set_input_files(str(forged))
    expect(answer).to_have_attribute("data-outcome", "unknown_badge")
    expect(answer.locator(".checkin-verdict")).to_have_text("✗ This badge is not valid: it may be forged or replaced.")

    # Scanning Amina's search result again: already in.
    phone.get_by_role("button", name="Check in Amina Odhiambo").click()
    expect(answer).to_have_attribute("data-outcome", "already")
    assert Attendance.objects.filter(registration__workshop=workshop, day=today).count() == 2
    assert Registration.objects.get(pk=amina.pk).status == Registration.Status.ATTENDED

    # Back at the office, the attendance page counts them.
    desk.set_viewport_size({"width": 1280, "height": 900})
    desk.goto("/staff/workshops/%s/attendance/" % workshop.slug)
    expect(desk.locator("[data-present]")).to_have_text("2 / 2")


def test_a_participant_downloads_the_certificate(page):
    user = factories.make_delegate(email="amina@state.example", first_name="Amina", last_name="Odhiambo")
    user.preferred_language = "fr"
    user.save()
    workshop = WorkshopFactory(
        title="Migration and Transnationalism: Opportunities and Challenges",
        start_date=datetime.date(2010, 3, 9),
        end_date=datetime.date(2010, 3, 10),
    )
    row = registration(workshop, status=Registration.Status.ATTENDED, person=person_of(user))
    Attendance.objects.create(registration=row, day=workshop.start_date)

    login(page, "amina@state.example")  # her preferred language from log-in on: French
    page.goto("/my/registrations/")
    page.get_by_role("button", name="Certificat de participation").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le PDF").click()

    text = " ".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    assert "Certificat de participation" in text
    assert person_of(user).full_name in text
    code = row.certificate.code
    assert code in text
    page.goto("/verify/certificates/%s/" % code)
    expect(page.locator(".verification-status")).to_have_text("Valide")
