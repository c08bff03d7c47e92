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
