"""The page header and its main navigation, rendered once per process for each kind of visitor and language.

The menu's links depend only on the visitor's roles (and, for a donor's statements, the donor's id) and
on the language: every page of every signed-in user would otherwise render the same 20 translated
links again. The header around it (``{% kept_header %}`` in templates/base.html: the brand, the
language buttons, the account links with the user's name, the menu) depends on that and on the name
the header shows, plus two values of the request, its CSRF token and its address, which are filled in
at each request. The keys hold exactly what the templates read, so one user's header or menu is never
another's (two users see the same header only when it shows the same name, roles and language); the
process keeps at most ``KEPT`` of each."""

from django import template
from django.template.loader import get_template
from django.template.loader_tags import BlockNode
from django.utils import translation
from django.utils.functional import LazyObject, empty
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from workshops.cache import CSRF_PLACEHOLDER
from workshops.cache import NEXT_PLACEHOLDER as ADDRESS_PLACEHOLDER

register = template.Library()

KEPT = 500
_menus: dict[tuple, str] = {}


def _unwrapped(value):
    """The object behind a lazy one (the context's ``roles``, the request's ``user``): the header reads
    a handful of their attributes, each a Python call through the lazy wrapper."""
    if isinstance(value, LazyObject):
        if value._wrapped is empty:
            value._setup()
        return value._wrapped
    return value


def _key(roles) -> tuple:
    roles = _unwrapped(roles)
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


class KeptHeaderNode(template.Node):
    # Rendered once per key: a block inside could never be overridden (refused below), so Django's
    # search for the root template's blocks at every rendering need not look inside.
    child_nodelists = ()

    def __init__(self, nodelist: template.NodeList):
        self.nodelist = nodelist
        self.kept: dict[tuple, str] = {}

    def render(self, context) -> str:
        request = context.get("request")
        token = _unwrapped(context.get("csrf_token"))
        if request is None or not token or token == "NOTPROVIDED":  # noqa: S105 - nothing to fill in: rendered as it is
            with context.push(this_address=request.get_full_path() if request is not None else ""):
                return self.nodelist.render(context)
        user = _unwrapped(context.get("user"))
        signed_in = user is not None and user.is_authenticated
        key = (_key(context["roles"]), (user.get_full_name() or user.email) if signed_in else None)
        html = self.kept.get(key)
        if html is None:
            with context.push(csrf_token=CSRF_PLACEHOLDER, this_address=ADDRESS_PLACEHOLDER):
                html = self.nodelist.render(context)
            if len(self.kept) >= KEPT:
                self.kept.clear()
            self.kept[key] = html
        return SafeString(
            html.replace(CSRF_PLACEHOLDER, str(token)).replace(ADDRESS_PLACEHOLDER, escape(request.get_full_path()))
        )


@register.tag
def kept_header(parser, token) -> KeptHeaderNode:
    """``{% kept_header %}...{% endkept_header %}``: what it encloses may read the language, the user's
    name and authentication, ``roles`` (as ``role_nav`` keys them), ``csrf_token`` and ``this_address``
    (the request's full path), nothing else of the request."""
    nodelist = parser.parse(("endkept_header",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        raise template.TemplateSyntaxError(
            "{% kept_header %} must not enclose a {% block %}: it would never be overridden."
        )
    return KeptHeaderNode(nodelist)
