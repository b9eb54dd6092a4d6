"""Staff scripts and devices manage events through /api/v1 with a bearer token."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from eventdesk.extensions import db
from eventdesk.models import CheckIn, Event, ScanResult, Staff
from eventdesk.staff import service as staff_service
from tests.factories import bearer, make_event, make_invitation, make_staff

EVENTS = "/api/v1/events"
NEW_EVENT = {"slug": "tokyo-forum", "title": "日中経済フォーラム", "timezone": "Asia/Tokyo",
             "starts_at": "2026-06-01T10:00:00", "ends_at": "2026-06-01T16:30:00",
             "venue": "東京国際フォーラム", "capacity": 250, "rsvp_deadline": "2026-05-29T18:00:00+09:00"}


def assert_error(response, status: int | None = None, code: str | None = None) -> dict:
    """The API's error shape, with a fitting status: never a page, never a 500."""
    if status is None:
        assert 400 <= response.status_code < 500, response.get_data(as_text=True)
    else:
        assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert isinstance(error["message"], str) and error["message"]
    if code is not None:
        assert error["code"] == code
    return error


def event_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Event))


def test_organiser_creates_lists_reads_and_changes_an_event(client: FlaskClient, organiser: Staff) -> None:
    token = bearer(organiser)

    created = client.post(EVENTS, json=NEW_EVENT, headers=token)
    assert created.status_code == 201, created.get_data(as_text=True)
    event = created.get_json()
    assert event["slug"] == "tokyo-forum" and event["title"] == "日中経済フォーラム"
    # Offset-less times are local to the event's timezone and come back with its offset.
    assert event["starts_at"] == "2026-06-01T10:00:00+09:00"
    assert event["ends_at"] == "2026-06-01T16:30:00+09:00"
    assert event["rsvp_deadline"] == "2026-05-29T18:00:00+09:00"
    assert event["capacity"] == 250 and event["venue"] == "東京国際フォーラム"

    listed = client.get(EVENTS, headers=token)
    assert listed.status_code == 200
    assert [item["slug"] for item in listed.get_json()["items"]] == ["tokyo-forum"]

    read = client.get(f"{EVENTS}/tokyo-forum", headers=token)
    assert read.status_code == 200 and read.get_json() == event

    changed = client.patch(f"{EVENTS}/tokyo-forum", json={"title": "日中経済フォーラム 2026", "capacity": None},
                           headers=token)
    assert changed.status_code == 200
    assert changed.get_json()["title"] == "日中経済フォーラム 2026" and changed.get_json()["capacity"] is None
    assert db.session.scalar(select(Event.title).where(Event.slug == "tokyo-forum")) == "日中経済フォーラム 2026"


def test_creating_an_event_with_a_slug_in_use_answers_409(client: FlaskClient, organiser: Staff) -> None:
    make_event("tokyo-forum")
    assert_error(client.post(EVENTS, json=NEW_EVENT, headers=bearer(organiser)), 409, "slug_taken")
    assert event_count() == 1


def test_reading_an_event_shows_its_counts(client: FlaskClient) -> None:
    event = make_event()
    for status, mode in [("accepted", "in_person"), ("accepted", "in_person"), ("accepted", "online"),
                         ("declined", None), ("waiting", "in_person"), ("invited", None), ("withdrawn", None)]:
        make_invitation(event, status=status, mode=mode)
    guest = event.invitations.filter_by(mode="in_person").first()
    db.session.add(CheckIn(event_id=event.id, invitation_id=guest.id, result=ScanResult.ADMITTED))
    db.session.commit()

    door = make_staff("door")
    read = client.get(f"{EVENTS}/ceremony", headers=bearer(door))  # door staff look events up too
    assert read.status_code == 200
    assert read.get_json()["counts"] == {"invited": 6, "in_person": 2, "online": 1, "declined": 1, "waiting": 1,
                                         "no_answer": 1, "admitted": 1}


def test_moving_the_start_raises_the_schedule_sequence(client: FlaskClient, organiser: Staff) -> None:
    start = datetime(2026, 6, 1, 1, 30, tzinfo=UTC)  # 09:30 in Chengdu
    event = make_event(starts_at=start, ends_at=start + timedelta(hours=6))
    token = bearer(organiser)

    moved = client.patch(f"{EVENTS}/ceremony", json={"starts_at": "2026-06-01T08:00:00"}, headers=token)
    assert moved.status_code == 200, moved.get_data(as_text=True)
    assert moved.get_json()["starts_at"] == "2026-06-01T08:00:00+08:00"
    assert moved.get_json()["schedule_sequence"] == 1

    retitled = client.patch(f"{EVENTS}/ceremony", json={"title": "New title"}, headers=token)
    assert retitled.get_json()["schedule_sequence"] == 1  # calendars need no update for a new title
    db.session.refresh(event)
    assert event.schedule_sequence == 1 and event.starts_at == datetime(2026, 6, 1, 0, 0, tzinfo=UTC)


