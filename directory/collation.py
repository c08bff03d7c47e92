"""Names sorted as the reader's language sorts them: "Égypte" before "Suisse", "Ñandú" after "Nuevo".

Python compares code points, and so do SQLite and a PostgreSQL database created with the C collation:
"É" would come after "S". ``sort_key`` folds case and accents (the primary strength of a collation),
and in Spanish keeps "ñ" a letter of its own after "n". Sorting happens in Python over rows already
read, so it is the same on SQLite and PostgreSQL and costs no query.
"""

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

from .translation import content_language

T = TypeVar("T")
AFTER_N = "n\U0010ffff"  # sorts after every other "n…"


def sort_key(text: str, language: str | None = None) -> tuple[str, str]:
    """The key that orders ``text`` in ``language`` (the active one by default); ties keep accents apart."""
    folded = str(text).casefold()
    if content_language(language) == "es":
        folded = unicodedata.normalize("NFC", folded).replace("ñ", AFTER_N)
    decomposed = unicodedata.normalize("NFKD", folded)
    base = "".join(char for char in decomposed if not unicodedata.combining(char))
    return base, folded


def sorted_by_name(items: Iterable[T], name: Callable[[T], str] = str, language: str | None = None) -> list[T]:
    """``items`` ordered by ``name(item)`` (``str(item)``: the name in the active language)."""
    return sorted(items, key=lambda item: sort_key(name(item), language))
