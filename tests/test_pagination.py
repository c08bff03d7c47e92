"""The one pagination partial (templates/includes/pagination.html) and its links."""

import re

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def pagination(query_string: str = "", **context) -> str:
    page = Paginator(range(30), 10).page(2)
    request = RequestFactory().get("/list/" + query_string)
    context = {"is_paginated": True, "page_obj": page, "paginator": page.paginator, **context}
    html = render_to_string("includes/pagination.html", context, request=request)
    return re.sub(r">\s+<", "><", html.strip())


def test_the_links_keep_the_request_query_without_its_page():
    assert pagination("?page=2&state=KE&q=a+b") == (
        '<nav class="pagination" aria-label="Pages"><a href="?state=KE&amp;q=a+b&amp;page=1">Previous</a>'
        '<span>Page 2 of 3</span><a href="?state=KE&amp;q=a+b&amp;page=3">Next</a></nav>'
    )


def test_a_cached_list_links_with_the_query_its_view_gives_not_the_visitors():
    given = pagination("?year=2010&utm=x", query="year=2010")
    workshops = pagination("?year=2010&utm=x", extra_query="year=2010&")
    none = pagination("?utm=x", extra_query="")

    assert (given, workshops) == (
        '<nav class="pagination" aria-label="Pages"><a href="?year=2010&amp;page=1">Previous</a>'
        '<span>Page 2 of 3</span><a href="?year=2010&amp;page=3">Next</a></nav>',
    ) * 2
    assert none == (
        '<nav class="pagination" aria-label="Pages"><a href="?page=1">Previous</a>'
        '<span>Page 2 of 3</span><a href="?page=3">Next</a></nav>'
    )


def test_the_labels_can_be_the_lists_own():
    assert pagination(previous_label="Newer", next_label="Older") == (
        '<nav class="pagination" aria-label="Pages"><a href="?page=1">Newer</a>'
        '<span>Page 2 of 3</span><a href="?page=3">Older</a></nav>'
    )