def test_an_unknown_timezone_is_refused_with_the_field_named(client: FlaskClient, organiser: Staff) -> None:
    answer = client.post(EVENTS, json={**NEW_EVENT, "timezone": "Mars/Olympus_Mons"}, headers=bearer(organiser))
    error = assert_error(answer, 422, "invalid_input")
    assert "timezone" in error["fields"]
    assert event_count() == 0


def test_an_event_ending_before_it_starts_is_refused_and_nothing_changes(client: FlaskClient,
                                                                         organiser: Staff) -> None:
    make_event()
    token = bearer(organiser)
    before = client.get(f"{EVENTS}/ceremony", headers=token).get_json()

    error = assert_error(client.patch(f"{EVENTS}/ceremony", json={"ends_at": "2001-01-01T00:00:00Z",
                                                                   "venue": "Elsewhere"}, headers=token),
                         400, "invalid_time")
    assert error["fields"] == {"ends_at": [error["message"]]}
    assert client.get(f"{EVENTS}/ceremony", headers=token).get_json() == before
    assert_error(client.post(EVENTS, json={**NEW_EVENT, "ends_at": NEW_EVENT["starts_at"]}, headers=token),
                 400, "invalid_time")


@pytest.mark.parametrize("role", ["door", "clerk"])
@pytest.mark.parametrize(("method", "path", "body"), [
    ("get", EVENTS, None),
    ("post", EVENTS, NEW_EVENT),
    ("patch", f"{EVENTS}/ceremony", {"title": "Not theirs to change"}),
])
def test_door_and_clerk_tokens_are_refused_on_organiser_routes(client: FlaskClient, role: str, method: str,
                                                               path: str, body: dict | None) -> None:
    make_event()
    answer = getattr(client, method)(path, json=body, headers=bearer(make_staff(role)))
    assert_error(answer, 403, "forbidden")
    assert db.session.scalar(select(Event.title)) != "Not theirs to change"
    assert event_count() == 1


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer "}, {"Authorization": "Basic b3JnOnB3"},
                                     {"Authorization": "Bearer edk_not-a-real-token"}])
def test_calls_without_a_valid_token_answer_401(client: FlaskClient, headers: dict) -> None:
    make_event()
    answer = client.get(f"{EVENTS}/ceremony", headers=headers)
    assert_error(answer, 401, "unauthorized")
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    assert_error(client.post(EVENTS, json=NEW_EVENT, headers=headers), 401, "unauthorized")
    assert event_count() == 1


def test_a_revoked_token_or_inactive_account_answers_401(client: FlaskClient, organiser: Staff) -> None:
    make_event()
    old = bearer(organiser)
    staff_service.issue_token(organiser, revoke_others=True)
    assert_error(client.get(EVENTS, headers=old), 401, "unauthorized")
    current = bearer(organiser)
    organiser.active = False
    db.session.commit()
    assert_error(client.get(EVENTS, headers=current), 401, "unauthorized")


def test_a_signed_in_browser_session_alone_does_not_authorise_the_api(organiser_client: FlaskClient) -> None:
    make_event()
    assert organiser_client.get("/").status_code == 200  # the cookie does sign the browser in
    assert_error(organiser_client.get(EVENTS), 401, "unauthorized")
    assert_error(organiser_client.post(EVENTS, json=NEW_EVENT), 401, "unauthorized")
    assert event_count() == 1


def test_an_api_call_from_a_signed_in_browser_leaves_its_session_alone(organiser_client: FlaskClient,
                                                                       organiser: Staff) -> None:
    make_event()
    answer = organiser_client.post(f"{EVENTS}?lang=ja", json={}, headers=bearer(organiser))
    assert answer.status_code == 422 and "Set-Cookie" not in answer.headers
    page = organiser_client.get("/")  # still signed in, and the page's language is not the API call's
    assert page.status_code == 200 and '<html lang="en"' in page.text


@pytest.mark.parametrize("with_token", [False, True])
def test_an_unknown_api_route_answers_404_in_the_json_shape(client: FlaskClient, organiser: Staff,
                                                            with_token: bool) -> None:
    headers = bearer(organiser) if with_token else {}
    for path in ("/api/v1/nothing-here", f"{EVENTS}/Not_A_Slug", f"{EVENTS}/ceremony/nothing", "/api/v2/events"):
        assert_error(client.get(path, headers=headers), 404, "not_found")
    assert_error(client.post("/api/v1/nothing-here", json={}, headers=headers), 404, "not_found")


