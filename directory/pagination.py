"""Lists that never answer 404 to a page number: ``?page=999`` shows the last page, ``?page=abc`` the first."""

from django.core.paginator import Page, Paginator


class ForgivingPaginationMixin:
    """For ``ListView``: Django's own pagination answers 404 to a page beyond the last or not a number,
    which a bookmark of page 5 of a list that shrank, or a mistyped address, should not get."""

    def paginate_queryset(self, queryset, page_size) -> tuple[Paginator, Page, list, bool]:
        paginator = self.get_paginator(
            queryset, page_size, orphans=self.get_paginate_orphans(), allow_empty_first_page=self.get_allow_empty()
        )
        wanted = self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg) or 1
        page = paginator.get_page(paginator.num_pages if wanted == "last" else wanted)
        return paginator, page, page.object_list, page.has_other_pages()


class ReadPagesPaginator(Paginator):
    """Django's paginator for lists whose pages are read another way than by slicing the queryset (SQL
    compiled once, read from the nearer end of an index): a page's bounds are Django's (orphans on the
    last page), its rows are ``read(bottom, top)``; ``count`` may be given when the caller knows it."""

    def __init__(self, object_list, per_page, *, count: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        if count is not None:
            self.__dict__["count"] = count  # the cached_property, answered

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.read(bottom, top), number, self)

    def read(self, bottom: int, top: int) -> list:
        return list(self.object_list[bottom:top])
