"""The registry of the portal's permission rules, which ``directory/permissions.py`` explains and the
apps fill with ``@rule``: apart from them, so that the user model answers a rule without importing the
modules the rules read."""

from collections.abc import Callable
from typing import Any

Predicate = Callable[[Any, Any], bool]
RULES: dict[str, Predicate] = {}


def rule(name: str) -> Callable[[Predicate], Predicate]:
    def register(predicate: Predicate) -> Predicate:
        if name in RULES:
            raise ValueError(f"Rule {name!r} is registered twice.")
        RULES[name] = predicate
        return predicate

    return register


def answer(user, perm: str, obj: Any = None) -> bool | None:
    """The rule's answer for ``perm`` (None: not one of the portal's rules, such as the admin's model
    permissions)."""
    predicate = RULES.get(perm)
    if predicate is None:
        return None
    return bool(user.is_active and predicate(user, obj))