def test_an_unknown_event_answers_404_to_staff_only(client: FlaskClient, organiser: Staff) -> None:
    assert_error(client.get(f"{EVENTS}/no-such-event", headers=bearer(organiser)), 404, "not_found")
    assert_error(client.patch(f"{EVENTS}/no-such-event", json={}, headers=bearer(organiser)), 404, "not_found")
    assert_error(client.get(f"{EVENTS}/no-such-event"), 401, "unauthorized")  # says nothing about what exists


def test_a_wrong_method_answers_405_in_the_json_shape(client: FlaskClient, organiser: Staff) -> None:
    make_event()
    token = bearer(organiser)
    answer = client.delete(f"{EVENTS}/ceremony", headers=token)
    assert_error(answer, 405, "method_not_allowed")
    assert "PATCH" in answer.headers["Allow"]
    assert_error(client.put(EVENTS, json={}), 405, "method_not_allowed")
    assert event_count() == 1


@pytest.mark.parametrize("body", [
    {**NEW_EVENT, "capacity": 10**30},
    {**NEW_EVENT, "capacity": -1},
    {**NEW_EVENT, "capacity": 2.5},
    {**NEW_EVENT, "capacity": True},
    {**NEW_EVENT, "latitude": 1e308},
    {**NEW_EVENT, "title": "Forum\x00"},
    {**NEW_EVENT, "venue": "x" * 301},
    {**NEW_EVENT, "timezone": "Asia/Tokyo\x00"},
    {**NEW_EVENT, "slug": "tokyo\x00forum"},
    {**NEW_EVENT, "slug": "ＴＯＫＹＯ"},
    {**NEW_EVENT, "titles": {"ko": "포럼"}},
    {**NEW_EVENT, "titles": {"ja": None}},
    {**NEW_EVENT, "starts_at": "0001-01-01T00:00:00"},
    {**NEW_EVENT, "starts_at": "0001-01-01T00:00:00+14:00"},
    {**NEW_EVENT, "ends_at": "9999-12-31T23:59:59"},
    {**NEW_EVENT, "ends_at": "9999-12-31T23:59:59-12:00"},
    {**NEW_EVENT, "starts_at": "next tuesday"},
    {**NEW_EVENT, "online_url": "javascript:alert(1)"},
    {**NEW_EVENT, "organiser": "not a field"},
    [NEW_EVENT],
    "tokyo-forum",
])
def test_odd_bodies_are_refused_without_a_server_error(client: FlaskClient, organiser: Staff, body: object) -> None:
    assert_error(client.post(EVENTS, json=body, headers=bearer(organiser)))
    assert event_count() == 0


@pytest.mark.parametrize(("raw", "code"), [
    (b'{"slug": "tokyo-forum", "title": "\\ud800", "timezone": "Asia/Tokyo"}', "invalid_input"),  # lone surrogate
    (b'{"capacity": ' + b"9" * 5000 + b"}", "invalid_json"),  # more digits than Python reads
    (b"[" * 100_000 + b"]" * 100_000, "invalid_json"),  # deeper than the recursion limit
    (b'{"slug": ', "invalid_json"),
    ("{\"title\": \"caf\u00e9\"}".encode("latin-1"), "invalid_json"),
])
def test_malformed_json_is_refused_without_a_server_error(client: FlaskClient, organiser: Staff, raw: bytes,
                                                          code: str) -> None:
    make_event()
    for method, path in (("post", EVENTS), ("patch", f"{EVENTS}/ceremony")):
        assert_error(getattr(client, method)(path, data=raw, content_type="application/json",
                                             headers=bearer(organiser)), code=code)
    assert event_count() == 1


def test_odd_changes_leave_the_event_as_it_was(client: FlaskClient, organiser: Staff) -> None:
    make_event()
    token = bearer(organiser)
    before = client.get(f"{EVENTS}/ceremony", headers=token).get_json()
    for body in ({"title": "   "}, {"title": None}, {"starts_at": None}, {"timezone": "Asia/Nowhere"},
                 {"capacity": 2**31}, {"slug": "renamed"}, {"counts": {}}, {"latitude": 91}):
        assert_error(client.patch(f"{EVENTS}/ceremony", json=body, headers=token))
    assert client.get(f"{EVENTS}/ceremony", headers=token).get_json() == before


def test_the_openapi_document_is_public_and_describes_tokens_and_errors(client: FlaskClient) -> None:
    answer = client.get("/api/v1/openapi.json")
    assert answer.status_code == 200
    document = answer.get_json()
    assert document["info"] == {"title": "eventdesk", "version": "1"}
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert document["components"]["schemas"]["Error"]["required"] == ["error"]
    create = document["paths"]["/api/v1/events"]["post"]
    assert create["security"] == [{"bearerAuth": []}]
    assert {"201", "401", "403", "409", "422", "default"} <= set(map(str, create["responses"]))


def test_pages_outside_the_api_still_answer_html_errors(client: FlaskClient) -> None:
    answer = client.get("/no-such-page")
    assert answer.status_code == 404
    assert answer.mimetype == "text/html"
