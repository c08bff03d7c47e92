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
    ("donor_contact", "/api/v1/funded-workshops/"): 13,
}


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
    assert {key: size >= 1 for key, size in sizes.items()} == {key: True for key in EXPECTED}
    assert sizes[None, "/api/v1/workshops/"] == rows
    assert sizes["secretariat", "/api/v1/registrations/"] == 2 * rows
    assert sizes["donor_contact", "/api/v1/contributions/"] == rows
    assert sizes["secretariat", "/api/v1/workshops/{slug}/attendance/"] == rows
