"""Through what a change was made, for the audit histories: a page (the default) or an API token.

The API sets it around each write it passes to a service (``with acting_through("API token “sync”")``);
an audit history that records who changed something also records ``acting_via()`` beside the user.
A context variable, so concurrent requests in threads or tasks never see each other's value.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_VIA: ContextVar[str] = ContextVar("idm_acting_via", default="")


def acting_via() -> str:
    """What the current change goes through: "" for the pages, a label such as 'API token “sync”'."""
    return _VIA.get()


@contextmanager
def acting_through(label: str) -> Iterator[None]:
    token = _VIA.set(label)
    try:
        yield
    finally:
        _VIA.reset(token)
