"""Every state-changing route of the pages, read from the URL map, refuses a post without the form's CSRF token
(400, the page says why) and writes nothing, even when the one posting may use the route and fills it in."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from eventdesk.extensions import db
from eventdesk.models import Base
from tests.factories import PASSWORD, signed_in
from tests.route_walk import STATE_CHANGING, World, build_world, paths
from tests.rsvp_steps import csrf_token

# What a person would type into the forms: an answer, a door, a sign-in, a new guest, a signing.
FILLED_IN = {"answer": "decline", "door": "North door", "email": "organiser@eventdesk.test", "password": PASSWORD,
             "family_name_latin": "Visitor", "organisation": "Visiting Ltd", "mode": "in_person",
             "status": "withdrawn", "action": "withdraw", "code": "EDA"}


@pytest.fixture
def world(app: Flask) -> World:
    return build_world()


def everything() -> dict[str, list[Any]]:
    db.session.expire_all()
    return {table.name: sorted(map(repr, db.session.execute(select(table)).all()))
            for table in Base.metadata.sorted_tables}


def test_every_form_refuses_a_post_without_its_csrf_token_and_writes_nothing(app: Flask, world: World) -> None:
    forms = [(rule, method) for rule in app.url_map.iter_rules() for method in rule.methods & STATE_CHANGING
             if not rule.rule.startswith("/api/")]
    assert len(forms) > 20  # the walk found the forms
    before = everything()
    for rule, method in forms:
        # An organiser may use every page (the role matrix says so), a delegate's included.
        for path in paths(rule, world, "organiser"):
            answer = signed_in(app, world.staff["organiser"]).open(path, method=method, data=FILLED_IN)
            assert answer.status_code == 400, (method, path, answer.status_code)
            assert "not sent by this site" in answer.get_data(as_text=True), (method, path)
    assert everything() == before

    # The same filled-in form with its token does change things: the walk above posted real forms.
    delegate = app.test_client()
    page = delegate.get(f"/i/{world.values['token']}").get_data(as_text=True)
    answered = delegate.post(f"/i/{world.values['token']}", data={**FILLED_IN, "csrf_token": csrf_token(page)})
    assert answered.status_code == 303 and everything() != before
