"""Filters and tags for the PDF templates: local static files, dates, money, footnotes."""

import re
from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from directory import dates
from funding.currencies import money_text

from ..rendering import static_file_url

register = template.Library()

FOOTNOTE = re.compile(r"\[\[(.+?)\]\]", re.DOTALL)


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
