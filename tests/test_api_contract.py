"""Every operation in the served OpenAPI document answers as the document says, whatever schemathesis sends.

The operations are read from the document itself, so each area added to the API is checked the same way.
(schemathesis.pytest.from_fixture would give one test per operation, but it reads `Function._nodeid`,
which pytest 9.2 no longer has; subtests give the same per-operation report.)
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings

from eventdesk.models import Staff
from tests.factories import bearer, make_event

DOCUMENT = "/api/v1/openapi.json"
SEEDED_SLUG = "ceremony"  # schemathesis cannot guess a slug; every {slug} route gets this real one
EXAMPLES_PER_MODE = 40


@pytest.fixture
def api_schema(app: Flask) -> schemathesis.BaseSchema:
    make_event(SEEDED_SLUG)
    schema = schemathesis.openapi.from_wsgi(DOCUMENT, app)
    # Every check but one: a schema-valid body may still break a rule the document cannot express (an unknown
    # timezone, an end before the start), and then a documented 4xx is the right answer.
    schema.config.checks.update(excluded_check_names=["positive_data_acceptance"])
    return schema


def documented_example(document: dict[str, Any], operation: schemathesis.APIOperation) -> Any:
    body = document["paths"][operation.path][operation.method.lower()].get("requestBody", {})
    return body.get("content", {}).get("application/json", {}).get("example")


def test_every_api_operation_answers_as_documented(app: Flask, api_schema: schemathesis.BaseSchema,
                                                   organiser: Staff, subtests: pytest.Subtests) -> None:
    # The WSGI client does not decompress: ask for bodies as they are (the offline bundle comes gzipped otherwise).
    headers = {**bearer(organiser), "Accept-Encoding": "identity"}
    document = app.test_client().get(DOCUMENT).get_json()
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {operation.label for operation in operations} >= {"GET /api/v1/events", "POST /api/v1/events",
                                                              "GET /api/v1/events/{slug}",
                                                              "PATCH /api/v1/events/{slug}"}
    for operation in operations:
        path_parameters = {"slug": SEEDED_SLUG} if "{slug}" in operation.path else None
        example = documented_example(document, operation)
        if example is not None:
            with subtests.test(msg=f"{operation.label} (documented example, twice)"):
                for _ in range(2):  # the second POST meets the slug the first one took
                    operation.Case(body=example, headers=headers, path_parameters=path_parameters,
                                   media_type="application/json").call_and_validate()

        # With the token and slug fixed, only a body or a query string is left to get wrong.
        takes_input = bool(operation.body or operation.query)
        modes = list(schemathesis.GenerationMode) if takes_input else [schemathesis.GenerationMode.POSITIVE]
        for mode in modes:
            with subtests.test(msg=f"{operation.label} ({mode.value} data)"):
                cases = operation.as_strategy(mode, headers=headers, path_parameters=path_parameters)

                @settings(max_examples=EXAMPLES_PER_MODE, deadline=None, database=None,
                          suppress_health_check=list(HealthCheck))
                @given(case=cases)
                def answers_as_documented(case: schemathesis.Case) -> None:
                    case.call_and_validate()

                answers_as_documented()
