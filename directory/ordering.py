"""The running order of what the secretariat arranges (agenda items, speakers, candidates): places 0..n-1
in a field named ``order``."""

from django.db.models import Max, QuerySet


def next_place(items: QuerySet) -> int:
    """Where a new item goes: after the last of ``items`` (0 for the first)."""
    last = items.aggregate(last=Max("order"))["last"]
    return 0 if last is None else last + 1


def moved(items: list, *, pk: int, direction: int) -> list:
    """``items`` (in their order) with the one of ``pk`` one place earlier (-1) or later (+1), where there
    is such a place."""
    index = next(i for i, candidate in enumerate(items) if candidate.pk == pk)
    other = index + direction
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    return items


def renumber(items: list, *, update_fields: tuple[str, ...] = ("order",)) -> None:
    """Number ``items`` 0..n-1 in the order given, saving only those whose place changed."""
    for position, item in enumerate(items):
        if item.order != position:
            item.order = position
            item.save(update_fields=list(update_fields))
