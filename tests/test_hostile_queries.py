"""Crafted query strings on every page of the portal, as every role the page answers (issue 14).

``test_hostile_forms.py`` submits the forms a page shows; a query string nobody's form writes is
tried here: pages out of range (-1, 0, 999999, "last"), a number no ``int()`` reads though
``str.isdigit()`` says it is one ("²"), a number of 5,000 digits (past Python's conversion limit), ids
of 20 digits, repeated parameters, NUL and other control characters, markup, template syntax and the
kept fragments' own placeholder marker (\\x1f) in every filter and search box. Each is added to the
page's own address (its matrix query kept), in the parameters the portal's lists read.

Asserted: no answer ≥ 500, the markup never comes back unescaped, no placeholder of a kept fragment
(set off by \\x1f) is ever served unfilled, and after all of them each role's
plain page shows none of the hostile text (no kept fragment built for a crafted address is served for
another one). The data is the permission matrix's world, made once (``test_hostile_forms``' fixtures).
"""

from urllib.parse import urlencode

import pytest

from .test_hostile_forms import MATRIX, PAGES, ROLES, _client, _send, db, rolled_back, shared  # noqa: F401 - fixtures

# The parameters the portal's lists and filters read.
NUMBERS = ("page", "year", "workshop", "donor", "state", "member_state", "session", "consultation", "person")
WORDS = ("status", "q", "search", "kind", "funded", "stage", "cost_line", "region", "role", "language", "sort")
MARK = "hostile-mark"
MARKUP = "<script>%s</script>" % MARK
VARIANTS = {
    "negative": {**dict.fromkeys(NUMBERS, "-1"), **dict.fromkeys(WORDS, MARKUP)},
    "zero": {**dict.fromkeys(NUMBERS, "0"), **dict.fromkeys(WORDS, "{{ csrf_token }}{%% debug %%}%s" % MARK)},
    "past the end": {**dict.fromkeys(NUMBERS, "999999"), **dict.fromkeys(WORDS, "\u202e\u200b%s\u200f" % MARK)},
    "twenty digits": {**dict.fromkeys(NUMBERS, "9" * 20), **dict.fromkeys(WORDS, "9" * 20)},
    "a digit int() refuses": {**dict.fromkeys(NUMBERS, "\u00b2"), **dict.fromkeys(WORDS, "\u00b2")},
    "five thousand digits": {**dict.fromkeys(NUMBERS, "9" * 5000), **dict.fromkeys(WORDS, "9" * 5000)},
    "last": {**dict.fromkeys(NUMBERS, "last"), **dict.fromkeys(WORDS, MARK + "\x1fcsrf-token-of-the-request\x1f")},
    "NUL": {**dict.fromkeys(NUMBERS, "1\x00"), **dict.fromkeys(WORDS, "\x00" + MARK + "\x1f")},
    "repeated": {**{name: ["1", "2"] for name in NUMBERS}, **{name: [MARK, "pending"] for name in WORDS}},
}


def _with_query(path: str, params: dict) -> str:
    return "%s%s%s" % (path, "&" if "?" in path else "?", urlencode(params, doseq=True))


@pytest.mark.parametrize("name", PAGES)
def test_a_crafted_query_string_is_never_a_server_error_nor_kept_for_another_address(rolled_back, name):  # noqa: F811 - the fixture
    path = rolled_back.path_of(name)
    failures: list[str] = []
    roles = [role for role in ROLES if MATRIX[name].get.get(role) == 200]
    for role in roles:
        client = _client(rolled_back, role)
        for variant, params in VARIANTS.items():
            response, error = _send(client, "get", _with_query(path, params), {})
            if error is not None or response.status_code >= 500:
                failures.append(f"{role} {name} [{variant}]: {error or response.status_code}")
            elif not response.streaming and MARKUP.encode() in response.content:
                failures.append(f"{role} {name} [{variant}]: the markup came back unescaped")
            elif not response.streaming and b"\x1f" in response.content:
                failures.append(f"{role} {name} [{variant}]: a kept fragment's placeholder was served")
    for role in roles:
        response = _client(rolled_back, role).get(path)
        if not response.streaming and (MARK.encode() in response.content or b"\x1f" in response.content):
            failures.append(f"{role} {name}: the plain page shows a crafted address's text or a placeholder")

    assert failures == [], "\n".join(failures)
