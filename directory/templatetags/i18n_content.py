"""Content and dates in the active language.

``{{ workshop|tr:"title" }}``: a record's text in the active language, or the English text.
``{% for state in states|by_name %}``: records (or strings) sorted by their name in the active language.
``{{ session|date_range }}`` (any record with ``start_date`` and ``end_date``), ``{{ day|weekday_date }}``
and ``{{ moment|datetime_zone }}``: dates as the language writes them (see ``directory/dates.py``);
``{{ panel.date|zone_on }}``: the portal's time zone on that day (CET, CEST), after a time stored alone.
"""

from django import template

from .. import dates
from ..collation import sorted_by_name
from ..translation import translated

register = template.Library()


@register.filter
def tr(obj, field: str) -> str:
    if obj is None or obj == "":
        return ""
    return translated(obj, field)


@register.filter
def by_name(items) -> list:
    return sorted_by_name(items or ())


@register.filter
def date_range(obj) -> str:
    return dates.date_range(obj.start_date, obj.end_date)


@register.filter
def weekday_date(value) -> str:
    return dates.weekday_date(value) if value else ""


@register.filter
def datetime_zone(value) -> str:
    return dates.datetime_with_zone(value) if value else ""


@register.filter
def zone_on(value) -> str:
    return dates.zone_on(value) if value else ""
