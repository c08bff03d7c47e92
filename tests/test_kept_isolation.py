"""Kept fragments are never another user's (issue 14): two users of the same role open the same address
one after the other, in English, French and Spanish, each seeing exactly their own values and never the
other's: two delegates of two states (their registration, its place on the waiting list, their
name, their token), two focal points of two states (their state's people), two donors (their
organisation and figures), and a message waiting for one of them.

The cache is a real one shared by the requests (this process's memory, as a worker keeps it): a
fragment kept for the first user is what the second would get if its key missed what differs.
"""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache as django_cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from funding import services as funding_services
from tests import factories
from tests.sessions_council.factories import CouncilSessionFactory, PanelFactory, ParticipationFactory
from tests.workshops.factories import DialogueYearFactory, WorkshopFactory, person_of, registration
from workshops.models import Registration

pytestmark = pytest.mark.django_db

S = Registration.Status
LANGUAGES = ("en", "fr", "es")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _memory_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kept"}}
    django_cache.clear()
    yield
    translation.activate("en")


def _client(user, language: str) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def _alternately(users: dict, address) -> dict:
    """Each user's page in each language, the users taking turns: {(name, language): html}."""
    pages = {}
    for language in LANGUAGES:
        for round_ in range(2):  # the second round is served from what the first kept
            for name, user in users.items():
                response = _client(user, language).get(address(name) if callable(address) else address)
                assert response.status_code == 200, (name, language, response.status_code)
                pages[(name, language, round_)] = response.content.decode()
    return pages


def two_delegates_on_one_workshop():
    """Awa Diop of Senegal, confirmed, and Rosa Quispe of Peru, first on the waiting list, for the
    workshop "Migration and social change" of one seat: (workshop, awa, rosa, awa's, rosa's)."""
    senegal = factories.MemberStateFactory(country="SN", name="Senegal")
    peru = factories.MemberStateFactory(country="PE", name="Peru")
    awa = factories.make_delegate(email="awa@state.example", first_name="Awa", last_name="Diop", state=senegal)
    rosa = factories.make_delegate(email="rosa@state.example", first_name="Rosa", last_name="Quispe", state=peru)
    workshop = WorkshopFactory(title="Migration and social change", capacity=1)
    awas = registration(workshop, status=S.CONFIRMED, person=person_of(awa))
    rosas = registration(workshop, status=S.WAITLISTED, person=person_of(rosa))
    return workshop, awa, rosa, awas, rosas


def test_two_delegates_of_two_states_each_see_their_own_workshop_page():
    workshop, awa, rosa, awas, rosas = two_delegates_on_one_workshop()
    change = {"awa": "/my/registrations/%d/change/" % awas.pk, "rosa": "/my/registrations/%d/change/" % rosas.pk}
    names = {"awa": "Awa Diop", "rosa": "Rosa Quispe"}

    pages = _alternately({"awa": awa, "rosa": rosa}, workshop.get_absolute_url())

    seen = {
        key: (
            names[key[0]] in html,
            names["rosa" if key[0] == "awa" else "awa"] in html,
            change[key[0]] in html,
            change["rosa" if key[0] == "awa" else "awa"] in html,
            "badge-confirmed" in html,
            "badge-waitlisted" in html,
            '<html lang="%s">' % key[1] in html,
        )
        for key, html in pages.items()
    }
    assert seen == {key: (True, False, True, False, key[0] == "awa", key[0] == "rosa", True) for key in pages}
    for html in pages.values():
        assert len(set(TOKEN.findall(html))) == 1


def test_two_delegates_each_see_their_own_registrations():
    awa = factories.make_delegate(email="awa@state.example", first_name="Awa", last_name="Diop")
    rosa = factories.make_delegate(email="rosa@state.example", first_name="Rosa", last_name="Quispe")
    registration(WorkshopFactory(title="Workshop of Awa"), status=S.CONFIRMED, person=person_of(awa))
    registration(WorkshopFactory(title="Workshop of Rosa"), status=S.WAITLISTED, person=person_of(rosa))

    pages = _alternately({"awa": awa, "rosa": rosa}, reverse("workshops:my_registrations"))

    seen = {key: ("Workshop of Awa" in html, "Workshop of Rosa" in html) for key, html in pages.items()}
    assert seen == {key: (key[0] == "awa", key[0] == "rosa") for key in pages}


