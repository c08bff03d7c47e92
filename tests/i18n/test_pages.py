"""Key pages in French and Spanish: the interface translated, dates and money as each language writes
them, the records' own text in the language where it has been translated (English where not), and the
same number of queries as in English."""

import re
from datetime import date

import pytest

from sessions_council.models import CouncilSession
from tests import factories
from tests.funding import factories as funding
from tests.pages import text
from tests.workshops.factories import WorkshopFactory

pytestmark = pytest.mark.django_db

NBSP = "\xa0"
TITLE_FR = "Migration et transnationalisme : opportunités et défis"


def speak(client, language: str):
    """The language cookie the switcher in the header sets."""
    client.cookies["django_language"] = language
    return client


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ['<html lang="fr">', "Dialogue international sur la migration", "Créer un compte", "Se connecter"]),
        ("es", ['<html lang="es">', "Diálogo Internacional sobre la Migración", "Crear una cuenta", "Iniciar sesión"]),
    ],
)
def test_home_page(client, language, expected):
    page = speak(client, language).get("/").content.decode()

    assert [phrase in page for phrase in expected] == [True] * len(expected)


def test_the_switcher_shows_each_language_in_itself_and_marks_the_current_one(client):
    page = speak(client, "es").get("/").content.decode()

    buttons = re.findall(
        r'<button type="submit" name="language" value="(\w+)" lang="\w+" class="link-button"'
        r'( aria-current="true")?>([^<]+)</button>',
        page,
    )
    assert buttons == [("en", "", "English"), ("fr", "", "Français"), ("es", ' aria-current="true"', "Español")]


def test_workshop_list_in_french(client, workshop):
    page = text(speak(client, "fr").get("/workshops/"))

    assert "Ateliers intersessions" in page
    assert "IDM 2010 : Migration et changement social" in page
    assert "%s 9–10 mars 2010 · Centre international de conférences de Genève (CICG), Genève" % TITLE_FR in page
    assert "Prévu, sous réserve des fonds disponibles" in page


def test_workshop_list_in_spanish_falls_back_to_english_where_untranslated(client, workshop):
    page = text(speak(client, "es").get("/workshops/"))

    assert "IDM 2010: Migración y cambio social" in page
    # No Spanish title or venue yet: the English ones, with the dates written the Spanish way.
    assert (
        "Migration and Transnationalism: Opportunities and Challenges 9–10 de marzo de 2010 · "
        "International Conference Centre Geneva (CICG), Geneva" in page
    )
    assert "Previsto, a reserva de la disponibilidad de fondos" in page


@pytest.mark.parametrize("rows", [1, 30])
def test_translated_workshop_list_costs_the_queries_of_the_english_one(client, year, rows, django_assert_num_queries):
    for n in range(rows):
        WorkshopFactory(year=year, title="Workshop %d" % n, title_fr="Atelier %d" % n)
    speak(client, "fr")

    with django_assert_num_queries(3):
        response = client.get("/workshops/")

    assert response.content.decode().count('class="workshop-card"') == rows
    assert text(response).count("Atelier ") == rows


def test_workshop_page_in_french(client, workshop):
    page = text(speak(client, "fr").get(workshop.get_absolute_url()))

    assert "Dialogue international sur la migration 2010 : Migration et changement social" in page
    assert "Dates 9–10 mars 2010 Lieu Centre international de conférences de Genève (CICG), Genève" in page
    assert "À propos de l'atelier La migration est un aspect du changement social." in page
    assert "L'atelier examinera le transnationalisme." in page
    # Guiding questions without French: the English ones.
    assert "Questions directrices How do societies manage diversity?" in page
    agenda = "Ordre du jour mardi 9 mars 2010 10:45–13:00 CET Séance Session I: Transnationalism and participation"
    assert agenda in page


def test_workshop_page_in_spanish(client, workshop):
    page = text(speak(client, "es").get(workshop.get_absolute_url()))

    assert "Preguntas orientativas ¿Cómo gestionan las sociedades la diversidad?" in page
    assert (
        "Programa martes 9 de marzo de 2010 10:45–13:00 CET Sesión Sesión I: El transnacionalismo y la participación"
        in (page)
    )
    assert "Acerca del taller Migration is an aspect of social change." in page


