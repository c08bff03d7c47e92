"""A long history paginated without counting every row: the audit history holds hundreds of
thousands of entries, and ``COUNT(*)`` over them would cost more than the page itself."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

PAGES_AHEAD = 100
# A page asked for past this one is past the end of any history: counting up to it would be a LIMIT past
# PostgreSQL's bigint (?page=99999999999999999999 was a DataError, a 500).
FARTHEST_PAGE = 10**12


class BoundedCountPaginator(Paginator):
    """Counts the rows only up to ``PAGES_AHEAD`` pages past the page asked for (``wanted``), so the
    first pages cost the same whatever the history; ``exact`` says whether ``count`` is every row.
    ``wanted=None`` (the last page) counts them all."""

    def __init__(self, object_list, per_page, *, wanted=1, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        try:
            self.wanted = min(max(int(wanted), 1), FARTHEST_PAGE) if wanted is not None else None
        except (TypeError, ValueError):
            self.wanted = 1
        self.exact = True

    @cached_property
    def count(self) -> int:
        if self.wanted is None:
            return super().count
        limit = (self.wanted + PAGES_AHEAD) * self.per_page
        counted = self.object_list[: limit + 1].count()
        self.exact = counted <= limit
        return counted if self.exact else limit + 1

    @property
    def pages_at_least(self) -> int:
        """The number of pages known to exist (all of them when ``exact``)."""
        return self.num_pages if self.exact else self.num_pages - 1
