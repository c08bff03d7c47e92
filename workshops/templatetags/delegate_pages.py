"""The rows of "My registrations", built here rather than by the template engine.

Through the template, each row cost about 0.3 ms of CPU (its actions an include, every label translated
again, every address reversed again, every value through the filter chain): fifty rows cost three
times the rest of the page. Here each label is translated once a page, the addresses reversed once and
filled in, each value escaped as ``{{ }}`` escapes it, each workshop's dates written once per process
and language (``directory.dates``): the same HTML as the template wrote. ``_actions`` is the one
definition of what a registration's row offers, also used by the focal point's delegation rows.
"""

from functools import lru_cache
from html import escape

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from directory.dates import date_range
from directory.links import pk_url
from directory.translation import translated
from workshops.models import ACTIVE, Registration

register = template.Library()

SLUG_MARKER = "slug-of-the-workshop"
S = Registration.Status


class _Page:
    """What every row of the page shares: labels in the reader's language, addresses, the form's token."""

    def __init__(self, context):
        request = context["request"]
        self.user_id = request.user.pk
        self.language = request.user.preferred_language or "en"
        # A page kept in the cache is built with placeholders for the request's own address and token.
        self.next = escape(context.get("address") or request.get_full_path())
        self.csrf_token = escape(str(context.get("csrf_token", "")))
        self.language_shown = translation.get_language()
        self.statuses = {value: str(label) for value, label in S.choices}
        self.fundings = {value: str(label) for value, label in Registration.Funding.choices}
        self.detail = reverse("workshops:detail", kwargs={"slug": SLUG_MARKER})
        self.register = reverse("workshops:register", kwargs={"slug": SLUG_MARKER})
        # Written as {% trans %} writes them: the catalogues' text, not escaped.
        self.change, self.cancel = _("Change"), _("Cancel")
        self.confirm, self.register_again = _("Cancel this registration?"), _("Register again")
        self.certificate = _("Certificate of attendance")
        self.waiting = _("Number %(position)s on the waiting list")


@register.simple_tag(takes_context=True)
def my_registration_rows(context, registrations) -> SafeString:
    """The ``<tr>`` of each registration of ``my_registrations.html``."""
    page = _Page(context)
    return mark_safe("".join(_row(page, registration) for registration in registrations))  # noqa: S308 - escaped


@lru_cache(maxsize=4096)
def _dates(start, end, language: str) -> str:
    """The workshop's dates, written once per process for each language (``language`` is the key)."""
    return escape(date_range(start, end))


# Each value is escaped as the template engine escapes a variable ({{ }}): html.escape is Django's escape.
def _row(page: _Page, registration: Registration) -> str:
    workshop = registration.workshop
    title = escape(translated(workshop, "title"))
    venue = translated(workshop, "venue")
    status = registration.status
    waiting = registration.waiting_position
    return (
        "\n    <tr>\n"
        '      <td><a href="%s">%s</a>%s</td>\n'
        "      <td>%s</td>\n"
        '      <td><span class="badge badge-%s">%s</span>%s%s</td>\n'
        "      <td>%s</td>\n"
        '      <td class="actions">%s</td>\n'
        "    </tr>\n"
    ) % (
        escape(page.detail.replace(SLUG_MARKER, workshop.slug)),
        title,
        '<br><span class="help">%s</span>' % escape(venue) if venue else "",
        _dates(workshop.start_date, workshop.end_date, page.language_shown),
        escape(status),
        escape(page.statuses.get(status, status)),
        '<br><span class="waiting-position">%s</span>' % (page.waiting % {"position": int(waiting)}) if waiting else "",
        '<br><span class="help">%s</span>' % escape(registration.reason) if registration.reason else "",
        _funding(page, registration),
        _actions(page, registration, title),
    )


def _funding(page: _Page, registration: Registration) -> str:
    funding = registration.funding
    if not funding or registration.status in (S.CANCELLED, S.DECLINED):
        return "—"
    reason = registration.funding_decision_reason
    return '<span class="badge badge-funding-%s">%s</span>%s' % (
        escape(funding),
        escape(page.fundings.get(funding, funding)),
        '<br><span class="help">%s</span>' % escape(reason) if reason else "",
    )


def _actions(page: _Page, registration: Registration, title: str) -> str:
    """What a registration's row offers: change and cancel while active, register again once
    cancelled (one's own, while registration is open), the certificate once attended (one's own).
    ``title`` is escaped already."""
    workshop, status = registration.workshop, registration.status
    own = registration.person.user_id == page.user_id
    whose = '<span class="visually-hidden"> %s, %s</span>' % (escape(registration.person.full_name), title)
    parts = []
    if status in ACTIVE:
        if workshop.registration_is_open():
            parts.append('<a href="%s">%s%s</a>' % (pk_url("workshops:change", registration.pk), page.change, whose))
        parts.append(
            '<form method="post" action="%s" class="inline-form">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="%s">\n'
            '    <input type="hidden" name="next" value="%s">\n'
            '    <button type="submit" class="link-button" data-confirm="%s">%s%s</button>\n'
            "  </form>"
            % (
                pk_url("workshops:cancel", registration.pk),
                page.csrf_token,
                page.next,
                page.confirm,
                page.cancel,
                whose,
            )
        )
    if status == S.CANCELLED and own and workshop.registration_is_open():
        parts.append(
            '<a href="%s">%s<span class="visually-hidden"> %s</span></a>'
            % (escape(page.register.replace(SLUG_MARKER, workshop.slug)), page.register_again, title)
        )
    if status == S.ATTENDED and own:
        # The documents app's button (a higher app: its template, by name), for the few attended rows.
        parts.append(
            render_to_string(
                "documents/includes/generate_form.html",
                {
                    "kind": "certificate",
                    "pk": registration.pk,
                    "language": page.language,
                    "LANGUAGE_CODE": page.language,
                    "label": page.certificate,
                    "hidden_label": mark_safe(title),  # noqa: S308 - escaped above
                    "button_class": "link-button",
                    "csrf_token": page.csrf_token,
                },
            )
        )
    return "\n".join(parts)
