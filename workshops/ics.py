"""iCalendar: one event per workshop (all-day, over its dates), in the active language."""

from collections.abc import Iterable
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from directory.translation import translated

from .models import Workshop


def workshop_calendar(workshops: Iterable[Workshop], *, base_url: str = "") -> str:
    calendar = Calendar()
    calendar.add("prodid", "-//IOM//IDM portal//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("International Dialogue on Migration"))
    for workshop in workshops:
        event = Event()
        event.add("uid", f"workshop-{workshop.pk}@idm-portal")
        event.add("summary", translated(workshop, "title"))
        event.add("dtstart", workshop.start_date)
        event.add("dtend", workshop.end_date + timedelta(days=1))  # DTEND is exclusive for dates
        event.add("dtstamp", workshop.updated_at or timezone.now())
        if workshop.venue:
            event.add("location", translated(workshop, "venue"))
        if workshop.paragraphs:
            event.add("description", workshop.paragraphs[0])
        if base_url:
            event.add("url", base_url.rstrip("/") + workshop.get_absolute_url())
        event.add("status", "CANCELLED" if workshop.status == Workshop.Status.CANCELLED else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical().decode()


ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"
