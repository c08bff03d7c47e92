"""``{% delegation_rows registrations %}``: the rows of the focal point's delegation page.

Built here rather than by the template engine, which spent most of the page's time on fifty rows and
their actions (a template included once a row): each label translated once a page, each workshop's
title, dates and registration window read once, the links by ``pk_url``. The actions are the one
definition in ``delegate_pages``, which writes them for the delegate's own registrations page too.
"""

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from directory.dates import date_range
from directory.links import pk_url
from directory.translation import content_language, translated
from workshops.models import Registration

from .delegate_pages import _actions as registration_actions
from .delegate_pages import _Page as RowsPage

register = template.Library()
S = Registration.Status


@register.simple_tag(takes_context=True)
def delegation_rows(context, registrations) -> str:
    rows = RowsPage(context)
    # As {% trans %} writes them: the catalogue's text as it is, not escaped (the portal's own catalogues).
    labels = {"head": mark_safe(_("Head of delegation")), "note": mark_safe(_("Note verbale"))}  # noqa: S308
    labels.update(status=rows.statuses, funding=rows.fundings)
    page = {"language": content_language(), "workshops": {}, "rows": rows}
    return format_html_join("\n", "{}", ((_row(registration, labels, page),) for registration in registrations))


def _workshop(workshop, page: dict) -> tuple[str, str, str]:
    """The workshop's link, title and dates, once a page."""
    known = page["workshops"].get(workshop.pk)
    if known is None:
        known = page["workshops"][workshop.pk] = (
            reverse("workshops:detail", args=[workshop.slug]),
            translated(workshop, "title", page["language"]),
            date_range(workshop.start_date, workshop.end_date),
        )
    return known


def _row(registration, labels: dict, page: dict) -> str:
    person = registration.person
    link, title, dates = _workshop(registration.workshop, page)
    position = translated(person, "position", page["language"])
    participant = format_html(
        "{}{}{}{}",
        person.full_name,
        format_html(' <span class="badge">{}</span>', labels["head"]) if registration.is_head_of_delegation else "",
        format_html('<br><span class="help">{}</span>', position) if position else "",
        format_html('<br><a href="{}">{}</a>', pk_url("workshops:note_verbale", registration.pk), labels["note"])
        if registration.note_verbale
        else "",
    )
    waiting = (
        format_html(
            '<br><span class="waiting-position">{}</span>',
            # As {% blocktrans %} writes it: the catalogue's own text not escaped, the number in it.
            mark_safe(_("Number %(position)s on the waiting list")) % {"position": int(registration.waiting_position)},  # noqa: S308
        )
        if registration.waiting_position
        else ""
    )
    funded = registration.funding and registration.status not in (S.CANCELLED, S.DECLINED)
    return format_html(
        '<tr>\n<td><a href="{}">{}</a><br><span class="help">{}</span></td>\n<td>{}</td>\n'
        '<td><span class="badge badge-{}">{}</span>{}</td>\n<td>{}</td>\n<td class="actions">{}</td>\n</tr>',
        link,
        title,
        dates,
        participant,
        registration.status,
        labels["status"].get(registration.status, registration.status),
        waiting,
        format_html(
            '<span class="badge badge-funding-{}">{}</span>',
            registration.funding,
            labels["funding"].get(registration.funding, registration.funding),
        )
        if funded
        else "—",
        # The actions' one definition, shared with the delegate's own page.
        mark_safe(registration_actions(page["rows"], registration, escape(title))),  # noqa: S308 - escaped there
    )
