"""A delegate signs up, confirms the e-mail, asks for an affiliation; the secretariat approves it."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from directory.models import Affiliation, User
from tests import factories

from .conftest import login, logout

pytestmark = pytest.mark.browser

CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")


def _mails_to(address: str) -> list[tuple[str, str]]:
    return [(message.subject, message.body) for message in mail.outbox if message.to == [address]]


def test_signup_verification_affiliation_and_approval(new_page, live_url):
    kenya = factories.MemberStateFactory(country="KE", name="Kenya")
    factories.MemberStateFactory(country="EC", name="Ecuador")
    staff = factories.make_secretariat(email="staff@iom.example", first_name="Irena", last_name="Omelaniuk")
    delegate_page = new_page()

    # Sign up.
    delegate_page.goto("/accounts/signup/")
    delegate_page.get_by_label("Email:", exact=True).fill("amina@state.example")
    delegate_page.get_by_label("Password:", exact=True).fill("a long pass phrase 2010")
    delegate_page.get_by_label("Password (again):", exact=True).fill("a long pass phrase 2010")
    delegate_page.get_by_label("Given name").fill("Amina")
    delegate_page.get_by_label("Family name").fill("Odhiambo")
    delegate_page.get_by_role("button", name="Sign Up").click()
    delegate_page.wait_for_url("**/accounts/confirm-email/")

    # The verification e-mail, and its link.
    mails = _mails_to("amina@state.example")
    assert [subject for subject, _body in mails] == ["[IDM] Please Confirm Your Email Address"]
    links = CONFIRM_LINK.findall(mails[0][1])
    assert len(links) == 1
    assert links[0].startswith(live_url + "/accounts/confirm-email/")
    delegate_page.goto(links[0])
    delegate_page.get_by_role("button", name="Confirm").click()
    delegate_page.wait_for_url("**/accounts/login/")
    assert list(User.objects.get(email="amina@state.example").emailaddress_set.values_list("verified")) == [(True,)]

    # Log in and ask for an affiliation on the profile.
    login(delegate_page, "amina@state.example", "a long pass phrase 2010")
    delegate_page.goto("/account/profile/")
    delegate_page.get_by_label("Member state you represent").select_option(label="Kenya")
    delegate_page.get_by_label("Your position").fill("Director of Immigration")
    delegate_page.get_by_role("button", name="Send to the secretariat").click()
    delegate_page.wait_for_url("**/account/profile/")
    expect(delegate_page.get_by_role("status")).to_have_text(
        "Your request was sent. The secretariat will confirm your affiliation by e-mail."
    )
    expect(delegate_page.locator("tbody td")).to_have_text(
        ["Kenya", "Director of Immigration", "Pending", "", "Withdraw"]
    )
    assert [subject for subject, _body in _mails_to("amina@state.example")][1:] == [
        "[IDM] Your affiliation to Kenya was received"
    ]

    # The secretariat signs in with its authenticator app and approves.
    staff_page = new_page()
    login(staff_page, staff.email, totp_secret=factories.TOTP_SECRET)
    staff_page.goto("/staff/affiliations/")
    expect(staff_page.locator("tbody tr")).to_have_count(1)
    staff_page.get_by_role("link", name="Decide amina@state.example").click()
    expect(staff_page.get_by_role("heading", level=1)).to_have_text("Amina Odhiambo for Kenya")
    staff_page.get_by_label("Approve").check()
    staff_page.get_by_role("button", name="Record the decision").click()
    staff_page.wait_for_url("**/staff/affiliations/")
    expect(staff_page.get_by_role("status")).to_have_text("The affiliation of Amina Odhiambo was approved.")
    expect(staff_page.locator("tbody tr")).to_have_text(["No affiliation to show."])

    # The delegate sees the approval.
    delegate_page.goto("/account/profile/")
    expect(delegate_page.locator("tbody td")).to_have_text(
        ["Kenya", "Director of Immigration", "Approved", "", "Withdraw"]
    )
    affiliation = Affiliation.objects.get()
    assert (affiliation.member_state, affiliation.status, affiliation.decided_by) == (kenya, "approved", staff)
    assert [subject for subject, _body in _mails_to("amina@state.example")][2:] == [
        "[IDM] Your affiliation to Kenya was approved"
    ]
    logout(delegate_page)
    expect(delegate_page.get_by_role("navigation", name="Account").get_by_role("link")).to_have_text(
        ["Sign in", "Create an account"]
    )
