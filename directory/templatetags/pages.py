"""``{% page_href number %}``: the link to another page of a list, for ``includes/pagination.html``."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_href(context, number: int) -> str:
    """``?<the list's query>&page=<number>``. The query is the one the view gives (``query``, or the
    workshops' ``extra_query`` ending in "&"), without the page, where a page is shared from a cache and
    must not repeat one visitor's address to the next; otherwise the request's own, less its page."""
    query = context.get("query")
    if query is None and context.get("extra_query") is not None:
        query = context["extra_query"].rstrip("&")
    if query is None:
        request = context.get("request")
        params = request.GET.copy() if request is not None else {}
        params.pop("page", None)
        query = params.urlencode() if params else ""
    return "?%spage=%d" % (query + "&" if query else "", number)
