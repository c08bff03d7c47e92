"""Filters and tags for the PDF templates: local static files, dates, money, footnotes, running headers."""

import html
import re
from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from directory import dates
from funding.currencies import money_text

from ..rendering import static_file_url, typeset

register = template.Library()

FOOTNOTE = re.compile(r"\[\[(.+?)\]\]", re.DOTALL)
# In a running header or footer: the page number and count, a line break, any other tag (dropped).
MARGIN_MARKUP = re.compile(r'<span class="page-(number|count)"></span>|<(br)\s*/?>|<[^>]*>')
COUNTERS = {"number": "counter(page)", "count": "counter(pages)", "br": '"\\A "'}
# Characters a CSS string cannot hold as they are, or that would end the <style> element.
CSS_STRING_ESCAPE = re.compile(r'[\\"<>\x00-\x1f\x7f]')


@register.simple_tag
def pdf_static(path: str) -> str:
    """A ``file://`` URL the documents' URL fetcher will serve (and the only kind it serves)."""
    return static_file_url(path)


@register.filter
def long_date(value) -> str:
    return dates.long_date(value)


@register.simple_tag
def date_range(start, end) -> str:
    return dates.date_range(start, end)


@register.filter
def footnoted(text: str) -> str:
    """Escape the paragraph, then turn each [[…]] into a footnote WeasyPrint floats to the page foot."""
    parts, position = [], 0
    for match in FOOTNOTE.finditer(text):
        parts.append(conditional_escape(text[position : match.start()]))
        parts.append(format_html('<span class="footnote">{}</span>', match.group(1).strip()))
        position = match.end()
    parts.append(conditional_escape(text[position:]))
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 - every part is escaped above


@register.filter
def money(value, currency: str = "USD") -> str:
    """An amount with its currency's minor units and the active language's grouping: 12,345.00 / 12 345,00."""
    if value in (None, ""):
        return ""
    return money_text(Decimal(value), currency)


@register.filter
def whole(value) -> str:
    """A US dollar figure without cents, for totals: 236,000."""
    return number_format(Decimal(value), decimal_pos=0, use_l10n=True, force_grouping=True)


def _css_string(text: str) -> str:
    return '"%s"' % CSS_STRING_ESCAPE.sub(lambda match: "\\%X " % ord(match.group()), text)


@register.filter
def margin_content(fragment: str) -> str:
    """A running header's or footer's HTML (``{% filter margin_content %}``) as the CSS ``content`` of a
    page-margin box: its text as CSS strings, with the language's typography, the page number and count
    as counters, a line break as a new line; ``none`` when it is empty. WeasyPrint lays out a string in a
    margin box at a fraction of what a running ``element()`` costs on every page."""
    fragment = typeset(str(fragment), get_language() or "en")
    parts, position = [], 0

    def text(piece: str) -> None:
        if piece:
            # white space collapsed, but not the typography's no-break spaces
            parts.append(_css_string(re.sub(r"[ \t\r\n\f]+", " ", html.unescape(piece))))

    for match in MARGIN_MARKUP.finditer(fragment):
        text(fragment[position : match.start()])
        counter = match.group(1) or match.group(2)
        if counter:
            parts.append(COUNTERS[counter])
        position = match.end()
    text(fragment[position:])
    if all(part == '" "' for part in parts):
        return "none"
    return mark_safe(" ".join(parts))  # noqa: S308 - text only as escaped CSS strings
