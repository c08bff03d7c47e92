"""Pages of results: numbered pages for the short lists, cursors for the long ones (stable while rows are added)."""

from rest_framework.pagination import CursorPagination, PageNumberPagination


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class Cursor(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def cursor(*ordering: str) -> type[Cursor]:
    """Cursor pages in this order: an unchanging key, ending with the primary key so it is unique."""
    return type("Cursor", (Cursor,), {"ordering": ordering})
