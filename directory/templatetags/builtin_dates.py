"""The ``date`` filter of every template (a builtin, see ``TEMPLATES`` in the settings): Django's own,
with the first of a month as French writes it ("1er mars 2010"). Nothing to ``{% load %}``."""

from django import template
from django.utils import dateformat

from ..dates import format_date

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    if value in (None, ""):
        return ""
    try:
        return format_date(value, arg)
    except AttributeError:
        try:
            return dateformat.format(value, arg)
        except AttributeError:
            return ""
