"""Dates as IOM documents write them, in the active language: "9 March 2010", "9–10 March 2010",
"9 mars 2010", "9 de marzo de 2010", "1er mars 2010". The formats are translatable strings (Django date
syntax); the first of a month is an ordinal where the language writes it so (``directory.dates``)."""

import datetime

from django.utils import dateformat
from django.utils.translation import pgettext

from directory.dates import ordinal_format


def date_format(value: datetime.date, format_string: str) -> str:
    return dateformat.format(value, ordinal_format(value, format_string))


def long_date(value: datetime.date | None) -> str:
    if value is None:
        return ""
    return date_format(value, pgettext("document date: day month year", "j F Y"))


def date_range(start: datetime.date | None, end: datetime.date | None) -> str:
    """One day, days of one month (9–10 March 2010), of one year, or of two years."""
    if start is None:
        return long_date(end)
    if end is None or end == start:
        return long_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return pgettext("document date range within a month", "%(first)s–%(last)s") % {
            "first": date_format(start, "j"),
            "last": long_date(end),
        }
    if start.year == end.year:
        return pgettext("document date range within a year", "%(first)s – %(last)s") % {
            "first": date_format(start, pgettext("document date: day month", "j F")),
            "last": long_date(end),
        }
    return pgettext("document date range over two years", "%(first)s – %(last)s") % {
        "first": long_date(start),
        "last": long_date(end),
    }
