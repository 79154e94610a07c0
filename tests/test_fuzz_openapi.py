"""schemathesis over the app's own OpenAPI document: no operation answers a server error.

Each operation of GET /api/v1/openapi.json gets requests that fit its schema
(positive) and requests that break it (negative), sent in-process to the WSGI app
with an admin token. Runs are derandomized, so CI sees the same examples every time.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode

from backend.api import openapi

SCHEMA = schemathesis.openapi.from_dict(openapi.document())
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
SETTINGS = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))


@pytest.fixture
def fuzz_app(app):
    """The app with rate limits out of the way, so every example reaches the handlers."""
    app.config.update(REPORTS_RATE_LIMIT="100000 per minute", CHECK_RATE_LIMIT="100000 per minute")
    return app


def test_the_served_document_is_the_one_fuzzed(client):
    assert client.get("/api/v1/openapi.json").get_json() == openapi.document()
    assert len(OPERATIONS) >= 25


def _can_be_broken(operation) -> bool:
    """Whether some input of the operation has a schema a request can violate."""
    # A path parameter that is any string ("/reports/{id}") admits every value.
    constrained_path = [parameter for parameter in operation.path_parameters
                        if parameter.definition["schema"] != {"type": "string"}]
    parameters = [*operation.query, *operation.headers, *constrained_path]
    return bool(parameters) or bool(len(operation.body))


# Negative cases need something to break: other operations get positive ones only.
RUNS = [(operation, mode) for operation in OPERATIONS
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        if mode == GenerationMode.POSITIVE or _can_be_broken(operation)]


@pytest.mark.parametrize("operation, mode", RUNS, ids=[f"{o.label}-{m.value}" for o, m in RUNS])
def test_operation_is_never_a_server_error(fuzz_app, admin, operation, mode):
    @SETTINGS
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        response = case.call(app=fuzz_app, headers=admin)
        case.validate_response(response, checks=[not_a_server_error])
        if response.status_code >= 400:
            body = response.json()
            assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body

    run()
