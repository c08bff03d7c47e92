"""The programme's rules: one current IDM year, a new workshop's slug, the agenda and its speakers."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests import factories
from workshops import services
from workshops.models import AgendaItem, DialogueYear, Workshop

from .factories import DialogueYearFactory

# --- The programme ----------------------------------------------------------------------------


def test_one_current_year(db):
    old = DialogueYearFactory(year=2009, is_current=True)

    new = services.save_year(year=DialogueYear(year=2010, theme="Migration and social change", is_current=True))

    old.refresh_from_db()
    assert (old.is_current, new.is_current) == (False, True)


def test_new_workshop_gets_a_slug_from_its_title(secretariat):
    year = DialogueYearFactory()
    today = timezone.localdate()
    workshop = Workshop(year=year, title="Migration and Transnationalism", start_date=today, end_date=today)

    saved = services.save_workshop(workshop=workshop, by=secretariat)

    assert saved.slug == "migration-and-transnationalism"


def test_agenda_items_are_appended_and_moved(workshop):
    now = timezone.now()
    items = [
        services.save_agenda_item(item=AgendaItem(workshop=workshop, title=t, starts_at=now, ends_at=now))
        for t in ("Opening", "Session I", "Closing")
    ]

    services.move_agenda_item(item=items[2], direction=-1)
    services.move_agenda_item(item=items[0], direction=-1)  # already first: stays

    assert list(workshop.agenda.values_list("title", flat=True)) == ["Opening", "Closing", "Session I"]


def test_a_speaker_appears_once_per_item(workshop):
    now = timezone.now()
    item = services.save_agenda_item(item=AgendaItem(workshop=workshop, title="Opening", starts_at=now, ends_at=now))
    person = factories.PersonFactory()
    services.add_agenda_speaker(item=item, person=person, role="chair")

    with pytest.raises(ValidationError):
        services.add_agenda_speaker(item=item, person=person, role="speaker")

    assert list(item.speakers.values_list("role", flat=True)) == ["chair"]