def test_two_focal_points_of_two_states_each_see_their_own_states_people():
    senegal = factories.MemberStateFactory(country="SN", name="Senegal")
    peru = factories.MemberStateFactory(country="PE", name="Peru")
    omar = factories.make_delegate(
        email="omar@state.example", first_name="Omar", last_name="Sall", state=senegal, focal_point=True
    )
    ana = factories.make_delegate(
        email="ana@state.example", first_name="Ana", last_name="Mamani", state=peru, focal_point=True
    )
    factories.PersonFactory(given_name="Fatou", family_name="Ndiaye", member_state=senegal)
    factories.PersonFactory(given_name="Luis", family_name="Huaman", member_state=peru)

    pages = _alternately({"omar": omar, "ana": ana}, "/")
    delegations = _alternately({"omar": omar, "ana": ana}, reverse("workshops:my_delegation"))

    seen = {
        key: ("Ndiaye" in html, "Huaman" in html, "Omar Sall" in html, "Ana Mamani" in html)
        for key, html in pages.items()
    }
    assert seen == {key: (key[0] == "omar", key[0] == "ana") * 2 for key in pages}
    assert {key: ("Omar Sall" in html, "Ana Mamani" in html) for key, html in delegations.items()} == {
        key: (key[0] == "omar", key[0] == "ana") for key in delegations
    }


def test_two_donors_each_see_their_own_organisation_and_figures(secretariat):
    year = DialogueYearFactory(year=2010)
    first = factories.make_donor_contact(email="one@donor.example", donor=factories.DonorFactory(name="Donor Alpha"))
    second = factories.make_donor_contact(email="two@donor.example", donor=factories.DonorFactory(name="Donor Beta"))
    for user, amount in ((first, "111111"), (second, "222222")):
        funding_services.record_contribution(
            by=secretariat,
            donor=user.donor_contact.donor,
            year=year,
            stage="pledge",
            amount=Decimal(amount),
            currency="USD",
            usd_rate=Decimal("1"),
            pledged_on=date(2010, 1, 15),
        )
    amounts = {"first": "111111", "second": "222222"}

    pages = _alternately({"first": first, "second": second}, reverse("funding:donor_portal"))
    homes = _alternately({"first": first, "second": second}, "/")

    for (name, language, _round), html in pages.items():
        other = "second" if name == "first" else "first"
        digits = re.sub(r"[^\d]", "", html)  # 111,111 / 111 111 / 111.111 as each language writes it
        seen = (amounts[name] in digits, amounts[other] in digits, "Donor Alpha" in html, "Donor Beta" in html)
        assert seen == (True, False, name == "first", name == "second"), (name, language)
    assert {key: ("Donor Alpha" in html, "Donor Beta" in html) for key, html in homes.items()} == {
        key: (key[0] == "first", key[0] == "second") for key in homes
    }


def test_a_message_for_one_user_is_shown_to_them_alone_once(client):
    awa = factories.make_delegate(email="awa@state.example", first_name="Awa", last_name="Diop")
    rosa = factories.make_delegate(email="rosa@state.example", first_name="Rosa", last_name="Quispe")
    workshop = WorkshopFactory(title="Migration and social change")
    mine = registration(workshop, status=S.CONFIRMED, person=person_of(awa))
    awas, rosas = _client(awa, "en"), _client(rosa, "en")
    for address in (workshop.get_absolute_url(), reverse("workshops:my_registrations")):
        awas.get(address), rosas.get(address)  # kept for each

    awas.post(reverse("workshops:cancel", kwargs={"pk": mine.pk}), {"next": reverse("workshops:my_registrations")})
    theirs = rosas.get(reverse("workshops:my_registrations")).content.decode()
    shown = awas.get(reverse("workshops:my_registrations")).content.decode()
    again = awas.get(reverse("workshops:my_registrations")).content.decode()

    text = "was cancelled."
    assert (text in theirs, text in shown, text in again) == (False, True, False)


@pytest.mark.parametrize("name", ["sessions_council:speaker_list", "sessions_council:session_list"])
def test_a_visitors_own_query_never_reaches_the_page_kept_for_every_anonymous_visitor(name):
    """A list kept whole for anonymous visitors is kept by the parameters it reads (its page, its
    filters): its page links must hold those alone, not whatever else the first visitor's address held
    (?utm_source=..., anything), which would be served to every visitor after."""
    panel = PanelFactory()
    for number in range(51):  # two pages of sessions, two of speakers
        CouncilSessionFactory()
        ParticipationFactory(panel=panel, person=factories.PersonFactory(family_name="Speaker %02d" % number))
    address = reverse(name)

    crafted = Client().get(address, {"utm_source": "hostile-mark"}).content.decode()
    plain = Client().get(address).content.decode()
    filtered = Client().get(address, {"q": "Speaker", "utm_source": "hostile-mark"}).content.decode()

    assert ("?page=2" in plain, "hostile-mark" in plain) == (True, False)
    assert "hostile-mark" not in crafted.split('<nav class="pagination"')[1]
    if name == "sessions_council:speaker_list":  # its search is in the page's key, and kept in its links
        assert ("?q=Speaker&amp;page=2" in filtered, "hostile-mark" in filtered.split("<main")[1]) == (True, False)
