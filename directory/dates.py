"""Dates written the way each language writes them, from the named formats of ``idm_portal/formats``:
9–10 March 2010, 9–10 mars 2010, 9–10 de marzo de 2010."""

from datetime import date, datetime

from django.utils import formats, timezone


def date_range(start: date, end: date) -> str:
    """'9–10 March 2010', '30 June – 1 July 2010', '30 December 2010 – 2 January 2011'."""
    if start == end:
        return formats.date_format(start, "DATE_FORMAT")
    if (start.year, start.month) == (end.year, end.month):
        return "%s–%s" % (start.day, formats.date_format(end, "DATE_FORMAT"))
    if start.year == end.year:
        return "%s – %s" % (formats.date_format(start, "MONTH_DAY_FORMAT"), formats.date_format(end, "DATE_FORMAT"))
    return "%s – %s" % (formats.date_format(start, "DATE_FORMAT"), formats.date_format(end, "DATE_FORMAT"))


def weekday_date(value: date) -> str:
    """'Tuesday 9 March 2010', 'mardi 9 mars 2010', 'martes 9 de marzo de 2010'."""
    return "%s %s" % (formats.date_format(value, "l"), formats.date_format(value, "DATE_FORMAT"))


def datetime_with_zone(value: datetime) -> str:
    """'9 March 2010, 09:00 CET' in the portal's time zone: for e-mails, read anywhere."""
    value = timezone.localtime(value)
    return "%s %s" % (formats.date_format(value, "DATETIME_FORMAT"), formats.date_format(value, "T"))
