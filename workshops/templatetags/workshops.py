from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


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
