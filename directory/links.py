"""Links to many records of one kind, as a list has them: the address reversed once, not once a row.

``reverse`` resolves the pattern each time (some 20-80 µs); a list of 50 rows calls it 50 times for
addresses that differ only by the record's id. ``pk_url(name, pk)`` reverses ``name`` once per script
prefix with a marker for the id and puts each id in its place: the same address ``reverse`` gives.
"""

from functools import cache

from django.urls import get_script_prefix, reverse

MARKER = 2147483647  # the largest id: no other part of a portal address holds it


@cache
def _halves(name: str, prefix: str) -> tuple[str, str]:
    head, tail = reverse(name, kwargs={"pk": MARKER}).split(str(MARKER))
    return head, tail


def pk_url(name: str, pk: int) -> str:
    """``reverse(name, kwargs={"pk": pk})``, for a pattern whose one argument is ``pk`` (an integer)."""
    head, tail = _halves(name, get_script_prefix())
    return "%s%d%s" % (head, pk, tail)


@cache
def _fixed(name: str, prefix: str) -> str:
    return reverse(name)


def fixed_url(name: str) -> str:
    """``reverse(name)`` for a pattern without arguments, reversed once per script prefix."""
    return _fixed(name, get_script_prefix())
