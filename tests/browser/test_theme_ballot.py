"""A focal point ranks the candidate themes and submits the state's ballot; the secretariat closes the
survey; the public results page shows the count."""

import pytest
from playwright.sync_api import expect

from consultations.models import Ballot, Consultation
from tests import factories
from tests.consultations.factories import ConsultationFactory, ballot, state, themes, topics

from .conftest import login

pytestmark = pytest.mark.browser

SOCIAL = "Migration and social change"
ENVIRONMENT = "Migration, the environment and climate change"
HEALTH = "Health and migration: protecting the health of migrants"
TRANSNATIONALISM = "Migration and Transnationalism: Opportunities and Challenges"


def test_focal_point_ranks_the_themes_secretariat_closes_results_show_them(new_page):
    senegal = state("SN", name="Senegal")
    factories.make_delegate(
        email="amadou@senegal.example", first_name="Amadou", last_name="Diallo", state=senegal, focal_point=True
    )
    factories.make_secretariat(email="staff@iom.example", first_name="Irena", last_name="Omelaniuk")
    consultation = ConsultationFactory(year=2010, title="Overarching theme and workshops of the IDM in 2010")
    social, environment, health = themes(consultation, SOCIAL, ENVIRONMENT, HEALTH)
    transnationalism, _societies = topics(
        consultation, TRANSNATIONALISM, "Societies and Identities: the Multifaceted Impact of Migration"
    )
    ballot(consultation, state("KE", name="Kenya"), [environment, social, health], [transnationalism])

    # The focal point finds the survey and ranks the themes with the number selects.
    voter = new_page()
    login(voter, "amadou@senegal.example")
    voter.get_by_role("link", name="Choosing the theme").click()
    voter.get_by_role("link", name="The ballot of Senegal").click()
    expect(voter.get_by_text("Senegal has not cast its ballot yet.")).to_be_visible()
    voter.get_by_label("Place of “%s”" % SOCIAL).select_option("1")
    voter.get_by_label("Place of “%s”" % HEALTH).select_option("2")
    voter.get_by_label("Place of “%s”" % ENVIRONMENT).select_option("3")
    voter.get_by_label(TRANSNATIONALISM).check()
    voter.get_by_role("button", name="Cast the ballot of Senegal").click()
    expect(voter.get_by_role("status")).to_have_text("The ballot of Senegal was recorded.")
    expect(voter.locator(".current-ranking li")).to_have_text([SOCIAL, HEALTH, ENVIRONMENT])
    expect(voter.get_by_role("button", name="Change the ballot of Senegal")).to_be_visible()

    # The secretariat closes the survey, confirming the dialog.
    staff = new_page()
    login(staff, "staff@iom.example", totp_secret=factories.TOTP_SECRET)
    staff.on("dialog", lambda dialog: dialog.accept())
    staff.goto("/staff/consultations/")
    staff.get_by_role("link", name="Overarching theme and workshops of the IDM in 2010").click()
    staff.get_by_role("button", name="Close the survey and tally").click()
    expect(staff.get_by_role("status")).to_have_text("The survey is closed and tallied; the results are public.")

    # Anyone sees the results.
    public = new_page()
    public.goto("/consultations/")
    public.get_by_role("link", name="Results of the survey").click()
    expect(public.get_by_text("2 of 2 member states cast a ballot (100%).")).to_be_visible()
    rows = public.locator("#themes-heading ~ .table-scroll tbody tr")
    expect(rows.locator("th")).to_contain_text([SOCIAL, ENVIRONMENT, HEALTH])
    expect(rows.locator("td strong")).to_have_text(["3", "2", "1"])
    assert Consultation.objects.get().status == Consultation.Status.CLOSED
    assert Ballot.objects.get(member_state=senegal).cast_by.email == "amadou@senegal.example"

    # The focal point can no longer change the ballot.
    voter.reload()
    expect(voter.get_by_text("The survey is closed: the ballot can no longer be changed.")).to_be_visible()
    expect(voter.get_by_role("button", name="Change the ballot of Senegal")).to_have_count(0)