def test_workshop_calendar_in_french(client, workshop):
    ics = speak(client, "fr").get("/workshops/%s/calendar.ics" % workshop.slug).content.decode()

    assert "X-WR-CALNAME:Dialogue international sur la migration" in ics
    assert "SUMMARY:Migration et transnationalisme : opportunités et défis" in ics
    assert "LOCATION:Centre international de conférences de Genève (CICG)\\, Genève" in ics


@pytest.fixture
def session(db):
    return CouncilSession.objects.create(
        number=98,
        title="Ninety-eighth Session",
        title_fr="Quatre-vingt-dix-huitième session",
        title_es="Nonagésima octava Reunión",
        start_date=date(2009, 11, 23),
        end_date=date(2009, 11, 26),
        place="Geneva",
        place_fr="Genève",
        place_es="Ginebra",
    )


def test_council_sessions_in_french_and_spanish(client, session):
    french = text(speak(client, "fr").get("/council/"))
    spanish = text(speak(client, "es").get("/council/"))

    assert "L'IDM au Conseil de l'OIM" in french
    assert "Quatre-vingt-dix-huitième session Genève, 23–26 novembre 2009" in french
    assert "El IDM en el Consejo de la OIM" in spanish
    assert "Nonagésima octava Reunión Ginebra, 23–26 de noviembre de 2009" in spanish


def test_council_session_page_in_french(client, session):
    page = text(speak(client, "fr").get(session.get_absolute_url()))

    assert "Quatre-vingt-dix-huitième session du Conseil de l'OIM Lieu Genève Dates 23–26 novembre 2009" in page


def test_staff_page_in_french(client, secretariat, workshop):
    client.force_login(secretariat)
    page = text(speak(client, "fr").get("/staff/workshops/"))

    assert "Ateliers Nouvel atelier Années de l'IDM" in page
    assert "%s IDM 2010 · Centre international de conférences de Genève (CICG), Genève 9–10 mars 2010" % TITLE_FR in (
        page
    )
    assert "Atelier Dates Statut Confirmées En attente Liste d'attente Financement demandé" in page


def test_staff_page_in_spanish(client, secretariat, workshop):
    client.force_login(secretariat)
    page = text(speak(client, "es").get("/staff/workshops/"))

    assert "Talleres Nuevo taller Años del IDM" in page
    assert "Taller Fechas Estado Confirmadas Pendiente Lista de espera Financiación solicitada" in page


@pytest.fixture
def donor_client(client, db):
    donor = factories.DonorFactory(name="Government of Sweden")
    contact = factories.make_donor_contact(email="lars@sweden.example", donor=donor)
    year = funding.YearFactory()
    money = funding.contribution(donor=donor, year=year, amount="1234567.5", currency="SEK", rate="0.1389")
    funding.pay(money, "400000", on=date(2010, 3, 9))
    client.force_login(contact)
    return client


def test_donor_portal_money_and_dates_in_french(donor_client):
    page = text(speak(donor_client, "fr").get("/donor/"))

    assert "Government of Sweden : vos contributions à l'IDM" in page
    # 1,234,567.50 SEK at 0.1389 = 171,481.43 USD
    assert f"Engagement 1{NBSP}234{NBSP}567,50 SEK 171{NBSP}481,43 9 mars 2010: 400{NBSP}000,00 SEK" in page


def test_donor_portal_money_and_dates_in_spanish(donor_client):
    page = text(speak(donor_client, "es").get("/donor/"))

    assert "Government of Sweden: sus contribuciones al IDM" in page
    assert f"Compromiso 1{NBSP}234{NBSP}567,50 SEK 171{NBSP}481,43 9 mar 2010: 400{NBSP}000,00 SEK" in page


def test_donor_portal_in_english_keeps_its_digits(donor_client):
    page = text(speak(donor_client, "en").get("/donor/"))

    assert "Commitment 1,234,567.50 SEK 171,481.43 9 Mar 2010: 400,000.00 SEK" in page
