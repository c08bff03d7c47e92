"""Money formatting and audit labels for funding's templates."""

import unicodedata
from decimal import Decimal
from functools import cache
from html import escape

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from directory.dates import format_date
from directory.links import pk_url
from directory.translation import translated
from workshops.models import Workshop

from .. import cache as funding_cache
from .. import queries
from ..currencies import USD, money_formatter, money_text, number_text
from ..models import AuditEntry, Contribution
from ..queries import field_label
from ..queries import paid_usd as queries_paid_usd

register = template.Library()


@register.filter
def money(value, currency: str = USD) -> str:
    """An amount with its currency's minor units and the language's digit grouping."""
    if value is None or value == "":
        return ""
    return money_text(value, currency)


@register.filter
def rate(value) -> str:
    """An exchange rate as recorded, without trailing zeros."""
    if value is None or value == "":
        return ""
    return format(Decimal(value).normalize(), "f")


@register.filter
def usd(value) -> str:
    return money(value, USD)


@register.filter
def seats(value) -> str:
    """Attributed participants, to one decimal."""
    return number_text(value, 1)


@register.simple_tag
def paid_usd(contribution):
    return queries_paid_usd(contribution)


@register.filter
def label(record, field_name: str) -> str:
    """``record.get_<field>_display()`` from a dict built once: Django's rebuilds the choices' dict,
    hashing every lazy label, on each call — thousands of calls on a page of 50 rows."""
    value = getattr(record, field_name)
    return str(_labels(type(record), field_name).get(value, value))


@cache
def _labels(model, field_name: str) -> dict:
    return dict(model._meta.get_field(field_name).flatchoices)


AUDIT_ROW = (
    "\n    <tr>\n      <td>%s</td>\n      <td>%s%s</td>\n"
    '      <td><span class="badge badge-audit-%s">%s</span> %s<br>%s%s</td>\n'
    "      <td>%s</td>\n    </tr>\n  "
)


