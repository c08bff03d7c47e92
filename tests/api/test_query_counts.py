"""Every list of the API costs the same number of queries for 1 row and for 30 (one build of the records
per row count: every endpoint is measured on it)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .helpers import build_records, make_token

# (whose token, or None, path): queries, whatever the number of rows.
EXPECTED = {
    (None, "/api/v1/years/"): 2,
    (None, "/api/v1/workshops/"): 2,
    (None, "/api/v1/documents/"): 1,
    (None, "/api/v1/council-sessions/"): 3,
    (None, "/api/v1/speakers/"): 1,
    (None, "/api/v1/consultations/"): 2,
    (None, "/api/v1/workshops/{slug}/agenda/"): 3,
    ("secretariat", "/api/v1/registrations/"): 3,
    ("focal_point", "/api/v1/registrations/"): 3,
    ("delegate", "/api/v1/registrations/"): 3,
    ("focal_point", "/api/v1/delegation/"): 3,
    ("delegate", "/api/v1/my-documents/"): 3,
    ("secretariat", "/api/v1/contributions/"): 3,
    ("donor_contact", "/api/v1/contributions/"): 3,
    ("secretariat", "/api/v1/payments/"): 3,
    ("secretariat", "/api/v1/workshops/{slug}/attendance/"): 4,  # and the workshop
    ("donor_contact", "/api/v1/payments/"): 3,
    ("secretariat", "/api/v1/document-jobs/"): 3,
    ("donor_contact", "/api/v1/funded-workshops/"): 13,  # the donor portal's figures, computed once and kept
}


@pytest.fixture(autouse=True)
def _memory_cache(settings):
    """The cache in this process's memory: the counts are the API's own queries, not the database
    cache's (the donor's funded workshops are kept, funding/cache.py)."""
    from django.core.cache import cache

    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


@pytest.mark.parametrize("rows", [1, 30])
def test_every_list_costs_the_same_for_1_and_30_rows(api, db, no_throttle, rows):
    records = build_records(rows)
    keys = {role: make_token(getattr(records, role)) for role in {role for role, _path in EXPECTED if role}}
    counts, sizes = {}, {}

    for role, path in EXPECTED:
        with CaptureQueriesContext(connection) as queries:
            response = api.get(path.format(slug=records.workshop.slug), keys.get(role), page_size=100)
        assert response.status_code == 200, (role, path)
        body = response.json()
        counts[role, path] = len(queries)
        sizes[role, path] = len(body["results"] if isinstance(body, dict) else body)

    assert counts == EXPECTED
    assert sizes == {key: sized(rows) for key, sized in SIZES.items()}


# (whose token, or None, path): how many results for the rows built (build_records).
SIZES = {
    (None, "/api/v1/years/"): lambda rows: rows,
    (None, "/api/v1/workshops/"): lambda rows: rows,
    (None, "/api/v1/documents/"): lambda rows: rows,
    (None, "/api/v1/council-sessions/"): lambda rows: rows,
    (None, "/api/v1/speakers/"): lambda rows: 3 * rows - 1,  # a panellist and a speaker a row, n - 1 more on the agenda
    (None, "/api/v1/consultations/"): lambda rows: rows,
    (None, "/api/v1/workshops/{slug}/agenda/"): lambda rows: rows,
    ("secretariat", "/api/v1/registrations/"): lambda rows: 2 * rows,
    ("focal_point", "/api/v1/registrations/"): lambda rows: 2 * rows,
    ("delegate", "/api/v1/registrations/"): lambda rows: rows,
    ("focal_point", "/api/v1/delegation/"): lambda rows: rows + 2,
    ("delegate", "/api/v1/my-documents/"): lambda rows: rows,
    ("secretariat", "/api/v1/contributions/"): lambda rows: rows,
    ("donor_contact", "/api/v1/contributions/"): lambda rows: rows,
    ("secretariat", "/api/v1/payments/"): lambda rows: rows,
    ("secretariat", "/api/v1/workshops/{slug}/attendance/"): lambda rows: rows,
    ("donor_contact", "/api/v1/payments/"): lambda rows: rows,
    ("secretariat", "/api/v1/document-jobs/"): lambda rows: rows,
    ("donor_contact", "/api/v1/funded-workshops/"): lambda rows: rows,
}
