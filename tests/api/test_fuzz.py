"""Property-based fuzzing of the whole API from its own OpenAPI description (schemathesis).

Each operation of the description gets ``MAX_EXAMPLES`` generated requests (parameters and bodies
that fit the description), sent with a secretariat user's read-and-write token to the portal's WSGI
application, in the test's transaction. Every answer must be below 500, have a status code, a content
type and a body that the description declares. Derandomized: the same examples every run.
"""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .helpers import build_records, make_token

MAX_EXAMPLES = 15
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _description() -> dict:
    raw = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(json.dumps(raw, default=str))


schema = schemathesis.openapi.from_dict(_description())
schema.app = get_wsgi_application()


@pytest.fixture
def key(db):
    """Records of every kind, and the token; the requests run in the test's transaction, so the
    WSGI handler must not close the connection at the end of each one (as Django's test client does)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    records = build_records(1)
    yield make_token(records.secretariat)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_described(case, key):
    case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=CHECKS)
