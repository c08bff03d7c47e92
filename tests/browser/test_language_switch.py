"""A visitor switches the portal to French, then Spanish, with the buttons in the header, and the portal
stays in the chosen language from page to page; at log-in it speaks the user's preferred language."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.workshops.factories import DialogueYearFactory, WorkshopFactory

from .conftest import login

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _language_cookie_over_http(settings):
    """The live server speaks HTTP: a Secure language cookie would never come back."""
    settings.LANGUAGE_COOKIE_SECURE = False


def test_switching_the_language_stays_across_pages(page):
    year = DialogueYearFactory(theme_fr="Migration et changement social", theme_es="Migración y cambio social")
    WorkshopFactory(
        year=year,
        title="Migration and Transnationalism: Opportunities and Challenges",
        title_fr="Migration et transnationalisme : opportunités et défis",
        title_es="Migración y transnacionalismo: oportunidades y desafíos",
        start_date=date(2010, 3, 9),
        end_date=date(2010, 3, 10),
        registration_opens=None,
        registration_closes=None,
    )
    switcher = page.get_by_role("group", name="Language")

    page.goto("/workshops/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Intersessional workshops")
    page.get_by_role("button", name="Français").click()

    expect(page).to_have_url("/workshops/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ateliers intersessions")
    expect(page.get_by_role("heading", name="IDM 2010 : Migration et changement social")).to_be_visible()
    page.get_by_role("link", name="Migration et transnationalisme : opportunités et défis").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Migration et transnationalisme : opportunités et défis")
    expect(page.locator("dl.facts")).to_contain_text("9–10 mars 2010")
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Conseil de l'OIM").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("L'IDM au Conseil de l'OIM")
    expect(page.get_by_role("group", name="Langue").get_by_role("button", name="Français")).to_have_attribute(
        "aria-current", "true"
    )

    page.get_by_role("group", name="Langue").get_by_role("button", name="Español").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("El IDM en el Consejo de la OIM")
    page.get_by_role("navigation", name="Navegación principal").get_by_role("link", name="Talleres").click()
    expect(page.get_by_role("link", name="Migración y transnacionalismo: oportunidades y desafíos")).to_be_visible()
    expect(page.locator(".workshop-dates")).to_have_text("9–10 de marzo de 2010")

    page.get_by_role("group", name="Idioma").get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Intersessional workshops")
    expect(switcher.get_by_role("button", name="English")).to_have_attribute("aria-current", "true")


def test_signing_in_brings_the_users_own_language(page):
    delegate = factories.make_delegate(email="ana@state.example", first_name="Ana", preferred_language="es")

    login(page, delegate.email)

    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Le damos la bienvenida, Ana %s" % delegate.last_name)
    page.get_by_role("link", name="Mis inscripciones").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mis inscripciones")
