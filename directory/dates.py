"""Dates written the way each language writes them, from the named formats of ``idm_portal/formats``:
9–10 March 2010, 9–10 mars 2010, 9–10 de marzo de 2010; French writes the first of a month as an
ordinal: 1er mars 2010, 1er–3 décembre. Every date and time of day carries its time zone (CET, CEST).

``format_date`` is the one formatter: the ``date`` template filter (``builtin_dates``, a builtin of
every template, documents included) and the functions below call it; ``date_range`` is the one range,
on pages (the ``date_range`` filter) and in documents (the ``documents_pdf`` tags, the drafted notes).
"""

import functools
from collections.abc import Callable
from datetime import date, datetime, time

from django.utils import dateformat, formats, timezone, translation

# The day of the month in Django's date syntax, and the same followed by the literal "er".
FIRST_DAY_ORDINALS = {"fr": "j\\e\\r"}


def ordinal_format(value, format_string: str, language: str | None = None) -> str:
    """``format_string`` with the day of the month as an ordinal where the language writes the first
    of a month so ("1er" in French); unchanged for any other day or language. Escaped characters stay."""
    code = (language or translation.get_language() or "")[:2]
    if getattr(value, "day", None) != 1 or code not in FIRST_DAY_ORDINALS:
        return format_string
    out, escaped = [], False
    for char in format_string:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif char == "j":
            out.append(FIRST_DAY_ORDINALS[code])
        else:
            out.append(char)
    return "".join(out)


def format_date(value, format_name: str | None = None) -> str:
    """``value`` in a named format (``DATE_FORMAT``…) or a format string, as the active language writes it."""
    return formatter(format_name or "DATE_FORMAT")(value)


def formatter(format_name: str) -> Callable[[date | datetime], str]:
    """``format_date(·, format_name)`` for the many values of a list: the format and language read once,
    a datetime's format split into its pieces once (as ``dateformat.format`` splits it for each value)."""
    format_string = formats.get_format(format_name)
    language = translation.get_language()
    pieces, first_day_pieces = _layouts(format_string, language)

    def format_value(value) -> str:
        if not isinstance(value, datetime):  # a date: Django's own checks (no time of day in its format)
            return dateformat.format(value, ordinal_format(value, format_string, language))
        formatted = dateformat.DateFormat(value)
        return "".join(
            piece if literal else str(getattr(formatted, piece)())
            for literal, piece in (first_day_pieces if value.day == 1 else pieces)
        )

    return format_value


@functools.lru_cache(maxsize=256)
def _layouts(format_string: str, language: str | None) -> tuple[list[tuple[bool, str]], list[tuple[bool, str]]]:
    """The pieces of ``format_string``, for any day and for the first of a month (``ordinal_format``)."""
    return _pieces(format_string), _pieces(ordinal_format(date(2000, 1, 1), format_string, language))


def _pieces(format_string: str) -> list[tuple[bool, str]]:
    """The format's literal texts (unescaped) and its format characters, in order, as ``Formatter.format``
    reads them."""
    split = dateformat.re_formatchars.split(format_string)
    return [
        (True, dateformat.re_escaped.sub(r"\1", piece)) if n % 2 == 0 else (False, piece)
        for n, piece in enumerate(split)
        if n % 2 or piece
    ]


def long_date(value: date | None) -> str:
    """'9 March 2010', '1er mars 2010', '9 de marzo de 2010'; empty for no date."""
    return "" if value is None else format_date(value, "DATE_FORMAT")


def date_range(start: date | None, end: date | None) -> str:
    """'9–10 March 2010', '30 June – 1 July 2010', '30 December 2010 – 2 January 2011'; '1er–3 mars 2010'.
    The pages and the documents write dates with it; a range missing one end is the other day."""
    if start is None or end is None or start == end:
        return long_date(start or end)
    if (start.year, start.month) == (end.year, end.month):
        return "%s–%s" % (format_date(start, "j"), format_date(end, "DATE_FORMAT"))
    if start.year == end.year:
        return "%s – %s" % (format_date(start, "MONTH_DAY_FORMAT"), format_date(end, "DATE_FORMAT"))
    return "%s – %s" % (format_date(start, "DATE_FORMAT"), format_date(end, "DATE_FORMAT"))


def weekday_date(value: date) -> str:
    """'Tuesday 9 March 2010', 'mardi 9 mars 2010', 'martes 9 de marzo de 2010'."""
    return "%s %s" % (formats.date_format(value, "l"), format_date(value, "DATE_FORMAT"))


def datetime_with_zone(value: datetime) -> str:
    """'9 March 2010, 09:00 CET' in the portal's time zone (``DATETIME_FORMAT`` ends with the zone)."""
    return format_date(timezone.localtime(value), "DATETIME_FORMAT")


def zone_on(day: date, at: time = time(12)) -> str:
    """The portal's time zone as written on ``day`` ('CET' in winter, 'CEST' in summer): for a time of
    day stored without a date or a zone (a Council panel at 10:00)."""
    moment = datetime.combine(day, at, tzinfo=timezone.get_current_timezone())
    return moment.tzname() or ""
