from django import template
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from directory.dates import format_date
from directory.links import pk_url
from workshops import cache
from workshops.models import Registration

register = template.Library()


@register.simple_tag(takes_context=True)
def for_this_request(context, html: str) -> str:
    """A cached fragment with the page's CSRF token (the one ``{% csrf_token %}`` writes, made once a
    page) and the request's address in place of its placeholders."""
    return cache.with_request_values(html, token=str(context["csrf_token"]), address=context["request"].get_full_path())


@register.filter
def seats_text(workshop) -> str:
    left = workshop.seats_left
    if left <= 0:
        return _("Full: new requests join the waiting list")
    return _("%(left)d of %(capacity)d seats left") % {"left": left, "capacity": workshop.capacity}


@register.filter
def file_size(size: int) -> str:
    if size >= 1024 * 1024:
        megabytes = number_format(size / 1024 / 1024, decimal_pos=1, use_l10n=True)
        return _("%(size)s MB") % {"size": megabytes}
    return _("%(size)s KB") % {"size": max(1, round(size / 1024))}


@register.simple_tag
def queue_rows(registrations, first_number: int) -> str:
    """The rows of the secretariat's queue (``staff/queue.html``), built here rather than by the
    template engine, which spent most of the page's time on fifty rows: each label translated once
    a page, each member state named once, links by ``pk_url``, dates by the portal's formatter."""
    statuses = {value: str(label) for value, label in Registration.Status.choices}
    fundings = {value: str(label) for value, label in Registration.Funding.choices}
    head = _("Head of delegation")
    states: dict[int, str] = {}
    rows = []
    for number, registration in enumerate(registrations, start=first_number):
        person = registration.person
        state = states.get(registration.member_state_id)
        if state is None:
            state = states[registration.member_state_id] = str(registration.member_state)
        arrived = timezone.localtime(registration.created_at)
        rows.append(
            format_html(
                '<tr class="row-{status}">\n'
                '<td><input type="checkbox" name="registrations" value="{pk}" id="reg-{pk}"'
                ' aria-label="{select}"></td>\n'
                '<td class="num">{number}</td>\n'
                '<td><a href="{link}">{name}</a>{head}\n'
                '<br><span class="help">{position}{email}</span></td>\n'
                "<td>{state}</td>\n"
                '<td><span class="badge badge-{status}">{status_label}</span>{reason}</td>\n'
                "<td>{funding}</td>\n"
                '<td><time datetime="{iso}">{arrived}</time></td>\n'
                "</tr>\n",
                status=registration.status,
                pk=registration.pk,
                select=_("Select %(name)s") % {"name": person.full_name},
                number=number,
                link=pk_url("workshops:staff_registration", registration.pk),
                name=person.full_name,
                head=format_html(' <span class="badge">{}</span>', head) if registration.is_head_of_delegation else "",
                position=person.local_position or "",
                email=format_html(" · {}", person.email) if person.email else "",
                state=state,
                status_label=statuses.get(registration.status, registration.status),
                reason=(
                    format_html('<br><span class="help">{}</span>', Truncator(registration.reason).chars(60))
                    if registration.reason
                    else ""
                ),
                funding=_funding_cell(registration, fundings),
                iso=arrived.isoformat(),
                arrived=format_date(arrived, "SHORT_DATETIME_FORMAT"),
            )
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value went through format_html


def _funding_cell(registration, fundings: dict[str, str]) -> str:
    if not registration.funding:
        return "—"
    badge = format_html(
        '<span class="badge badge-funding-{}">{}</span>',
        registration.funding,
        fundings.get(registration.funding, registration.funding),
    )
    if not registration.travel_from:
        return badge
    place = _("from %(place)s") % {"place": registration.travel_from}
    return format_html('{}<br><span class="help">{}</span>', badge, place)
