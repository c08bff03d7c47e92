"""What a page shows, read from its HTML: proof that a list's rows were rendered, not only queried."""

import re
from collections.abc import Iterable


def shown(response, texts: Iterable[str]) -> int:
    """How many of the texts (one per row, e.g. each record's name) the page shows as whole words."""
    html = response.content.decode()
    return sum(re.search(r"(?<!\w)%s(?!\w)" % re.escape(text), html) is not None for text in texts)
