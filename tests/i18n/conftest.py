"""Fixtures of the translation tests: a year and a workshop translated in part, as the secretariat
would leave them (French title, venue and description; Spanish guiding questions and agenda item)."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from tests.workshops.factories import DialogueYearFactory, WorkshopFactory
from workshops.models import AgendaItem

TITLE_FR = "Migration et transnationalisme : opportunités et défis"


@pytest.fixture(autouse=True)
def _memory_cache(settings):
    """The cache in this process's memory: query counts show the pages' own queries, not the
    database cache's (as in tests/workshops)."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "i18n"}}
    cache.clear()


@pytest.fixture
def year(db):
    return DialogueYearFactory(theme_fr="Migration et changement social", theme_es="Migración y cambio social")


@pytest.fixture
def workshop(year):
    workshop = WorkshopFactory(
        year=year,
        slug="migration-and-transnationalism",
        title="Migration and Transnationalism: Opportunities and Challenges",
        title_fr=TITLE_FR,
        start_date=date(2010, 3, 9),
        end_date=date(2010, 3, 10),
        venue="International Conference Centre Geneva (CICG), Geneva",
        venue_fr="Centre international de conférences de Genève (CICG), Genève",
        description="Migration is an aspect of social change.\n\nThe workshop will consider transnationalism.",
        description_fr="La migration est un aspect du changement social.\n\nL'atelier examinera le transnationalisme.",
        guiding_questions="How do societies manage diversity?",
        guiding_questions_es="¿Cómo gestionan las sociedades la diversidad?",
        registration_opens=None,
        registration_closes=None,
    )
    zone = timezone.get_current_timezone()
    AgendaItem.objects.create(
        workshop=workshop,
        starts_at=datetime.combine(workshop.start_date, time(10, 45), tzinfo=zone),
        ends_at=datetime.combine(workshop.start_date, time(13), tzinfo=zone),
        kind=AgendaItem.Kind.SESSION,
        title="Session I: Transnationalism and participation",
        title_es="Sesión I: El transnacionalismo y la participación",
    )
    return workshop
