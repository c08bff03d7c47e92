"""Places on the workshops' pages that a higher app fills.

The workshop page shows what other apps know about the workshop (funding: the donors it acknowledges)
without workshops importing them, in Python or in templates: the higher app registers, from its
``AppConfig.ready()``, a function that renders its part, and the page renders whatever was registered.
Without the higher app installed the slot stays empty.
"""

from collections.abc import Callable

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

WORKSHOP_ASIDE = "workshop:aside"  # below the registration box of the public workshop page

_fillers: dict[str, list[Callable[..., str]]] = {}


def fill(slot: str, render: Callable[..., str]) -> None:
    """Register ``render(**context)`` for ``slot``; it returns HTML (escaped unless marked safe)."""
    renders = _fillers.setdefault(slot, [])
    if render not in renders:  # ready() may run twice (tests, management commands)
        renders.append(render)


def render(slot: str, **context) -> SafeString:
    return mark_safe("".join(conditional_escape(render(**context)) for render in _fillers.get(slot, ())))  # noqa: S308 - each part escaped
