"""``{% extends %}`` as Django's, with the root template's blocks listed once per template, not per rendering.

Rendering a page that extends templates/base.html, Django's ``ExtendsNode`` walks the whole node tree
of base.html to list its ``{% block %}``s at every rendering: some thirty Python calls a page for a
list that is fixed once the template is compiled. This tag (a builtin of the template engine,
``TEMPLATES`` in idm_portal/settings.py, so it replaces Django's in every template) lists them once per
compiled parent template and keeps the list on it; a template reloaded in development is a new
object with its own list. Everything else, the parent's lookup and the blocks' inheritance, is Django's.
"""

from django import template
from django.template import loader_tags
from django.template.base import TextNode
from django.template.loader_tags import BLOCK_CONTEXT_KEY, BlockContext, BlockNode

register = template.Library()

_ROOT_BLOCKS = "_idm_root_blocks"


def _root_blocks(compiled_parent) -> dict[str, BlockNode]:
    """The blocks Django's ExtendsNode.render adds for a root template (none for one that extends)."""
    blocks = getattr(compiled_parent, _ROOT_BLOCKS, None)
    if blocks is None:
        blocks = {}
        for node in compiled_parent.nodelist:
            # The ExtendsNode has to be the first non-text node.
            if not isinstance(node, TextNode):
                if not isinstance(node, loader_tags.ExtendsNode):
                    blocks = {n.name: n for n in compiled_parent.nodelist.get_nodes_by_type(BlockNode)}
                break
        setattr(compiled_parent, _ROOT_BLOCKS, blocks)
    return blocks


class ExtendsNode(loader_tags.ExtendsNode):
    def render(self, context):
        compiled_parent = self.get_parent(context)
        if BLOCK_CONTEXT_KEY not in context.render_context:
            context.render_context[BLOCK_CONTEXT_KEY] = BlockContext()
        block_context = context.render_context[BLOCK_CONTEXT_KEY]
        block_context.add_blocks(self.blocks)
        block_context.add_blocks(_root_blocks(compiled_parent))
        with context.render_context.push_state(compiled_parent, isolated_context=False):
            return compiled_parent._render(context)


@register.tag("extends")
def do_extends(parser, token) -> ExtendsNode:
    node = loader_tags.do_extends(parser, token)
    return ExtendsNode(node.nodelist, node.parent_name, node.template_dirs)
