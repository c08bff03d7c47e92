from html import escape

from django import template
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from directory.dates import formatter
from directory.links import pk_url
from directory.translation import content_language, translated
from workshops import cache
from workshops.models import Registration

register = template.Library()


@register.simple_tag(takes_context=True)
def for_this_request(context, html: str, values: dict[str, str] | None = None) -> str:
    """A cached fragment with the page's CSRF token (the one ``{% csrf_token %}`` writes, made once a
    page), the request's address and the view's own ``values`` (placeholder: escaped HTML) in place of
    their placeholders. On a ``cache.KeptBodyResponse`` the fragment's bytes go straight into the
    response: the tag writes the marker where they go."""
    token, address = str(context["csrf_token"]), context["request"].get_full_path()
    kept = context.get(cache.KEPT_BODIES)
    if kept is None:
        html = cache.with_request_values(html, token=token, address=address)
        for placeholder, value in (values or {}).items():
            html = html.replace(placeholder, value)
        return mark_safe(html)  # noqa: S308 - our fragment, escaped values
    kept.append(
        cache.request_pieces(
            html, {cache.CSRF_PLACEHOLDER: token, cache.NEXT_PLACEHOLDER: escape(address), **(values or {})}
        )
    )
    return mark_safe(cache.BODY_MARKER)  # noqa: S308 - a marker the response replaces


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


_QUEUE_ROW = (
    '<tr class="row-%(status)s">\n'
    '<td><input type="checkbox" name="registrations" value="%(pk)d" id="reg-%(pk)d" aria-label="%(select)s"></td>\n'
    '<td class="num">%(number)d</td>\n'
    '<td><a href="%(link)s">%(name)s</a>%(head)s\n'
    '<br><span class="help">%(position)s%(email)s</span></td>\n'
    "<td>%(state)s</td>\n"
    '<td><span class="badge badge-%(status)s">%(status_label)s</span>%(reason)s</td>\n'
    "<td>%(funding)s</td>\n"
    '<td><time datetime="%(iso)s">%(arrived)s</time></td>\n'
    "</tr>\n"
)


@register.simple_tag
def queue_rows(registrations, first_number: int) -> str:
    """The rows of the secretariat's queue (``staff/queue.html``), built here rather than by the
    template engine, which spent most of the page's time on fifty rows: each label translated once
    a page, each member state named once, links by ``pk_url``, dates by the portal's formatter, each
    value escaped as ``format_html`` escapes it (``html.escape``) without its machinery per cell."""
    statuses = {value: escape(str(label)) for value, label in Registration.Status.choices}
    fundings = {value: escape(str(label)) for value, label in Registration.Funding.choices}
    head = ' <span class="badge">%s</span>' % escape(_("Head of delegation"))
    select, travelling = _("Select %(name)s"), _("from %(place)s")
    arrived_at = formatter("SHORT_DATETIME_FORMAT")
    language = content_language()
    states: dict[int, str] = {}
    rows = []
    for number, registration in enumerate(registrations, start=first_number):
        person = registration.person
        state = states.get(registration.member_state_id)
        if state is None:
            state = states[registration.member_state_id] = escape(str(registration.member_state))
        name = person.full_name
        arrived = timezone.localtime(registration.created_at)
        funding = registration.funding
        if funding:
            funding_cell = '<span class="badge badge-funding-%s">%s</span>' % (
                escape(funding),
                fundings.get(funding) or escape(funding),
            )
            if registration.travel_from:
                place = travelling % {"place": registration.travel_from}
                funding_cell += '<br><span class="help">%s</span>' % escape(place)
        else:
            funding_cell = "—"
        rows.append(
            _QUEUE_ROW
            % {
                "status": escape(registration.status),
                "pk": registration.pk,
                "select": escape(select % {"name": name}),
                "number": number,
                "link": escape(pk_url("workshops:staff_registration", registration.pk)),
                "name": escape(name),
                "head": head if registration.is_head_of_delegation else "",
                "position": escape(translated(person, "position", language) or ""),
                "email": " · %s" % escape(person.email) if person.email else "",
                "state": state,
                "status_label": statuses.get(registration.status) or escape(registration.status),
                "reason": (
                    '<br><span class="help">%s</span>' % escape(Truncator(registration.reason).chars(60))
                    if registration.reason
                    else ""
                ),
                "funding": funding_cell,
                "iso": escape(arrived.isoformat()),
                "arrived": escape(arrived_at(arrived)),
            }
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above
