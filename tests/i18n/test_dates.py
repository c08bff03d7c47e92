"""Dates as each language writes them: the first of a month as French writes it ("1er mars 2010"),
in pages (the ``date`` filter of every template), in Python and in documents; every time of day with
its time zone."""

import html
import re
from datetime import date, datetime, time

import pytest
from django.template import Context, Template, engines
from django.urls import reverse
from django.utils import timezone, translation

from directory import dates
from tests.workshops.factories import WorkshopFactory
from workshops.models import AgendaItem


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return engines["django"].from_string(source).render(context)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "1 March 2010 · 2 March 2010 · 1 December"),
        ("fr", "1er mars 2010 · 2 mars 2010 · 1er décembre"),
        ("es", "1 de marzo de 2010 · 2 de marzo de 2010 · 1 diciembre"),
    ],
)
def test_the_date_filter_writes_the_first_of_a_month_as_the_language_does(language, expected):
    source = '{{ first|date:"DATE_FORMAT" }} · {{ second|date }} · {{ december|date:"j F" }}'

    text = render(source, language, first=date(2010, 3, 1), second=date(2010, 3, 2), december=date(2010, 12, 1))

    assert text == expected


def test_an_escaped_j_stays_a_letter():
    assert render(r'{{ day|date:"\j j F" }}', "fr", day=date(2010, 3, 1)) == "j 1er mars"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2010, 3, 1), date(2010, 3, 3), "1er–3 mars 2010"),
        (date(2010, 11, 30), date(2010, 12, 1), "30 novembre – 1er décembre 2010"),
        (date(2010, 12, 1), date(2010, 12, 1), "1er décembre 2010"),
    ],
)
def test_french_date_ranges_on_pages_and_in_documents(start, end, expected):
    with translation.override("fr"):
        in_document = Template("{% load documents_pdf %}{% date_range start end %}").render(
            Context({"start": start, "end": end})
        )
        assert (dates.date_range(start, end), in_document) == (expected, expected)


def test_french_weekday_and_long_document_date():
    with translation.override("fr"):
        in_document = Template("{% load documents_pdf %}{{ day|long_date }}").render(Context({"day": date(2010, 3, 1)}))
        assert (dates.weekday_date(date(2010, 3, 1)), in_document) == (
            "lundi 1er mars 2010",
            "1er mars 2010",
        )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "1 December 2010, 09:30 CET"),
        ("fr", "1er décembre 2010, 09:30 CET"),
        ("es", "1 de diciembre de 2010, 09:30 CET"),
    ],
)
def test_a_moment_carries_its_time_zone(language, expected):
    moment = datetime(2010, 12, 1, 9, 30, tzinfo=timezone.get_current_timezone())

    with translation.override(language):
        assert (dates.datetime_with_zone(moment), render('{{ m|date:"DATETIME_FORMAT" }}', language, m=moment)) == (
            expected,
            expected,
        )


def test_summer_time_is_named_as_such():
    assert (dates.zone_on(date(2010, 7, 1)), dates.zone_on(date(2010, 1, 15))) == ("CEST", "CET")


@pytest.mark.django_db
def test_the_workshop_page_in_french_gives_ordinals_and_time_zones(client):
    zone = timezone.get_current_timezone()
    workshop = WorkshopFactory(
        slug="first-of-march",
        start_date=date(2010, 3, 1),
        end_date=date(2010, 3, 2),
        registration_opens=datetime(2010, 1, 1, 9, tzinfo=zone),
        registration_closes=datetime(2099, 2, 1, 18, tzinfo=zone),
    )
    AgendaItem.objects.create(
        workshop=workshop,
        starts_at=datetime.combine(workshop.start_date, time(10, 45), tzinfo=zone),
        ends_at=datetime.combine(workshop.start_date, time(13), tzinfo=zone),
        title="Opening",
    )
    client.cookies["django_language"] = "fr"

    page = html.unescape(
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get(workshop.get_absolute_url()).content.decode()))
    )

    assert "1er–2 mars 2010" in page
    assert "Ouvertes jusqu'au 1er février 2099, 18:00 CET" in page
    assert "10:45–13:00 CET" in page


@pytest.mark.django_db
def test_a_council_panel_s_time_says_its_zone(client):
    from tests.sessions_council.factories import PanelFactory

    panel = PanelFactory(date=date(2010, 11, 30), time=time(10))

    page = client.get(reverse("sessions_council:session_detail", args=[panel.session.number])).content.decode()

    assert "10:00 CET" in page
