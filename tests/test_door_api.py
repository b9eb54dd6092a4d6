"""A door device scans badges through /api/v1 with a bearer token: every result of the API's table, each scan
recorded, retries answered once; door staff reach the door routes and nothing of the organisers'."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from flask import Flask, current_app
from flask.testing import FlaskClient
from sqlalchemy import select

from eventdesk.badges import codec
from eventdesk.badges import service as badges
from eventdesk.extensions import db
from eventdesk.models import Badge, CheckIn, Event, Invitation, OrganisationKind, Staff
from tests.factories import bearer, make_delegate, make_event, make_invitation, make_organisation, make_staff

SCANS = "/api/v1/events/ceremony/checkins"


def in_person(event: Event, name: str = "山田 太郎", latin: str = "Taro YAMADA", **fields: Any) -> Invitation:
    return make_invitation(event, make_delegate(name=name, latin=latin, **fields), status="accepted",
                           mode="in_person")


def code_of(invitation: Invitation) -> str:
    return badges.code_for(badges.issue(invitation))


def scans(event: Event) -> list[tuple[str, str | None, int | None]]:
    db.session.expire_all()
    return [(c.result.value, c.door.name if c.door else None, c.staff_id) for c in db.session.scalars(
        select(CheckIn).where(CheckIn.event_id == event.id).order_by(CheckIn.id))]


@pytest.fixture
def door_staff(app: Flask) -> Staff:
    return make_staff("door", "north-door@eventdesk.test")


def post(client: FlaskClient, staff: Staff, **body: Any) -> Any:
    return client.post(SCANS, json=body, headers=bearer(staff))


def test_a_door_admits_a_guest_once_and_the_next_door_hears_when_and_where(client, door_staff) -> None:
    event = make_event()
    code = code_of(in_person(event, organisation=make_organisation("株式会社テスト", name_latin="Test KK",
                                                                   kind=OrganisationKind.CORPORATE, country="JP")))

    first = post(client, door_staff, code=code, door="North door")
    assert first.status_code == 200
    answer = first.get_json()
    assert answer["result"] == "admitted" and answer["door"] == "North door"
    assert answer["invitation"]["name"] == "山田太郎" and answer["invitation"]["name_latin"] == "Taro YAMADA"
    assert answer["invitation"]["organisation"] == "株式会社テスト"
    assert answer["invitation"]["organisation_latin"] == "Test KK"
    assert (answer["invitation"]["role"], answer["invitation"]["status"], answer["invitation"]["mode"]) == (
        "delegate", "accepted", "in_person")

    second = post(client, make_staff("door"), code=code, door="South door").get_json()
    assert second["result"] == "already_admitted" and second["door"] == "South door"
    assert second["first_admitted_door"] == "North door"
    assert second["first_admitted_at"] == answer["first_admitted_at"]
    assert [s[:2] for s in scans(event)] == [("admitted", "North door"), ("already_admitted", "South door")]


def test_one_door_admits_a_queue_of_guests_one_after_another(client, door_staff) -> None:
    """More scans on one database connection than psycopg runs before it prepares the statement."""
    event = make_event()
    codes = [code_of(in_person(event, name=f"王 {n}", latin=f"Wei {n}")) for n in range(12)]
    answers = [post(client, door_staff, code=code, door="North door").get_json()["result"] for code in codes]
    assert answers == ["admitted"] * 12
    assert [post(client, door_staff, code=code, door="South door").get_json()["result"] for code in codes] == [
        "already_admitted"] * 12


@pytest.mark.parametrize("case, result", [
    ("replaced", "revoked"), ("online", "not_in_person"), ("declined", "not_in_person"),
    ("no_answer", "not_in_person"), ("other_event", "wrong_event"), ("forged", "invalid"),
    ("not_a_badge", "invalid"),
])
def test_each_red_result_is_answered_and_recorded(client, door_staff, case: str, result: str) -> None:
    event = make_event()
    guest = in_person(event)
    if case == "replaced":
        code = code_of(guest)
        badges.reissue(guest)
    elif case in ("online", "declined", "no_answer"):
        guest = make_invitation(event, make_delegate(name="李 娜", latin="Na LI", language="zh"),
                                status={"online": "accepted", "no_answer": "invited"}.get(case, case),
                                mode="online" if case == "online" else None)
        code = badge_left_over(guest)
    elif case == "other_event":
        code = code_of(in_person(make_event(slug="elsewhere")))
    elif case == "forged":
        genuine = code_of(guest)
        code = genuine[:-1] + ("A" if genuine[-1] != "A" else "B")
    else:
        code = "https://example.org/not-a-badge"

    answer = post(client, door_staff, code=code, door="East door")
    assert answer.status_code == 200
    assert answer.get_json()["result"] == result
    assert answer.get_json()["first_admitted_at"] is None
    if result in ("revoked", "not_in_person"):
        assert answer.get_json()["invitation"]["id"] == guest.id
    else:
        assert answer.get_json()["invitation"] is None
    assert scans(event) == [(result, "East door", door_staff.id)]


def badge_left_over(invitation: Invitation) -> str:
    """A badge still valid although its guest does not attend in person (say, restored from a backup)."""
    db.session.add(Badge(event_id=invitation.event_id, invitation_id=invitation.id, serial=900 + invitation.id))
    db.session.commit()
    return codec.encode(invitation.event_id, invitation.id, 900 + invitation.id, current_app.config)


@pytest.mark.parametrize("body", [
    {"door": "North door"}, {"code": "", "door": "North door"}, {"code": "   ", "door": "North door"},
    {"code": "EDA123"}, {"code": "EDA123", "door": ""}, {"code": "EDA123", "door": "  "},
    {"code": None, "door": "North door"},
])
def test_a_scan_without_code_or_door_is_a_bad_request_and_records_nothing(client, door_staff, body) -> None:
    event = make_event()
    answer = client.post(SCANS, json=body, headers=bearer(door_staff))
    assert answer.status_code == 400, answer.get_json()
    error = answer.get_json()["error"]
    assert error["code"] in {"invalid_input", "missing_code", "missing_door"} and error["message"]
    assert scans(event) == []


def test_a_retry_with_the_same_scan_id_gets_the_first_answer_and_records_nothing(client, door_staff) -> None:
    event = make_event()
    code = code_of(in_person(event))
    first = post(client, door_staff, code=code, door="North door", scan_id="tablet-3:0001").get_json()
    again = post(client, door_staff, code="anything at all", door="West door", scan_id="tablet-3:0001").get_json()
    assert first["result"] == "admitted" and again == first
    assert len(scans(event)) == 1


def test_a_scan_made_offline_is_admitted_at_its_own_time(client, door_staff) -> None:
    event = make_event()  # Asia/Shanghai
    with time_machine.travel(datetime(2027, 3, 15, 1, 0, tzinfo=UTC), tick=False):
        code = code_of(in_person(event))
    with time_machine.travel(datetime(2027, 3, 15, 2, 0, tzinfo=UTC), tick=False):
        answer = post(client, door_staff, code=code, door="North door", scanned_at="2027-03-15T09:42:00").get_json()
    assert answer["result"] == "admitted"
    assert answer["first_admitted_at"] == "2027-03-15T09:42:00+08:00"


def test_stats_count_admissions_by_door_and_kind(client, door_staff) -> None:
    event = make_event()
    company = make_organisation("株式会社テスト", name_latin="Test KK", kind=OrganisationKind.CORPORATE, country="JP")
    codes = [code_of(in_person(event, name=f"王 {n}", latin=f"Wei {n}")) for n in range(3)]
    codes.append(code_of(in_person(event, name="佐藤 花子", latin="Hanako SATO", organisation=company)))
    in_person(event, name="高橋 一郎", latin="Ichiro TAKAHASHI")  # expected, not yet arrived
    for n, code in enumerate(codes):
        post(client, door_staff, code=code, door="North door" if n < 2 else "South door")
    post(client, door_staff, code=codes[0], door="South door")  # already admitted: not counted twice

    stats = client.get(f"{SCANS}/stats", headers=bearer(door_staff))
    assert stats.status_code == 200
    assert stats.get_json() == {"admitted": 4, "expected": 5, "by_door": {"North door": 2, "South door": 2},
                                "by_organisation_kind": {"government": 3, "corporate": 1}}


def test_organisers_may_scan_and_clerks_may_not(client, organiser) -> None:
    event = make_event()
    code = code_of(in_person(event))
    clerk = make_staff("clerk")
    refused = post(client, clerk, code=code, door="North door")
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "forbidden"
    assert client.get(f"{SCANS}/stats", headers=bearer(clerk)).status_code == 403
    unsigned = client.post(SCANS, json={"code": code, "door": "North door"})
    assert unsigned.status_code == 401 and unsigned.get_json()["error"]["code"] == "unauthorized"
    assert scans(event) == []
    assert post(client, organiser, code=code, door="VIP door").get_json()["result"] == "admitted"


def test_a_browser_session_alone_does_not_authorise_a_scan(app: Flask, door_client) -> None:
    event = make_event()
    code = code_of(in_person(event))
    answer = door_client.post(SCANS, json={"code": code, "door": "North door"})
    assert answer.status_code == 401
    assert scans(event) == []


def test_a_door_token_revoked_by_a_new_one_stops_scanning_within_a_second(client, runner, door_staff) -> None:
    event = make_event()
    first, second = code_of(in_person(event)), code_of(in_person(event, name="李 雷", latin="Lei LI"))
    lost = bearer(door_staff)
    assert client.post(SCANS, json={"code": first, "door": "North"}, headers=lost).status_code == 200

    issued = runner.invoke(args=["users", "token", door_staff.email, "--revoke-others"])
    assert issued.exit_code == 0, issued.output
    time.sleep(1.1)

    assert client.post(SCANS, json={"code": second, "door": "North"}, headers=lost).status_code == 401
    answer = client.post(SCANS, json={"code": second, "door": "North"},
                         headers={"Authorization": f"Bearer {issued.output.strip()}"})
    assert answer.get_json()["result"] == "admitted"
    assert [result for result, _door, _staff in scans(event)] == ["admitted", "admitted"]


def test_an_unknown_event_is_not_found(client, door_staff) -> None:
    answer = client.post("/api/v1/events/nowhere/checkins", json={"code": "X", "door": "North"},
                         headers=bearer(door_staff))
    assert answer.status_code == 404 and answer.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("method, path, body", [
    ("GET", "/api/v1/events", None),
    ("POST", "/api/v1/events", {"slug": "mine", "title": "Mine", "starts_at": "2027-01-01T10:00:00",
                                "ends_at": "2027-01-01T12:00:00", "timezone": "Asia/Tokyo"}),
    ("PATCH", "/api/v1/events/ceremony", {"venue": "Elsewhere"}),
    ("POST", "/api/v1/events/ceremony/agreements/CJ-01/sign", {"mode": "in_person"}),
])
def test_door_staff_are_refused_the_organisers_api_routes(client, door_staff, method, path, body) -> None:
    make_event()
    answer = client.open(path, method=method, json=body, headers=bearer(door_staff))
    assert answer.status_code == 403, (path, answer.get_json())
    assert answer.get_json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize("path", ["/events/ceremony/guests", "/events/ceremony/dashboard", "/events/ceremony/badges",
                                  "/events/ceremony/agreements", "/events/ceremony/registrations", "/audit",
                                  "/events/ceremony/door/dashboard"])
def test_door_staff_are_refused_the_organisers_pages(door_client, path: str) -> None:
    make_event()
    assert door_client.get(path).status_code == 403
