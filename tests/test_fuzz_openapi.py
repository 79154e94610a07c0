"""schemathesis over the app's own OpenAPI document, with all its checks.

Each operation of GET /api/v1/openapi.json gets requests that fit its schema
(positive) and requests that break it (negative), sent in-process to the WSGI app
with an admin token, and every check schemathesis has runs on each answer (as
`--checks all`): no server error, valid data accepted, invalid data refused, status
codes, content types, headers and bodies as documented. Runs are derandomized, so CI
sees the same examples every time.
"""

import datetime

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import CHECKS
from schemathesis.generation import GenerationMode

from backend import create_app
from backend.api import openapi

# The document's own formats (backend/models/): schemathesis cannot make them up from
# their names, and, as it should, generates no values outside them.
SHOP_DOMAIN = st.from_regex(r"\A[a-z][a-z0-9-]{0,12}[a-z0-9]\.(com|org|example|co\.uk)\Z")
schemathesis.openapi.format("shop-domain", SHOP_DOMAIN)
schemathesis.openapi.format("http-url", st.builds(
    lambda scheme, domain, path: f"{scheme}://{domain}{path}", st.sampled_from(["http", "https"]),
    SHOP_DOMAIN, st.from_regex(r"\A(/[A-Za-z0-9._~-]{0,12}){0,3}\Z")))
schemathesis.openapi.format("re2-pattern", st.from_regex(
    r"\A[a-z]{1,12}( [a-z]{1,12}){0,2}(\\s\+[a-z]{1,8})?\Z"))
# Takedown dates: no later than tomorrow (UTC) is the rule; these are all in the past.
schemathesis.openapi.format("past-date", st.dates(
    datetime.date(2000, 1, 1), datetime.date(2025, 12, 31)).map(datetime.date.isoformat))


def _document() -> dict:
    app = create_app({"TESTING": True, "DATABASE": ":memory:", "AUTO_INIT_DB": False,
                      "COMPILE_AT_START": False})
    with app.app_context():
        return openapi.document()


DOCUMENT = _document()
SCHEMA = schemathesis.openapi.from_dict(DOCUMENT)
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
SETTINGS = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))
ALL_CHECKS = CHECKS.get_all()


@pytest.fixture
def fuzz_app(app):
    """The app with rate limits out of the way, so every example reaches the handlers."""
    app.config.update(REPORTS_RATE_LIMIT="100000 per minute", CHECK_RATE_LIMIT="100000 per minute")
    SCHEMA.app = app  # checks that send more requests (ignored_auth, ...) send them here too
    yield app
    SCHEMA.app = None


def test_the_served_document_is_the_one_fuzzed(client):
    assert client.get("/api/v1/openapi.json").get_json() == DOCUMENT
    assert len(OPERATIONS) >= 25


def test_every_check_runs():
    names = {check.__name__ for check in ALL_CHECKS}
    assert {"not_a_server_error", "status_code_conformance", "content_type_conformance",
            "response_schema_conformance", "response_headers_conformance",
            "positive_data_acceptance", "negative_data_rejection", "missing_required_header",
            "unsupported_method", "ignored_auth"} <= names


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
def test_operation_answers_as_documented(fuzz_app, admin, operation, mode):
    @SETTINGS
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        # The WSGI transport does not undo Content-Encoding: ask for the plain bodies.
        # The admin token stands in for the generated one; a case that leaves the token
        # out (to see it refused) is sent without.
        token = admin if "Authorization" in (case.headers or {}) else {}
        headers = {**token, "Accept-Encoding": "identity"}
        response = case.call(app=fuzz_app, headers=headers)
        case.validate_response(response, checks=ALL_CHECKS, headers=headers,
                               transport_kwargs={"app": fuzz_app})
        if response.status_code >= 400:
            body = response.json()
            assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body

    run()
