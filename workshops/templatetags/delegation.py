"""``{% delegation_rows registrations %}``: the rows of the focal point's delegation page.

Built here rather than by the template engine, which spent most of the page's time on fifty rows and
their actions (``_registration_actions.html`` included once a row): each label translated once a page,
each workshop's title, dates and registration window read once, the links by ``pk_url``. The actions
are those of ``_registration_actions.html``, which the delegate's own registrations page still uses.
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from directory.dates import date_range
from directory.links import pk_url
from directory.translation import content_language, translated
from workshops.models import ACTIVE, Registration

register = template.Library()
S = Registration.Status


@register.simple_tag(takes_context=True)
def delegation_rows(context, registrations) -> str:
    request = context["request"]
    translated_labels = {
        "head": _("Head of delegation"),
        "note": _("Note verbale"),
        "change": _("Change"),
        "cancel": _("Cancel"),
        "confirm": _("Cancel this registration?"),
        "again": _("Register again"),
        "certificate": _("Certificate of attendance"),
    }
    # As {% trans %} writes them: the catalogue's text as it is, not escaped (the portal's own catalogues).
    labels = {key: mark_safe(text) for key, text in translated_labels.items()}  # noqa: S308
    labels["status"] = {value: str(label) for value, label in S.choices}
    labels["funding"] = {value: str(label) for value, label in Registration.Funding.choices}
    page = {
        "language": content_language(),
        "token": str(context.get("csrf_token", "")),
        "next": request.get_full_path(),
        "user": request.user.pk,
        "document_language": request.user.preferred_language or "en",
        "workshops": {},
    }
    return format_html_join("\n", "{}", ((_row(registration, labels, page),) for registration in registrations))


def _workshop(workshop, page: dict) -> tuple[str, str, str, bool]:
    """The workshop's link, title, dates and whether its registration is open, once a page."""
    known = page["workshops"].get(workshop.pk)
    if known is None:
        known = page["workshops"][workshop.pk] = (
            reverse("workshops:detail", args=[workshop.slug]),
            translated(workshop, "title", page["language"]),
            date_range(workshop.start_date, workshop.end_date),
            workshop.registration_is_open(),
        )
    return known


def _row(registration, labels: dict, page: dict) -> str:
    person = registration.person
    link, title, dates, is_open = _workshop(registration.workshop, page)
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
        _actions(registration, person, title, is_open, labels, page),
    )


def _actions(registration, person, title: str, is_open: bool, labels: dict, page: dict) -> str:
    """What ``_registration_actions.html`` offers: change and cancel an active registration, register
    again after a cancellation, the certificate of one's own attendance."""
    own = person.user_id == page["user"]
    token = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', page["token"])
    parts = []
    if registration.status in ACTIVE:
        if is_open:
            parts.append(
                format_html(
                    '<a href="{}">{}<span class="visually-hidden"> {}, {}</span></a>',
                    pk_url("workshops:change", registration.pk),
                    labels["change"],
                    person.full_name,
                    title,
                )
            )
        parts.append(
            format_html(
                '<form method="post" action="{}" class="inline-form">{}\n<input type="hidden" name="next" value="{}">\n'
                '<button type="submit" class="link-button" data-confirm="{}">{}'
                '<span class="visually-hidden"> {}, {}</span></button>\n</form>',
                pk_url("workshops:cancel", registration.pk),
                token,
                page["next"],
                labels["confirm"],
                labels["cancel"],
                person.full_name,
                title,
            )
        )
    if registration.status == S.CANCELLED and is_open and own:
        parts.append(
            format_html(
                '<a href="{}">{}<span class="visually-hidden"> {}</span></a>',
                reverse("workshops:register", args=[registration.workshop.slug]),
                labels["again"],
                title,
            )
        )
    if registration.status == S.ATTENDED and own:
        parts.append(
            format_html(
                '<form method="post" action="{}" class="inline-form">{}<input type="hidden" name="language" value="{}">'
                '<button type="submit" class="link-button">{}<span class="visually-hidden"> {}</span></button></form>',
                reverse("documents:generate", args=["certificate", registration.pk]),
                token,
                page["document_language"],
                labels["certificate"],
                title,
            )
        )
    return mark_safe("\n".join(parts))  # noqa: S308 - every part went through format_html
