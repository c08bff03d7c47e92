"""A delegate registers for a workshop that needs approval; the secretariat confirms; the delegate sees it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from tests import factories
from workshops.models import DialogueYear, Registration, Workshop

from .conftest import login

pytestmark = pytest.mark.browser

TITLE = "Societies and Identities: the Multifaceted Impact of Migration"


def test_delegate_registers_secretariat_confirms_delegate_sees_confirmed(new_page):
    kenya = factories.MemberStateFactory(country="KE", name="Kenya")
    factories.make_delegate(email="amina@state.example", first_name="Amina", last_name="Odhiambo", state=kenya)
    factories.make_secretariat(email="staff@iom.example", first_name="Irena", last_name="Omelaniuk")
    year = DialogueYear.objects.create(year=2010, theme="Migration and social change", is_current=True)
    start = timezone.localdate() + timedelta(days=30)
    Workshop.objects.create(
        year=year,
        title=TITLE,
        slug="societies-and-identities",
        start_date=start,
        end_date=start + timedelta(days=1),
        venue="International Conference Centre Geneva (CICG), Geneva",
        capacity=40,
        requires_approval=True,
        registration_opens=timezone.now() - timedelta(days=1),
        registration_closes=timezone.now() + timedelta(days=10),
        status=Workshop.Status.SUBJECT_TO_FUNDING,
    )

    # The delegate finds the workshop and registers.
    delegate = new_page()
    login(delegate, "amina@state.example")
    delegate.goto("/workshops/")
    delegate.get_by_role("link", name=TITLE).click()
    expect(delegate.get_by_text("Planned, subject to available funding")).to_be_visible()
    delegate.get_by_role("link", name="Register", exact=True).click()
    delegate.get_by_label("I agree to appear on the published list of participants").check()
    delegate.get_by_role("button", name="Register").click()
    delegate.wait_for_url("**/my/registrations/")
    expect(delegate.get_by_role("status")).to_have_text(
        "The registration of Amina Odhiambo was received; the secretariat will confirm it."
    )
    expect(delegate.locator("tbody .badge")).to_have_text("Pending")

    # The secretariat confirms it from the queue.
    staff = new_page()
    login(staff, "staff@iom.example", totp_secret=factories.TOTP_SECRET)
    staff.goto("/staff/workshops/")
    staff.get_by_role("link", name=TITLE).click()
    staff.get_by_label("Select Amina Odhiambo").check()
    staff.get_by_label("Decision").select_option("confirm")
    staff.get_by_role("button", name="Apply").click()
    # Nothing changes before the officer has seen what will happen and confirmed it.
    expect(staff.get_by_text("1 person moves from Pending to Confirmed and is e-mailed:")).to_be_visible()
    assert Registration.objects.get().status == Registration.Status.PENDING
    staff.get_by_role("button", name="Confirm these registrations").click()
    expect(staff.get_by_role("status")).to_contain_text("1 of 1 ticked registration changed; 1 person e-mailed.")
    expect(staff.get_by_role("status")).to_contain_text("Amina Odhiambo: Pending → Confirmed, e-mailed.")
    expect(staff.locator("tbody .badge")).to_have_text("Confirmed")

    # The delegate sees "Confirmed", and has the e-mail with the calendar entry.
    delegate.reload()
    expect(delegate.locator("tbody .badge")).to_have_text("Confirmed")
    assert Registration.objects.get().status == Registration.Status.CONFIRMED
    assert [m.subject for m in mail.outbox if m.to == ["amina@state.example"]] == [
        "[IDM] Registration received: %s" % TITLE,
        "[IDM] Registration confirmed: %s" % TITLE,
    ]
