"""Generated requests against every API operation: none gets a 5xx answer.

Schemathesis reads the OpenAPI document from the WSGI application
in-process and generates, for each operation, valid and invalid requests,
sent with a valid bearer token. Operations on one record are sent a second
time to a record that exists, so their bodies reach the services, not only
the 404.

The operations are listed from the API object at collection, one test each;
schemathesis's own pytest plugin is not used (it fails on pytest 9).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
import schemathesis
from django.contrib.auth.models import User
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.schemas import OpenApiSchema

from sabt.api.main import api
from sabt.records.models import Incident
from tests.factories import make_incident

if TYPE_CHECKING:
    # A type alias schemathesis declares for type checkers only.
    from schemathesis.specs.openapi.schemas import OpenApiCase

# Generated requests per operation, valid or not at random: about twenty
# seconds for the whole API.
EXAMPLES_PER_OPERATION = 25

OPERATIONS = [
    (method.upper(), path)
    for path, operations in api.get_openapi_schema(path_prefix="/api/")["paths"].items()
    for method in operations
]


@pytest.fixture
def _in_process_requests() -> Iterator[None]:
    """Keep the test's database connection across requests, like Django's client.

    The WSGI handler closes connections when a request ends; inside the
    test's transaction that would break every later query.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(db: None, _in_process_requests: None) -> OpenApiSchema:
    from sabt.wsgi import application  # noqa: PLC0415  (Django is set up by now)

    return schemathesis.openapi.from_wsgi("/api/schema", application)


@pytest.fixture
def known_incident(investigator: User) -> Incident:
    return make_incident(investigator)


@pytest.mark.parametrize(
    ("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS]
)
def test_no_generated_request_gets_a_server_error(
    api_schema: OpenApiSchema,
    token: str,
    known_incident: Incident,
    method: str,
    path: str,
) -> None:
    operation = api_schema[path][method]
    headers = {"Authorization": f"Bearer {token}"}
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )

    @given(case=cases)
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        # Requests through the whole stack are slow and their data large by
        # design; a failure is reported with its curl command, not replayed
        # from a local example database.
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def send(case: OpenApiCase) -> None:
        response = case.call(headers=headers)
        case.validate_response(response, checks=[not_a_server_error])
        if "record" in (case.path_parameters or {}):
            case.path_parameters["record"] = known_incident.record
            response = case.call(headers=headers)
            case.validate_response(response, checks=[not_a_server_error])

    send()
