"""The page shell's text that depends on the language alone, rendered once per process and language.

Every page renders the same header and footer: the brand, the static files' addresses, the language
buttons, the sign-in links, a dozen translated labels. ``{% fixed %}...{% endfixed %}`` keeps what it
encloses after its first rendering in each language; it must enclose nothing that depends on the
request or the user (those parts of templates/base.html stay outside it). In the directory, the lowest
app, so that every app's pages may keep their language-only parts so too (the registration queue's
table head and bulk decision form)."""

from django import template
from django.template.loader_tags import BlockNode
from django.utils import translation
from django.utils.safestring import mark_safe

register = template.Library()


class FixedNode(template.Node):
    # What it encloses is rendered once: a block inside could never be overridden (refused below), so
    # Django's search for the root template's blocks at every rendering need not look inside.
    child_nodelists = ()

    def __init__(self, nodelist: template.NodeList):
        self.nodelist = nodelist
        self.rendered: dict[str, str] = {}

    def render(self, context) -> str:
        language = translation.get_language()
        html = self.rendered.get(language)
        if html is None:
            html = self.rendered[language] = self.nodelist.render(context)
        return mark_safe(html)  # noqa: S308 - our own template's output, escaped when rendered


@register.tag
def fixed(parser, token) -> FixedNode:
    nodelist = parser.parse(("endfixed",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        raise template.TemplateSyntaxError("{% fixed %} must not enclose a {% block %}: it would never be overridden.")
    return FixedNode(nodelist)
