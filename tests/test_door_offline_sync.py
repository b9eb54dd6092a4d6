"""Offline doors sync late and in any order: the scan made first is the guest's admission, a later one its door
let in is kept as a duplicate entry and shown to organisers, and a retried sync records nothing twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from flask import Flask
from sqlalchemy import select

from eventdesk.door import service
from eventdesk.extensions import db
from eventdesk.models import CheckIn, ScanResult
from tests.factories import bearer, make_event, make_staff, signed_in
from tests.test_door_checkin import badge_for, guest
from tests.test_door_pages import at_the_door

ISSUED = datetime(2027, 3, 15, 0, 30, tzinfo=UTC)  # 08:30 in Shanghai
NORTH_AT = datetime(2027, 3, 15, 1, 2, tzinfo=UTC)  # 09:02
SOUTH_AT = datetime(2027, 3, 15, 1, 7, tzinfo=UTC)  # 09:07
SYNCED = datetime(2027, 3, 15, 2, 0, tzinfo=UTC)


def scans(event) -> list[tuple[str, str, datetime, bool]]:
    db.session.expire_all()
    return [(c.door.name, c.result.value, c.scanned_at, c.duplicate_entry) for c in db.session.scalars(
        select(CheckIn).where(CheckIn.event_id == event.id).order_by(CheckIn.scanned_at, CheckIn.id))]


def offline_scan(event, code: str, door: str, at: datetime, scan_id: str, shown: ScanResult = ScanResult.ADMITTED):
    return service.scan(event, code, door=door, staff=None, scanned_at=at, scan_id=scan_id, shown_offline=shown)


def test_two_doors_syncing_in_reverse_order_keep_the_earlier_admission(app: Flask) -> None:
    event = make_event()
    with time_machine.travel(ISSUED, tick=False):
        code = badge_for(guest(event))
    with time_machine.travel(SYNCED, tick=False):
        south = offline_scan(event, code, "South door", SOUTH_AT, "south:1")
        north = offline_scan(event, code, "North door", NORTH_AT, "north:1")
    assert south.result == north.result == ScanResult.ADMITTED  # both doors showed green and stay right
    assert north.answer["first_admitted_at"] == "2027-03-15T09:02:00+08:00"
    assert scans(event) == [("North door", "admitted", NORTH_AT, False),
                            ("South door", "already_admitted", SOUTH_AT, True)]


def test_two_doors_syncing_in_order_keep_the_earlier_admission(app: Flask) -> None:
    event = make_event()
    with time_machine.travel(ISSUED, tick=False):
        code = badge_for(guest(event))
    with time_machine.travel(SYNCED, tick=False):
        offline_scan(event, code, "North door", NORTH_AT, "north:1")
        south = offline_scan(event, code, "South door", SOUTH_AT, "south:1")
    assert south.result == ScanResult.ALREADY_ADMITTED
    assert south.answer["first_admitted_door"] == "North door"
    assert scans(event) == [("North door", "admitted", NORTH_AT, False),
                            ("South door", "already_admitted", SOUTH_AT, True)]


def test_a_door_that_showed_amber_offline_is_no_duplicate_entry(app: Flask) -> None:
    """The same badge twice at one offline door: the device itself said "already admitted" the second time."""
    event = make_event()
    with time_machine.travel(ISSUED, tick=False):
        code = badge_for(guest(event))
    with time_machine.travel(SYNCED, tick=False):
        offline_scan(event, code, "North door", NORTH_AT, "north:1")
        offline_scan(event, code, "North door", SOUTH_AT, "north:2", shown=ScanResult.ALREADY_ADMITTED)
    assert scans(event) == [("North door", "admitted", NORTH_AT, False),
                            ("North door", "already_admitted", SOUTH_AT, False)]


def test_an_admission_made_online_gives_way_to_an_earlier_offline_scan(app: Flask) -> None:
    event = make_event()
    with time_machine.travel(ISSUED, tick=False):
        code = badge_for(guest(event))
    with time_machine.travel(SOUTH_AT, tick=False):
        assert service.scan(event, code, door="South door", staff=None).result == ScanResult.ADMITTED
    with time_machine.travel(SYNCED, tick=False):
        assert offline_scan(event, code, "North door", NORTH_AT, "north:1").result == ScanResult.ADMITTED
    assert scans(event) == [("North door", "admitted", NORTH_AT, False),
                            ("South door", "already_admitted", SOUTH_AT, True)]
    assert service.stats(event).admitted == 1


def test_live_scans_never_displace_an_admission(app: Flask) -> None:
    """Only a scan carrying its own time (made offline) can come before the recorded admission."""
    event = make_event()
    with time_machine.travel(ISSUED, tick=False):
        code = badge_for(guest(event))
    with time_machine.travel(NORTH_AT, tick=False):
        service.scan(event, code, door="North door", staff=None, scanned_at=NORTH_AT + timedelta(seconds=50))
        assert service.scan(event, code, door="South door", staff=None).result == ScanResult.ALREADY_ADMITTED
    assert [s[:2] for s in scans(event)] == [("South door", "already_admitted"), ("North door", "admitted")]


def test_a_sync_retried_after_the_order_changed_records_nothing_twice(app: Flask) -> None:
    event = make_event()
    with time_machine.travel(ISSUED, tick=False):
        code = badge_for(guest(event))
    with time_machine.travel(SYNCED, tick=False):
        first_south = offline_scan(event, code, "South door", SOUTH_AT, "south:1")
        first_north = offline_scan(event, code, "North door", NORTH_AT, "north:1")
        again = [offline_scan(event, code, "South door", SOUTH_AT, "south:1"),
                 offline_scan(event, code, "North door", NORTH_AT, "north:1")]
    assert [a.answer for a in again] == [first_south.answer, first_north.answer]
    assert len(scans(event)) == 2


def test_organisers_see_a_guest_let_in_twice_on_the_door_dashboard(app: Flask) -> None:
    event = make_event()
    with time_machine.travel(ISSUED, tick=False):
        code = badge_for(guest(event, name="王 小明"))
    with time_machine.travel(SYNCED, tick=False):
        offline_scan(event, code, "South door", SOUTH_AT, "south:1")
        offline_scan(event, code, "North door", NORTH_AT, "north:1")
        page = signed_in(app, make_staff("organiser")).get("/events/ceremony/door/dashboard?part=live")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    listed = html.split('id="duplicate-entries"')[1].split("</section>")[0]
    assert "王小明" in listed and "09:02 · North door" in listed and "09:07 · South door" in listed


def test_the_door_page_syncs_an_offline_scan_with_its_time_and_what_it_showed(app: Flask) -> None:
    event = make_event()
    with time_machine.travel(ISSUED, tick=False):
        code = badge_for(guest(event))
    north = {"code": code, "door": "North door", "scan_id": "web-0", "scanned_at": "2027-03-15T09:02:00+08:00",
             "offline_result": "admitted"}
    body = {**north, "door": "South door", "scan_id": "web-1", "scanned_at": "2027-03-15T01:07:00.000Z"}
    with time_machine.travel(SYNCED, tick=False):  # signed in at that time too (sessions expire)
        door = signed_in(app, make_staff("door"))
        token = {"X-CSRFToken": at_the_door(door)}
        door.post("/events/ceremony/door/scan", json=north, headers=token)
        reply = door.post("/events/ceremony/door/scan", json=body, headers=token)
        again = door.post("/events/ceremony/door/scan", json=body, headers=token)
    assert reply.status_code == 200 and reply.json["answer"]["result"] == "already_admitted"
    assert reply.json["view"]["tone"] == "amber" and again.json == reply.json
    assert scans(event) == [("North door", "admitted", NORTH_AT, False),
                            ("South door", "already_admitted", SOUTH_AT, True)]


def test_the_door_page_refuses_a_sync_with_a_time_or_result_it_cannot_read(app: Flask) -> None:
    event = make_event()
    code = badge_for(guest(event))
    door = signed_in(app, make_staff("door"))
    token = {"X-CSRFToken": at_the_door(door)}
    for wrong in ({"scanned_at": "yesterday"}, {"scanned_at": "2027-03-15T09:02:00"}, {"offline_result": "green"}):
        reply = door.post("/events/ceremony/door/scan", json={"code": code, "door": "North", "scan_id": "x", **wrong},
                          headers=token)
        assert reply.status_code == 400 and reply.json["error"]["message"]
    assert scans(event) == []


def test_a_door_device_syncs_through_the_api_with_what_it_showed(app: Flask) -> None:
    event = make_event()
    with time_machine.travel(ISSUED, tick=False):
        code = badge_for(guest(event))
    with time_machine.travel(SYNCED, tick=False):
        api, token = app.test_client(), bearer(make_staff("door"))
        north = api.post("/api/v1/events/ceremony/checkins", headers=token, json={
            "code": code, "door": "North door", "scan_id": "tablet-1:7", "scanned_at": "2027-03-15T09:02:00+08:00",
            "offline_result": "admitted"})
        south = api.post("/api/v1/events/ceremony/checkins", headers=token, json={
            "code": code, "door": "South door", "scan_id": "tablet-2:3", "scanned_at": "2027-03-15T09:07:00",
            "offline_result": "admitted"})
        wrong = api.post("/api/v1/events/ceremony/checkins", headers=token, json={
            "code": code, "door": "South door", "offline_result": "green"})
    assert north.json["result"] == "admitted" and south.json["result"] == "already_admitted"
    assert wrong.status_code == 400 and "offline_result" in wrong.json["error"]["fields"]
    assert scans(event) == [("North door", "admitted", NORTH_AT, False),
                            ("South door", "already_admitted", SOUTH_AT, True)]
