"""A funded journey through the pages: the delegate asks for funded participation, the secretariat
approves it; the delegate completes the travel file and asks for an invitation letter, the secretariat
approves it; the letter's PDF (read back) holds the passport name and the verification address, which
answers "valid" to anyone; the secretariat records the itinerary, the ticket and the DSA; the donor
whose earmarked money paid for them sees the exact spending on their portal.

Only the starting data is arranged with services: the workshop (budget, money earmarked by the donor),
the Geneva DSA rate, the accounts. Documents are rendered by the task the page publishes (eager here,
as in the other browser tests that download a PDF)."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from funding.models import CostLine, Expenditure
from tests import factories
from tests.funding import factories as funding_factories
from tests.travel.factories import DETAILS, geneva_rates
from tests.workshops.factories import WorkshopFactory
from travel.models import InvitationLetter, TravelFile

from .conftest import login

pytestmark = pytest.mark.browser

TITLE = "Migration and Transnationalism: Opportunities and Challenges"
RENDERED_MS = 180_000  # a rendered PDF on a loaded machine


def test_a_funded_participant_travels_and_the_donor_sees_what_it_cost(new_page):
    kenya = factories.MemberStateFactory(country="KE", name="Kenya", eligible_for_funding=True)
    factories.make_delegate(email="amina@state.example", first_name="Amina", last_name="Odhiambo", state=kenya)
    secretariat = factories.make_secretariat(email="staff@iom.example")
    sweden = factories.DonorFactory(name="Government of Sweden")
    contact = factories.make_donor_contact(email="lars@sweden.example", donor=sweden)
    start = timezone.localdate() + timedelta(days=30)
    workshop = WorkshopFactory(
        title=TITLE, slug="transnationalism", start_date=start, end_date=start + timedelta(days=1)
    )
    funding_factories.budget(workshop, seats=20)
    earmarked = funding_factories.contribution(donor=sweden, workshop=workshop, amount="300000")
    geneva_rates(secretariat)  # 411.00 USD a night

    # The delegate registers and asks for funded participation.
    delegate = new_page()
    login(delegate, "amina@state.example")
    delegate.goto("/workshops/")
    delegate.get_by_role("link", name=TITLE).click()
    delegate.get_by_role("link", name="Register", exact=True).click()
    delegate.get_by_label("I agree to appear on the published list of participants").check()
    delegate.get_by_label("Ask for funded participation (travel paid by IOM)").check()
    delegate.get_by_label("Travelling from").fill("Nairobi, Kenya")
    delegate.get_by_label("Why funded participation is needed").fill("No travel budget in the ministry this year.")
    delegate.get_by_role("button", name="Register").click()
    delegate.wait_for_url("**/my/registrations/")

    # The secretariat approves it on the workshop's funding page.
    staff = new_page()
    login(staff, "staff@iom.example", totp_secret=factories.TOTP_SECRET)
    staff.goto("/staff/workshops/%s/funding/" % workshop.slug)
    row = staff.get_by_role("row").filter(has_text="Amina Odhiambo")
    expect(row).to_contain_text("Nairobi, Kenya")
    row.get_by_label("Approve").check()
    row.get_by_role("button", name="Decide Amina Odhiambo").click()
    expect(staff.get_by_role("status")).to_contain_text("Funded participation of Amina Odhiambo: Approved")

    # The delegate completes the travel file and asks for an invitation letter.
    delegate.goto("/my/travel/")
    delegate.locator("#main").get_by_role("link", name="Amina Odhiambo").click()
    delegate.get_by_label("Name as in the passport").fill(DETAILS["passport_name"])
    delegate.get_by_label("Nationality").select_option("KE")
    delegate.get_by_label("Date of birth").fill(DETAILS["date_of_birth"].isoformat())
    delegate.get_by_label("Passport number").fill(DETAILS["passport_number"])
    delegate.get_by_label("Passport expiry date").fill(DETAILS["passport_expiry"].isoformat())
    delegate.get_by_label("City of departure").fill(DETAILS["departure_city"])
    delegate.get_by_label("Country of departure").select_option("KE")
    delegate.get_by_role("button", name="Save the details").click()
    expect(delegate.get_by_role("status")).to_have_text("The traveller's details were saved.")
    expect(delegate.get_by_text("Details complete", exact=True)).to_be_visible()
    delegate.get_by_role("link", name="Ask for an invitation letter").click()
    delegate.get_by_role("button", name="Ask for the letter").click()
    letters = delegate.get_by_role("table", name="Letters of this travel file")
    expect(letters).to_contain_text("Requested")

    # The secretariat approves the letter from its queue.
    staff.goto("/staff/travel/letters/")
    staff.locator("#main").get_by_role("link", name="Amina Odhiambo").click()
    staff.get_by_role("button", name="Approve and issue the letter").click()
    letter = InvitationLetter.objects.get()
    assert letter.status == InvitationLetter.Status.APPROVED

    # The delegate downloads it: the passport name and the verification address are in the PDF.
    delegate.reload()
    delegate.get_by_role("link", name="Download %s" % letter.reference).click()
    expect(delegate.get_by_role("button", name="Generate the PDF")).to_have_count(0)  # the secretariat's only
    with delegate.expect_download(timeout=RENDERED_MS) as download:
        delegate.get_by_role("link", name="letter-%s-en.pdf" % letter.reference.replace("/", "-")).click()
    text = " ".join(page.extract_text() for page in PdfReader(download.value.path()).pages)
    verify_url = re.search(r"https?://\S+/verify/letters/[^/\s]+/", text.replace("\n", ""))
    assert DETAILS["passport_name"] in text
    assert verify_url is not None
    assert letter.verification_code in verify_url.group(0)

    # A consular officer, signed in nowhere, opens the address: valid, and the traveller's name.
    officer = new_page()
    officer.goto(verify_url.group(0))
    expect(officer.locator(".verification-status")).to_have_text("Valid")
    expect(officer.locator("dl.facts")).to_contain_text(DETAILS["passport_name"])

    # The secretariat records the itinerary, the ticket it booked and the DSA advance.
    staff.goto("/staff/travel/workshops/%s/" % workshop.slug)
    staff.locator("#main").get_by_role("link", name="Amina Odhiambo").click()
    itinerary = staff.locator("form").filter(has=staff.get_by_role("heading", name="Itinerary"))
    itinerary.get_by_label("Outbound flight date").fill((start - timedelta(days=1)).isoformat())
    itinerary.get_by_label("Return flight date").fill((start + timedelta(days=2)).isoformat())
    itinerary.get_by_label("Arrival in the duty station").fill((start - timedelta(days=1)).isoformat())
    itinerary.get_by_label("Departure from the duty station").fill((start + timedelta(days=2)).isoformat())
    itinerary.get_by_label("Duty station:", exact=True).fill("Geneva")
    itinerary.get_by_role("button", name="Save").click()
    expect(staff.get_by_role("status")).to_contain_text("The itinerary was saved.")

    ticket = staff.locator("form").filter(has=staff.get_by_role("heading", name="Ticket", exact=True))
    ticket.get_by_label("Booked by the secretariat").check()
    ticket.get_by_label("Booking reference").fill("DEMO7Q")
    ticket.get_by_label("Fare:", exact=True).fill("1200.00")
    ticket.get_by_label("Currency (ISO 4217)").fill("CHF")
    ticket.get_by_label("Exchange rate to USD").fill("0.95")
    ticket.get_by_role("button", name="Save").click()
    expect(staff.get_by_role("status")).to_contain_text("The ticket was recorded.")

    dsa = staff.locator("form").filter(has=staff.get_by_role("heading", name="DSA payment"))
    dsa.get_by_label("Advance before the workshop").check()
    dsa.get_by_role("button", name="Save").click()
    expect(staff.get_by_role("status")).to_contain_text("The DSA payment was recorded.")

    travel_file = TravelFile.objects.get()
    spent = Expenditure.objects.order_by("pk").values_list("source_ref", "cost_line", "usd_amount", "contribution_id")
    assert list(spent) == [
        ("travel:ticket:%d" % travel_file.pk, CostLine.PARTICIPATION, Decimal("1140.00"), earmarked.pk),
        ("travel:dsa:%d" % travel_file.pk, CostLine.PARTICIPATION, Decimal("1233.00"), earmarked.pk),
    ]

    # The donor contact sees what their money paid for: the ticket 1,140.00 + the DSA 1,233.00 USD.
    donor = new_page()
    login(donor, contact.email)
    donor.get_by_role("navigation", name="Main").get_by_role("link", name="Our contributions").click()
    funded = donor.locator("section.funded-workshop").filter(has_text=TITLE)
    expect(funded.locator('dt:text-is("Earmarked by you") + dd')).to_have_text("300,000.00 USD")
    regions = funded.get_by_role("table", name="Funded participants by region", exact=True)
    africa = regions.get_by_role("row").filter(has_text="Africa")
    expect(africa.get_by_role("cell")).to_have_text(["1", "1.0"])  # 1 participant, all paid for by them
    expect(funded.locator('dt:text-is("Spent from your money") + dd')).to_have_text("2,373.00 USD")
    by_line = funded.get_by_role("table", name="Actually spent from your money, by cost line")
    expect(by_line.get_by_role("rowheader")).to_have_text(["Funded participation"])
    expect(by_line.locator("tbody").get_by_role("cell")).to_have_text(["2,373.00"])
    expect(donor.get_by_text("2,373.00 USD of your money has been spent.")).to_be_visible()
    by_region = donor.get_by_role("table", name="By region", exact=True)
    expect(by_region.locator("tbody tr")).to_have_text(["Africa1.0"])
    by_gender = donor.get_by_role("table", name="By gender (self-declared)", exact=True)
    expect(by_gender.locator("tbody tr")).to_have_text(["Not stated1.0"])
    expect(donor.locator("body")).not_to_contain_text(DETAILS["passport_number"])
    expect(donor.locator("body")).not_to_contain_text(DETAILS["passport_name"])
