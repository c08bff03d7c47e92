"""What a page shows, read from its HTML (proof that a list's rows were rendered, not only queried), and
the messages it gave."""

import html
import re
from collections.abc import Iterable

from django.contrib.messages import get_messages


def text(response) -> str:
    """The page as a reader sees it: tags removed, white space folded."""
    page = response.content.decode()
    # Only ASCII white space is folded: the no-break spaces of French and Spanish digits stay.
    return html.unescape(re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", page)).strip())


def shown(response, texts: Iterable[str]) -> int:
    """How many of the texts (one per row, e.g. each record's name) the page shows as whole words."""
    page = html.unescape(response.content.decode())
    return sum(re.search(r"(?<!\w)%s(?!\w)" % re.escape(each), page) is not None for each in texts)


def heading(response) -> str:
    """The page's first-level heading as a reader sees it."""
    match = re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", match.group(1))).strip()) if match else ""


def messages(response) -> list[str]:
    """The messages the request added or the page showed (a followed redirect: the last page's)."""
    return [str(message) for message in get_messages(response.wsgi_request)]
