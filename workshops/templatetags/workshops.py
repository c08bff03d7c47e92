from datetime import date

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def date_range(workshop) -> str:
    """'9–10 March 2010', '30 June – 1 July 2010', '30 December 2010 – 2 January 2011'."""
    start: date = workshop.start_date
    end: date = workshop.end_date
    if start == end:
        return formats.date_format(start, "j F Y")
    if (start.year, start.month) == (end.year, end.month):
        return "%s–%s" % (start.day, formats.date_format(end, "j F Y"))
    if start.year == end.year:
        return "%s – %s" % (formats.date_format(start, "j F"), formats.date_format(end, "j F Y"))
    return "%s – %s" % (formats.date_format(start, "j F Y"), formats.date_format(end, "j F Y"))


@register.filter
def seats_text(workshop) -> str:
    left = workshop.seats_left
    if left <= 0:
        return _("Full: new requests join the waiting list")
    return _("%(left)d of %(capacity)d seats left") % {"left": left, "capacity": workshop.capacity}


@register.filter
def file_size(size: int) -> str:
    if size >= 1024 * 1024:
        return "%.1f MB" % (size / 1024 / 1024)
    return "%d KB" % max(1, round(size / 1024))
