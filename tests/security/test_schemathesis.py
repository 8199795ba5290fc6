"""The query API against its own OpenAPI description (/openapi.json), with schemathesis:
whatever values the description lets it generate, and values that break it, the server
never fails (5xx) and every refusal is JSON that says what is wrong.

Checked: no server error, the documented media types, responses that match the
documented schemas, and a message (and the parameter's name) on every 4xx, for GET with
the parameters in the query string and POST with them in a form. Not checked here: that
values outside the description's patterns are refused and values inside them accepted
(a concept or report part is checked against the graph, which a pattern cannot express).
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)
from security_support import serve


@pytest.fixture(scope="session")
def api_schema(make_app):
    with serve(make_app()) as base:
        yield schemathesis.openapi.from_url(f"{base}/openapi.json")


def a_refusal_says_why(ctx, response, case) -> None:
    """A 4xx is JSON with the status, a message, and the parameter when it is one."""
    if 400 <= response.status_code < 500:
        document = response.json()
        assert document["status"] == response.status_code
        assert document["error"].strip(), "a refusal without a message"
        if response.status_code == 400 and "parameter" in document:
            sent = {**(case.query or {}), **(case.body if isinstance(case.body, dict) else {})}
            assert document["parameter"] in sent, document


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_query_api_never_fails_and_says_what_is_wrong(case):
    case.call_and_validate(checks=[not_a_server_error, content_type_conformance,
                                   response_schema_conformance, a_refusal_says_why])
