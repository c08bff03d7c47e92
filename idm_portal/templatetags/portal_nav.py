"""The main navigation, rendered once per process for each kind of visitor and language.

Its links depend only on the visitor's roles (and, for a donor's statements, the donor's id) and on the
language: every page of every signed-in user would otherwise render the same 20 translated links
again. The key holds exactly what the template reads from ``roles``, so one user's menu is never
another's; the process keeps at most ``KEPT`` menus."""

from django import template
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import mark_safe

register = template.Library()

KEPT = 500
_menus: dict[tuple, str] = {}


def _key(roles) -> tuple:
    donor = roles.donor if roles.authenticated else None
    return (
        translation.get_language(),
        bool(roles.authenticated),
        bool(roles.delegate),
        bool(roles.focal_point),
        bool(roles.secretariat),
        donor.pk if donor is not None else None,
    )


@register.simple_tag(takes_context=True)
def role_nav(context) -> str:
    roles = context["roles"]
    key = _key(roles)
    menu = _menus.get(key)
    if menu is None:
        menu = get_template("includes/role_nav.html").render({"roles": roles})
        if len(_menus) >= KEPT:
            _menus.clear()
        _menus[key] = menu
    return mark_safe(menu)  # noqa: S308 - our own template's output, escaped when rendered
