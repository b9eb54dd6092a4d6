"""Every API route that takes a body, read from the URL map, sent anything a client could send (any JSON value, text
that is no JSON, control characters, NUL, lone surrogates, huge numbers, deep nesting): never a server error,
every refusal in the JSON error shape, and a refused request writes nothing. (tests/test_api_contract.py sends
what the OpenAPI document describes; this sends what it does not.)"""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from eventdesk.models import Staff
from tests.bad_input import awkward_text, counts, json_values
from tests.factories import bearer
from tests.route_walk import STATE_CHANGING, World, build_world, paths

FIELDS = ["code", "door", "scan_id", "scanned_at", "offline_result", "mode", "signed_at", "slug", "title", "titles",
          "timezone", "starts_at", "ends_at", "rsvp_deadline", "venue", "venue_address", "online_url", "latitude",
          "longitude", "capacity"]
LIKELY = ["2027-03-15T09:30", "2027-03-15T09:30:00+08:00", "2027-03-31T02:30", "Asia/Shanghai", "Europe/London",
          "in_person", "remote", "ceremony", "new-event", 1e308, -1, 0, 2**63, "admitted"]
bodies = st.one_of(
    st.dictionaries(st.sampled_from(FIELDS), st.one_of(json_values, st.sampled_from(LIKELY), awkward_text),
                    max_size=8),
    json_values)
raw = st.one_of(bodies.map(json.dumps),  # json.dumps escapes lone surrogates as \\udxxx: valid JSON, bad text
                st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
                st.integers(1, 2000).map(lambda n: "[" * n + "]" * n), st.just("1" * 5000))


@pytest.fixture
def world(app: Flask) -> World:
    return build_world()


def test_every_api_body_gets_an_answer_in_the_json_shape_and_a_refusal_writes_nothing(app: Flask,
                                                                                       world: World) -> None:
    routes = [(rule, method) for rule in app.url_map.iter_rules() for method in sorted(rule.methods & STATE_CHANGING)
              if rule.rule.startswith("/api/")]
    assert len(routes) >= 4
    organiser: Staff = world.staff["organiser"]  # type: ignore[assignment]
    headers = {**bearer(organiser), "Content-Type": "application/json"}
    for rule, method in routes:
        for path in paths(rule, world, "organiser"):
            send_anything(app, method, path, headers)


def send_anything(app: Flask, method: str, path: str, headers: dict[str, str]) -> None:
    client = app.test_client()

    @settings(max_examples=max(10, settings.default.max_examples // 2))
    @given(body=raw)
    def check(body: str) -> None:
        before = counts()
        answer = client.open(path, method=method, data=body.encode("utf-8", "surrogatepass"), headers=headers)
        assert answer.status_code < 500, (method, path, body[:200], answer.get_data(as_text=True)[:300])
        if answer.status_code >= 400:
            error: dict[str, Any] = answer.get_json()["error"]
            assert error["code"] and error["message"]
            assert counts() == before, (method, path, body[:200])

    check()
