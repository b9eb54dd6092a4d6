"""Organisers limit a door or clerk account to some events: on every other event it works as if the event did not
exist, on the web pages and the API alike; unlimited accounts keep working everywhere."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from eventdesk.badges import service as badges
from eventdesk.events import service as events
from eventdesk.extensions import db
from eventdesk.models import AuditEntry, CheckIn, Staff
from eventdesk.staff import service as staff_service
from tests.factories import PASSWORD, bearer, make_event, make_invitation, make_staff, signed_in
from tests.signing_factories import csrf, make_agreement


@pytest.fixture
def two_events(app: Flask) -> None:
    make_event("tokyo", title="Tokyo signing", titles={})
    make_event("osaka", title="Osaka signing", titles={})


def limited(role: str, *slugs: str) -> Staff:
    return staff_service.create(f"{role}-{'-'.join(slugs)}@eventdesk.test", role, password=PASSWORD,
                                event_slugs=slugs)


def test_a_door_account_limited_to_one_event_finds_no_other_event(app: Flask, two_events) -> None:
    door = signed_in(app, limited("door", "tokyo"))
    assert door.get("/events/tokyo/door/choose").status_code == 200
    elsewhere = door.get("/events/osaka/door/choose")
    nowhere = door.get("/events/nowhere/door/choose")
    assert elsewhere.status_code == nowhere.status_code == 404
    assert b"Osaka" not in elsewhere.data
    scan = door.post("/events/osaka/door/scan", json={"code": "X", "door": "North"},
                     headers={"X-CSRFToken": csrf(door)})
    assert scan.status_code == 404 and db.session.scalars(select(CheckIn)).all() == []


def test_the_staff_home_lists_only_the_events_of_a_limited_account(app: Flask, two_events) -> None:
    home = signed_in(app, limited("door", "osaka")).get("/").get_data(as_text=True)
    assert "Osaka signing" in home and "Tokyo signing" not in home
    everywhere = signed_in(app, make_staff("door")).get("/").get_data(as_text=True)
    assert "Osaka signing" in everywhere and "Tokyo signing" in everywhere


def test_a_limited_clerk_token_signs_at_its_event_and_finds_no_other(client: FlaskClient, two_events) -> None:
    for slug in ("tokyo", "osaka"):
        make_agreement(events.get(slug), "CJ-01")
    clerk = bearer(limited("clerk", "tokyo"))
    own = client.post("/api/v1/events/tokyo/agreements/CJ-01/sign", json={"mode": "in_person"}, headers=clerk)
    assert own.status_code == 200, own.get_json()
    other = client.post("/api/v1/events/osaka/agreements/CJ-01/sign", json={"mode": "in_person"}, headers=clerk)
    unknown = client.post("/api/v1/events/nowhere/agreements/CJ-01/sign", json={"mode": "in_person"},
                          headers=clerk)
    assert other.status_code == unknown.status_code == 404
    assert other.get_json() == {"error": {"code": "not_found", "message": "no event with slug 'osaka'"}}
    assert client.get("/api/v1/events/osaka", headers=clerk).status_code == 404
    assert client.get("/api/v1/events/tokyo", headers=clerk).status_code == 200


def test_a_limited_door_token_scans_only_at_its_event(client: FlaskClient, two_events) -> None:
    osaka = events.get("osaka")
    code = badges.code_for(badges.issue(make_invitation(osaka, status="accepted", mode="in_person")))
    door = bearer(limited("door", "tokyo"))
    refused = client.post("/api/v1/events/osaka/checkins", json={"code": code, "door": "North"}, headers=door)
    assert refused.status_code == 404 and refused.get_json()["error"]["code"] == "not_found"
    assert db.session.scalars(select(CheckIn)).all() == []
    staff_service.limit(staff_service.find("door-tokyo@eventdesk.test"), ["tokyo", "osaka"])
    with_osaka = bearer(staff_service.find("door-tokyo@eventdesk.test"))  # a new token: nothing remembered yet
    answer = client.post("/api/v1/events/osaka/checkins", json={"code": code, "door": "North"}, headers=with_osaka)
    assert answer.get_json()["result"] == "admitted"


def test_users_create_and_limit_on_the_command_line(app: Flask, runner, two_events) -> None:
    created = runner.invoke(args=["users", "create", "gate@eventdesk.test", "--role", "door", "--event", "tokyo",
                                  "--event", "osaka", "--password-stdin"], input="a long door password\n")
    assert created.exit_code == 0, created.output
    assert "limited to osaka, tokyo" in created.output  # same day: in order of their slugs
    gate = staff_service.find("gate@eventdesk.test")
    assert {e.slug for e in gate.events} == {"tokyo", "osaka"}

    narrowed = runner.invoke(args=["users", "limit", "gate@eventdesk.test", "osaka"])
    assert narrowed.exit_code == 0, narrowed.output
    assert staff_service.event_limits(gate.id) == {"osaka"}
    listed = runner.invoke(args=["users", "list"]).output
    assert "gate@eventdesk.test\tdoor\tactive\tosaka" in listed

    lifted = runner.invoke(args=["users", "limit", "gate@eventdesk.test", "--all-events"])
    assert lifted.exit_code == 0 and "on every event" in lifted.output
    assert staff_service.event_limits(gate.id) == frozenset()
    assert "gate@eventdesk.test\tdoor\tactive\t*" in runner.invoke(args=["users", "list"]).output
    changes = [e.changes["events"] for e in db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "staff.limit").order_by(AuditEntry.id))]
    assert changes == [[["osaka", "tokyo"], ["osaka"]], [["osaka"], []]]


def test_limits_refused_on_the_command_line_write_nothing(app: Flask, runner, two_events) -> None:
    unknown = runner.invoke(args=["users", "create", "gate@eventdesk.test", "--role", "door", "--event", "nowhere",
                                  "--password-stdin"], input="a long door password\n")
    assert unknown.exit_code == 1 and "nowhere" in unknown.output
    organiser = runner.invoke(args=["users", "create", "boss@eventdesk.test", "--role", "organiser", "--event",
                                    "tokyo", "--password-stdin"], input="a long boss password\n")
    assert organiser.exit_code == 1 and "organiser accounts work on every event" in organiser.output
    assert db.session.scalars(select(Staff)).all() == []

    door = make_staff("door", "door@eventdesk.test")
    assert runner.invoke(args=["users", "limit", "door@eventdesk.test", "tokyo", "nowhere"]).exit_code == 1
    assert runner.invoke(args=["users", "limit", "door@eventdesk.test"]).exit_code == 2
    assert runner.invoke(args=["users", "limit", "door@eventdesk.test", "tokyo", "--all-events"]).exit_code == 2
    assert runner.invoke(args=["users", "limit", "nobody@eventdesk.test", "tokyo"]).exit_code == 1
    assert staff_service.event_limits(door.id) == frozenset()


def test_organisers_see_every_account_with_its_events(app: Flask, organiser_client: FlaskClient,
                                                      two_events) -> None:
    limited("clerk", "osaka")
    page = organiser_client.get("/staff?lang=ja").get_data(as_text=True)
    assert "clerk-osaka@eventdesk.test" in page and "Osaka signing" in page
    assert "すべてのイベント" in page  # the organiser's own account works on every event
    assert signed_in(app, limited("door", "tokyo")).get("/staff").status_code == 403