@register.simple_tag
def audit_rows(entries) -> str:
    """The rows of an audit history table (``includes/audit_table.html``), built here rather than by
    fifty passes of the template engine: each label translated and escaped once a page, every value
    escaped by the stdlib's ``html.escape`` (what Django's ``escape`` calls), the same HTML."""
    actions = {value: escape(str(label)) for value, label in AuditEntry.Action.choices}
    kinds = {value: escape(str(label)) for value, label in AuditEntry.Kind.choices}
    system, reason = escape(_("(system)")), escape(_("Reason:"))
    labels: dict[tuple[str, str], str] = {}
    rows = []
    for entry in entries:
        action, kind = escape(entry.action), escape(entry.kind)
        rows.append(
            AUDIT_ROW
            % (
                _when(entry.at),
                escape(str(entry.by)) if entry.by else system,
                '<br><span class="help">%s</span>' % escape(entry.via) if entry.via else "",
                action,
                actions.get(entry.action, action),
                kinds.get(entry.kind, kind),
                escape(entry.summary),
                "<br><em>%s %s</em>" % (reason, escape(entry.reason)) if entry.reason else "",
                _changes(entry, labels),
            )
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above


def _when(at) -> str:
    """``format_date(localtime(at), "Y-m-d H:i T")``: digits and the zone's abbreviation, the same in
    every language, without the generic formatter."""
    at = timezone.localtime(at)
    return "%04d-%02d-%02d %02d:%02d %s" % (at.year, at.month, at.day, at.hour, at.minute, escape(at.tzname() or ""))


def _changes(entry, labels: dict) -> str:
    """The entry's changed fields as ``<dl class="changes">``; ``labels`` keeps each field's label
    for the page (stdlib ``html.escape`` is what Django's ``escape`` calls)."""
    items = []
    for name, before, after in entry.changes:
        label = labels.get((entry.kind, name))
        if label is None:
            label = labels[entry.kind, name] = escape(field_label(entry.kind, name))
        if entry.action == "changed":
            items.append("<dt>%s</dt><dd><del>%s</del> → <ins>%s</ins></dd>" % (label, _value(before), _value(after)))
        elif entry.action == "deleted":
            items.append("<dt>%s</dt><dd><del>%s</del></dd>" % (label, _value(before)))
        else:
            items.append("<dt>%s</dt><dd>%s</dd>" % (label, _value(after)))
    return mark_safe('<dl class="changes">%s</dl>' % "".join(items)) if items else ""  # noqa: S308 - escaped


def _value(value) -> str:
    """As ``{{ value|default:"—" }}`` writes it: localized and escaped, "—" for an empty or false value."""
    return escape(str(localize(value))) if value else "—"


# --- Tables of the dashboard and the donor portal, built here rather than by the template engine ---
# (the same HTML as the templates wrote: ``includes/stage.html`` for the stage)

STAGE_CELL = '      <td><span class="badge badge-stage-{}">{}</span>\n</td>\n'


WORKSHOP_ROW = (
    "\n    <tr>\n"
    '      <th scope="row"><a href="%s">%s</a><br><span class="muted">%s</span></th>\n'
    '      <td><span class="badge badge-%s">%s</span></td>\n'
    '      <td class="num">%s</td><td class="num">%s</td>\n'
    '      <td class="num">%s</td><td class="num">%s</td>\n'
    '      <td class="num">%s</td><td class="num">%s</td>\n'
    '      <td class="num">%s / %s</td>\n'
    "    </tr>\n  "
)


@register.simple_tag
def workshop_funding_rows(figures) -> str:
    """The rows of the dashboard's table of workshops (``funding/year.html``): the amounts formatted
    by one formatter for the page, the texts escaped by the stdlib's ``html.escape``."""
    statuses = {value: escape(label) for value, label in _choice_labels(Workshop, "status").items()}
    amount = money_formatter(USD)
    rows = []
    for f in figures:
        workshop = f.workshop
        status = escape(workshop.status)
        rows.append(
            WORKSHOP_ROW
            % (
                escape(pk_url("funding:workshop", workshop.pk)),
                escape(translated(workshop, "title")),
                escape(format_date(workshop.start_date, "DATE_FORMAT")) if workshop.start_date else "",
                status,
                statuses.get(workshop.status, status),
                amount(f.budget),
                amount(f.pledged),
                amount(f.committed),
                amount(f.paid),
                amount(f.allocated),
                amount(f.gap),
                escape(localize(f.funded_seats_taken)),
                escape(localize(workshop.funded_seats)),
            )
        )
    return mark_safe("".join(rows))  # noqa: S308 - every text escaped above, the amounts are digits


@register.simple_tag
def contribution_balance_rows(balances) -> str:
    """The rows of the dashboard's page of contributions with their unspent balance (``funding/year.html``)."""
    stages = _choice_labels(Contribution, "stage")
    amount = money_formatter(USD)
    return format_html_join(
        "",
        "\n    <tr>\n"
        '      <td><a href="{}">{}</a></td>\n'
        '      <td><a href="{}">{}</a></td>\n' + STAGE_CELL + '      <td class="num">{} {}</td>\n'
        '      <td class="num">{}</td>\n'
        '      <td class="num">{}</td>\n'
        '      <td class="num">{}</td>\n'
        '      <td class="num">{}</td><td class="num">{}</td>\n'
        "    </tr>\n  ",
        (
            (
                pk_url("funding:donor_detail", c.donor_id),
                c.donor.local_name,
                pk_url("funding:contribution_detail", c.pk),
                c.earmark_label,
                c.stage,
                stages.get(c.stage, c.stage),
                money(c.amount, c.currency),
                c.currency,
                rate(c.usd_rate),
                amount(c.usd_amount),
                amount(queries_paid_usd(c)),
                amount(b.spent),
                amount(b.unspent),
            )
            for b in balances
            for c in (b.contribution,)
        ),
    )


@register.simple_tag
def donor_kept(portal, template_name: str) -> str:
    """A part of the donor portal drawn from the donor's figures alone, nothing of the request (no
    form, no token, no address), kept with those figures (``funding.cache``)."""
    return funding_cache.fragment(
        template_name,
        portal.kept,
        lambda: render_to_string(template_name, {"portal": portal}),
        read_version=portal.version,
    )


@register.simple_tag
def year_figures(year, dashboard, read_version: str) -> str:
    """A year's totals, chart and table of workshops on its dashboard (``includes/year_figures.html``),
    the same for every member of the secretariat: kept until a record they show changes (``funding.cache``:
    any contribution, payment, allocation, budget line, workshop, year or registration saved or deleted),
    per year and language. ``dashboard`` is worked out only to build them; ``read_version`` was read
    before it."""
    return funding_cache.fragment(
        "year-figures",
        (year.pk,),
        lambda: render_to_string("funding/includes/year_figures.html", {"year": year, "dashboard": dashboard}),
        read_version=read_version,
    )


@register.simple_tag
def audit_history(history, parts: tuple, read_version: str) -> str:
    """The audit history's filters, entries and pagination (``includes/audit_history.html``), the same for
    every member of the secretariat: kept per address (``parts``, the query) and language under
    ``read_version`` (the views' ``AuditView``), ``history`` worked out only to build them."""
    return funding_cache.fragment(
        "audit-history",
        parts,
        lambda: render_to_string("funding/includes/audit_history.html", dict(history)),
        read_version=read_version,
    )


@register.simple_tag
def donor_contribution_rows(contributions) -> str:
    """The rows of the donor portal's page of contributions (``funding/donor/_portal.html``, kept whole
    by its view), each with its payments."""
    return _donor_contribution_rows(queries.with_payments(list(contributions)))


def _donor_contribution_rows(contributions) -> str:
    stages = _choice_labels(Contribution, "stage")
    return format_html_join(
        "",
        "\n    <tr>\n"
        "      <td>{}</td>\n"
        '      <td><a href="{}">{}</a>{}</td>\n' + STAGE_CELL + '      <td class="num">{} {}</td>\n'
        '      <td class="num">{}</td>\n'
        "      <td>{}</td>\n"
        "    </tr>\n  ",
        (
            (
                localize(c.year.year),
                pk_url("funding:donor_contribution", c.pk),
                c.earmark_label,
                format_html('<br><span class="muted">{}</span>', c.agreement_reference)
                if c.agreement_reference
                else "",
                c.stage,
                stages.get(c.stage, c.stage),
                money(c.amount, c.currency),
                c.currency,
                usd(c.usd_amount),
                format_html_join(
                    mark_safe("<br>"),
                    "{}: {} {}",
                    (
                        (format_date(p.received_on, "SHORT_DATE_FORMAT"), money(p.amount, p.currency), p.currency)
                        for p in c.payment_list
                    ),
                )
                or "—",
            )
            for c in contributions
        ),
    )


@register.simple_tag
def actual_rows(rows) -> str:
    """The rows of a budget-against-actual table (``includes/actuals_table.html``): a workshop's
    (``WorkshopActual``, linked, its total) or a cost line's (``LineActual``)."""
    usd = money_formatter(USD)
    return format_html_join(
        "",
        "\n    <tr>\n"
        '      <th scope="row">{}</th>\n'
        '      \n      <td class="num">{}</td><td class="num">{}</td><td class="num">{}</td>\n'
        '      <td class="num">{}</td><td class="num{}">{}</td>\n'
        "      \n    </tr>\n  ",
        (
            (
                head,
                usd(a.budget),
                usd(a.covered),
                usd(a.spent),
                usd(a.committed_not_spent),
                " negative" if a.balance < 0 else "",
                usd(a.balance),
            )
            for row in rows
            for head, a in (_actual_head(row),)
        ),
    )


def _actual_head(row) -> tuple[str, object]:
    """As the template read a row: ``row.figures`` (a workshop) or ``row.label``; ``row.total|default:row``."""
    if getattr(row, "figures", None):
        head = format_html(
            '<a href="{}">{}</a>', pk_url("funding:workshop", row.workshop.pk), translated(row.workshop, "title")
        )
    else:
        head = row.label
    return head, getattr(row, "total", None) or row


CHART_ROW = (
    "\n    <g>\n"
    '      <text x="0" y="%d" font-size="13" fill="#1b1f24">%s</text>\n'
    '      <rect x="0" y="%d" width="560" height="18" fill="#f3f6fa" stroke="#d5dbe3"/>\n'
    "      %s\n"
    "      %s\n"
    '      <text x="%d" y="%d" font-size="13" font-weight="bold" fill="#002270">%s</text>\n'
    "    </g>\n    "
)
CHART_BAR = (
    '\n      <rect x="%.1f" y="%d" width="%.1f" height="18" fill="%s"%s><title>%s: %s USD</title></rect>\n      '
)
CHART_BUDGET = '<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#a31621" stroke-width="2"><title>%s</title></line>'
PLEDGED = ' stroke="#4f78c9" stroke-dasharray="4 3"'


@register.simple_tag
def chart_rows(chart) -> str:
    """The bars of a chart (``includes/chart.html``), one ``<g>`` a row, as the template wrote them:
    a year's chart has a row for each of its workshops."""
    budget, usd = escape(_("Budget")), money_formatter(USD)
    rows = []
    for row in chart.rows:
        bars = "".join(
            CHART_BAR
            % (
                bar.x,
                row.bar_y,
                bar.width,
                escape(bar.colour),
                PLEDGED if bar.key == "pledged" else "",
                escape(bar.label),
                usd(bar.value),
            )
            for bar in row.bars
        )
        line = (
            CHART_BUDGET % (row.budget_x, row.budget_x, row.budget_top, row.bar_y + 22, budget) if row.budget_x else ""
        )
        rows.append(
            CHART_ROW
            % (
                row.text_y,
                escape(_truncated(row.label, 80)),
                row.bar_y,
                bars,
                line,
                row.note_x,
                row.bar_y + 14,
                escape(row.note),
            )
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above


def _truncated(text: str, length: int) -> str:
    """``truncatechars``: a text no longer than ``length`` (as most labels are) needs no truncating."""
    text = unicodedata.normalize("NFC", text)
    return text if len(text) <= length else Truncator(text).chars(length)


def _choice_labels(model, field_name: str) -> dict[str, str]:
    """A field's choice labels in the active language, for one page's rows."""
    return {value: str(label) for value, label in _labels(model, field_name).items()}
