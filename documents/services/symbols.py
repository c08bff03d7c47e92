"""Document symbols (IC/2010/2): consecutive numbers per series and year, no gap, no duplicate."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from ..models import (
    SymbolSeries,
)

SYMBOL_PREFIX = "IC"


# --- Symbols --------------------------------------------------------------------------------


@transaction.atomic
def allocate_symbol(*, prefix: str, year: int) -> str:
    """The next symbol of the series, e.g. IC/2010/2. Under the series' row lock and inside the
    caller's transaction: two issues at once get consecutive numbers, and a rolled-back issue
    gives its number back, so there is no gap and no duplicate."""
    try:
        with transaction.atomic():
            SymbolSeries.objects.get_or_create(prefix=prefix, year=year)
    except IntegrityError:
        pass  # created at the same moment by another issue: it is there now
    series = SymbolSeries.objects.select_for_update().get(prefix=prefix, year=year)
    number = series.next_number
    series.next_number = number + 1
    series.save(update_fields=["next_number"])
    return f"{prefix}/{year}/{number}"
