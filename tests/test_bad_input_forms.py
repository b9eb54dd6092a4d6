"""Every form of the site, read from the URL map, posted with its valid CSRF token by someone who may use it and
filled with anything (control characters, NUL, other scripts, huge values, wrong choices, files that are no
files): never a server error, and a form refused with 400 has written nothing."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.bad_input import awkward_text, cells, counts, without
from tests.factories import signed_in
from tests.route_walk import STATE_CHANGING, World, build_world, paths

FIELD = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"')
TOKEN = re.compile(r'name="csrf_token"[^>]*\bvalue="([^"]+)"')
# Values that reach deeper than random text: the choices forms offer, numbers, dates, addresses.
LIKELY = ["in_person", "online", "decline", "accepted", "withdrawn", "withdraw", "invite", "resend", "role", "vip",
          "ja", "zh", "en", "CN", "JP", "1", "0", "-1", "99999999999999999999", "2027-03-15T09:30", "1e309",
          "organiser@eventdesk.test", "North door", "postpone", "reopen", "up", "down", "1,250,000.00", "JPY"]
values = st.one_of(cells, awkward_text, st.sampled_from(LIKELY))
# Tables a refused post may write by design: the throttle that slows guessing passwords and links.
THROTTLES = ("throttle_hits",)
VISITORS = ("rsvp.invitation", "rsvp.register", "auth.login")  # forms posted by someone without an account


@pytest.fixture
def world(app: Flask) -> World:
    return build_world()


def field_names(client: FlaskClient, page: str) -> set[str]:
    html = client.get(page).get_data(as_text=True)
    return set(FIELD.findall(html)) - {"csrf_token"}


def poster(app: Flask, world: World, rule: Any) -> FlaskClient:
    """A delegate's page and sign-in are posted by a visitor; every staff page by an organiser (who may use them
    all, as the role matrix says)."""
    if rule.endpoint in VISITORS:
        return app.test_client()
    return signed_in(app, world.staff["organiser"])


def test_every_form_filled_with_anything_answers_without_a_server_error(app: Flask, world: World) -> None:
    forms = [(rule, method) for rule in app.url_map.iter_rules() for method in sorted(rule.methods & STATE_CHANGING)
             if not rule.rule.startswith("/api/") and rule.endpoint != "auth.logout"]
    assert len(forms) > 20
    per_form = max(5, settings.default.max_examples // 5)
    for rule, method in forms:
        for path in paths(rule, world, "organiser"):
            client = poster(app, world, rule)
            anonymous = rule.endpoint in VISITORS
            token = TOKEN.search(client.get("/login" if anonymous else "/", follow_redirects=True)
                                 .get_data(as_text=True)).group(1)
            known = field_names(client, path) if "GET" in rule.methods else set()
            names = st.sampled_from(sorted(known | {"file", "upload", "answer", "email", "door", "ids", "action"}))

            fuzz(client, method, path, token, names, per_form)


def fuzz(client: FlaskClient, method: str, path: str, token: str, names: st.SearchStrategy[str],
         examples: int) -> None:
    @settings(max_examples=examples)
    @given(form=st.dictionaries(names, st.one_of(values, st.lists(values, max_size=3)), max_size=8),
           file=st.one_of(st.none(), st.binary(max_size=2000)))
    def check(form: dict[str, Any], file: bytes | None) -> None:
        data: dict[str, Any] = {**form, "csrf_token": token}
        if file is not None:
            data["file"] = (io.BytesIO(file), "upload.csv")
        before = counts()
        answer = client.open(path, method=method, data=data, content_type="multipart/form-data")
        assert answer.status_code < 500, (method, path, form, answer.get_data(as_text=True)[:500])
        if answer.status_code == 400:
            assert without(counts(), *THROTTLES) == without(before, *THROTTLES), (method, path, form)

    check()
