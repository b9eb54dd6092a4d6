"""Door devices send the times of scans made offline: a time before the badge existed or later than now is refused
and nothing is recorded; answers carry the event's own offset; the door says on which day a guest was admitted
when it was not today; the arrivals chart counts its slots from the event's local midnight. Every "now" here is
set with time_machine."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from eventdesk.badges import service as badges
from eventdesk.door.lookup import arrivals_over_time
from eventdesk.extensions import db
from eventdesk.models import CheckIn, Door, Event, Invitation, ScanResult, Staff
from tests.factories import bearer, make_delegate, make_event, make_invitation, make_staff, signed_in
from tests.test_door_pages import at_the_door, scan

SCANS = "/api/v1/events/ceremony/checkins"
ISSUED = datetime(2027, 3, 15, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
NOW = datetime(2027, 3, 15, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


def in_person(event: Event, n: int = 0) -> Invitation:
    return make_invitation(event, make_delegate(name=f"王 {n}", latin=f"Wei {n}"), status="accepted",
                           mode="in_person")


def badge_issued(event: Event, at: datetime = ISSUED) -> str:
    with time_machine.travel(at, tick=False):
        return badges.code_for(badges.issue(in_person(event)))


@pytest.fixture
def door_staff(app: Flask) -> Staff:
    return make_staff("door", "north-door@eventdesk.test")


def post(client: FlaskClient, staff: Staff, at: datetime = NOW, **body: Any) -> Any:
    with time_machine.travel(at, tick=False):
        return client.post(SCANS, json={"door": "North door", **body}, headers=bearer(staff))


def recorded(event: Event) -> list[str]:
    db.session.expire_all()
    return [r.value for r in db.session.scalars(select(CheckIn.result).where(CheckIn.event_id == event.id))]


def refused(answer: Any, code: str) -> str:
    assert answer.status_code == 400, answer.get_data(as_text=True)
    assert answer.get_json()["error"]["code"] == code
    return answer.get_json()["error"]["message"]


def test_an_offline_scan_dated_2031_or_1999_is_refused_and_not_recorded(client, door_staff) -> None:
    event = make_event()
    code = badge_issued(event)
    future = refused(post(client, door_staff, code=code, scanned_at="2031-01-01T09:00:00"), "scanned_in_future")
    assert "2031-01-01T09:00:00+08:00" in future
    past = refused(post(client, door_staff, code=code, scanned_at="1999-12-31T23:00:00+08:00"),
                   "scanned_before_issue")
    assert "1999-12-31T23:00:00+08:00" in past and "2027-03-15T09:00:00+08:00" in past
    assert recorded(event) == []
    assert post(client, door_staff, code=code).get_json()["result"] == "admitted"


def test_an_offline_scan_a_minute_before_its_badge_was_issued_is_refused(client, door_staff) -> None:
    event = make_event()
    code = badge_issued(event)
    refused(post(client, door_staff, code=code, scanned_at="2027-03-15T08:59:00"), "scanned_before_issue")
    assert recorded(event) == []
    answer = post(client, door_staff, code=code, scanned_at="2027-03-15T09:01:00").get_json()
    assert (answer["result"], answer["first_admitted_at"]) == ("admitted", "2027-03-15T09:01:00+08:00")


def test_a_door_device_clock_half_a_minute_ahead_is_admitted_but_two_minutes_is_not(client, door_staff) -> None:
    event = make_event()
    ahead, too_far = badge_issued(event), badge_issued(event)
    refused(post(client, door_staff, code=too_far, scanned_at=(NOW + timedelta(minutes=2)).isoformat()),
            "scanned_in_future")
    answer = post(client, door_staff, code=ahead, scanned_at=(NOW + timedelta(seconds=30)).isoformat()).get_json()
    assert (answer["result"], answer["first_admitted_at"]) == ("admitted", "2027-03-15T10:00:30+08:00")
    assert recorded(event) == ["admitted"]


@pytest.mark.parametrize("timezone, first, offset", [
    ("America/New_York", "2027-01-15T09:00:00-05:00", "-05:00"),
    ("Asia/Shanghai", "2027-01-15T22:00:00+08:00", "+08:00"),
])
def test_first_admitted_at_is_answered_in_the_events_timezone(client, door_staff, timezone: str, first: str,
                                                                offset: str) -> None:
    event = make_event(timezone=timezone)
    code = badge_issued(event, datetime(2027, 1, 10, tzinfo=UTC))
    now = datetime(2027, 1, 15, 15, 0, tzinfo=UTC)
    admitted = post(client, door_staff, at=now, code=code, scanned_at="2027-01-15T14:00:00Z").get_json()
    assert (admitted["result"], admitted["first_admitted_at"]) == ("admitted", first)
    again = post(client, make_staff("door"), at=now, code=code, door="South door").get_json()
    assert (again["result"], again["first_admitted_at"]) == ("already_admitted", first)
    live = post(client, door_staff, at=now, code=badge_issued(event, datetime(2027, 1, 10, tzinfo=UTC)))
    assert live.get_json()["first_admitted_at"].endswith(offset)


@pytest.mark.parametrize("language, other_day, same_day", [
    ("en", "Already admitted at Mar 15, 09:42, North door", "Already admitted at 09:42, North door"),
    ("zh", "已于 3月15日 09:42 入场（North door）", "已于 09:42 入场（North door）"),
    ("ja", "3月15日 9:42 入場済み（North door）", "9:42 入場済み（North door）"),
])
def test_the_door_says_on_which_day_a_guest_was_admitted_when_it_was_not_today(
        app: Flask, client, door_staff, language: str, other_day: str, same_day: str) -> None:
    event = make_event(starts_at=datetime(2027, 3, 15, 1, 30, tzinfo=UTC),  # 09:30 on the 15th in Shanghai
                       ends_at=datetime(2027, 3, 17, 9, 30, tzinfo=UTC))  # to 17:30 on the 17th
    code = badge_issued(event)
    post(client, door_staff, code=code, scanned_at="2027-03-15T09:42:00")

    def headline_at(now: datetime) -> str:
        with time_machine.travel(now, tick=False):
            door = signed_in(app, make_staff("door"))
            door.get(f"/events/ceremony/door/choose?lang={language}")
            return scan(door, at_the_door(door), code).get_json()["view"]["headline"]

    assert headline_at(datetime(2027, 3, 16, 1, 10, tzinfo=UTC)) == other_day  # 09:10 the next morning
    assert headline_at(datetime(2027, 3, 15, 15, 50, tzinfo=UTC)) == same_day  # 23:50 the same evening


def admitted_at(event: Event, *walls: str) -> None:
    """Admissions recorded at these local times (as offline doors synced them)."""
    door = Door(event_id=event.id, name="North door")
    db.session.add(door)
    db.session.flush()
    for n, wall in enumerate(walls):
        at = datetime.fromisoformat(wall).replace(tzinfo=event.tz)
        db.session.add(CheckIn(event_id=event.id, invitation_id=in_person(event, n).id, door_id=door.id,
                               result=ScanResult.ADMITTED, manual=False, scanned_at=at, recorded_at=at))
    db.session.commit()


def local_slots(event: Event) -> tuple[int, list[datetime]]:
    arrivals = arrivals_over_time(event)
    assert arrivals.total == len(recorded(event))
    return arrivals.minutes, [event.local(at) for at, _, _ in arrivals.slots]


def test_six_hour_arrival_slots_start_at_the_events_midnight(app: Flask, organiser_client) -> None:
    event = make_event()  # Asia/Shanghai
    admitted_at(event, "2027-03-01T03:00", "2027-03-05T13:10", "2027-03-12T20:00")
    minutes, slots = local_slots(event)
    assert minutes == 360
    assert {(at.hour, at.minute) for at in slots} == {(0, 0), (6, 0), (12, 0), (18, 0)}
    assert slots[0].replace(tzinfo=None) == datetime(2027, 3, 1, 0, 0)  # 03:00 falls in the night's slot
    table = organiser_client.get("/events/ceremony/door/dashboard").get_data(as_text=True)
    assert "00:00</td>" in table and "08:00</td>" not in table


def test_daily_arrival_slots_are_the_events_days(app: Flask) -> None:
    event = make_event()  # Asia/Shanghai
    admitted_at(event, "2027-01-05T07:00", "2027-02-20T23:30")
    minutes, slots = local_slots(event)
    assert minutes == 1440
    days = [at.replace(tzinfo=None) for at in slots]
    assert days == [datetime(2027, 1, 5) + timedelta(days=n) for n in range(47)]  # the last is 20 February
    assert [event.local(at).day for at, n, _ in arrivals_over_time(event).slots if n] == [5, 20]


def test_arrival_slots_stay_at_local_midnight_across_a_dst_change(app: Flask) -> None:
    event = make_event(timezone="America/New_York")  # clocks go forward on 2027-03-14
    admitted_at(event, "2027-03-06T10:00", "2027-03-14T01:30", "2027-03-14T07:00", "2027-03-15T05:30",
                "2027-03-20T15:00")
    minutes, slots = local_slots(event)
    assert minutes == 360
    assert {(at.hour, at.minute) for at in slots} == {(0, 0), (6, 0), (12, 0), (18, 0)}
    assert [at.utcoffset() for at in slots if at.day == 14] == [timedelta(hours=-5)] + [timedelta(hours=-4)] * 3
    busy = [event.local(at).replace(tzinfo=None) for at, n, _ in arrivals_over_time(event).slots if n]
    assert busy == [datetime(2027, 3, 6, 6), datetime(2027, 3, 14, 0), datetime(2027, 3, 14, 6),
                    datetime(2027, 3, 15, 0), datetime(2027, 3, 20, 12)]
