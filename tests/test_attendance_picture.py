"""Organisers tell their superiors who was there: each guest in the hall, online, both, or a no-show (not yet,
while the event runs), every fact with its source: a door scan, a manual admission and by whom, the join link,
an imported report by its file name."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from time_machine import TimeMachineFixture

from eventdesk.attendance import picture
from eventdesk.door import service as door
from eventdesk.extensions import db
from eventdesk.models import (
    AttendanceReport,
    AttendanceReportRow,
    CheckIn,
    Event,
    Invitation,
    OnlineAttendance,
    OnlineRoom,
    RowOutcome,
    ScanResult,
)
from tests.factories import make_delegate, make_event, make_invitation, make_staff


def guest(event: Event, mode: str = "in_person", status: str = "accepted") -> Invitation:
    return make_invitation(event, make_delegate(), status=status, mode=mode)


def scanned_in(invitation: Invitation, minutes_after_start: int, door_name: str = "North door") -> None:
    event = invitation.event
    db.session.add(CheckIn(event_id=event.id, invitation_id=invitation.id, result=ScanResult.ADMITTED, manual=False,
                           door_id=door.door_id_for(db.session.connection(), event.id, door_name),
                           scanned_at=event.starts_at + timedelta(minutes=minutes_after_start)))
    db.session.commit()


def online_from_report(invitation: Invitation, filename: str, stretches: list[tuple[int, int]],
                       room: OnlineRoom | None = None) -> None:
    event = invitation.event
    report = AttendanceReport(event_id=event.id, layout="teams", digest=filename, filename=filename,
                              timezone=event.timezone)
    db.session.add(report)
    for line, (start, end) in enumerate(stretches, start=2):
        row = AttendanceReportRow(report=report, line=line, name="Taro YAMADA", outcome=RowOutcome.MATCHED,
                                  how="email", invitation_id=invitation.id)
        db.session.add(row)
        db.session.flush()
        db.session.add(OnlineAttendance(invitation_id=invitation.id, report_row_id=row.id, source="report",
                                        room_id=room.id if room else None,
                                        joined_at=event.starts_at + timedelta(minutes=start),
                                        left_at=event.starts_at + timedelta(minutes=end)))
    db.session.commit()


def test_each_guest_has_one_summary_with_the_source_of_each_fact(app: Flask, time_machine: TimeMachineFixture) -> None:
    event = make_event()
    room = OnlineRoom(event_id=event.id, name="Zoom", url="https://zoom.example.org/j/1", platform="zoom")
    db.session.add(room)
    db.session.commit()
    hall, online, both, manual, absent = (guest(event), guest(event, "online"), guest(event), guest(event),
                                          guest(event, "online"))
    declined = guest(event, None, "declined")
    scanned_in(hall, 5)
    scanned_in(both, 2, "South door")
    online_from_report(online, "teams-attendance.csv", [(0, 30), (20, 50), (90, 100)], room)
    db.session.add(OnlineAttendance(invitation_id=both.id, joined_at=event.starts_at + timedelta(minutes=60),
                                    source="link", room_id=room.id))
    db.session.commit()
    clerk = make_staff("clerk")
    door.admit_manually(event, manual, door="Signing table", staff=clerk)

    time_machine.move_to(event.ends_at - timedelta(minutes=1))
    during = picture.picture(event)
    assert during.of(absent.id).summary == "not_yet" and during.of(declined.id).summary == "not_yet"

    time_machine.move_to(event.ends_at + timedelta(minutes=1))
    found = picture.picture(event)
    assert found.of(hall.id).summary == "in_person"
    assert (found.of(hall.id).in_hall.door, found.of(hall.id).in_hall.source) == ("North door", "door_scan")
    assert found.of(hall.id).in_hall.at == event.starts_at + timedelta(minutes=5)
    assert found.of(online.id).summary == "online"
    assert found.of(online.id).online.minutes == 60  # 0-50 once, though two rows overlap, then 90-100
    assert found.of(online.id).online.first_joined_at == event.starts_at
    assert found.of(online.id).online.rooms == ("Zoom",)
    assert found.of(online.id).online.sources == ("teams-attendance.csv",)
    assert found.of(both.id).summary == "both"
    assert found.of(both.id).online.sources == ("join_link",) and found.of(both.id).online.minutes == 0
    made_by_hand = found.of(manual.id).in_hall
    assert (made_by_hand.source, made_by_hand.by, made_by_hand.door) == ("manual_admission", "Test clerk",
                                                                         "Signing table")
    assert found.of(absent.id).summary == "no_show" and found.of(absent.id).in_hall is None

    counts = picture.counts(event)
    assert (counts.in_person, counts.online, counts.both, counts.absent) == (2, 1, 1, 1)
    assert counts.as_dict() == {"in_person": 2, "online": 1, "both": 1, "no_show": 1}


def test_a_page_of_guests_reads_only_their_facts(app: Flask) -> None:
    event = make_event()
    first, second = guest(event), guest(event, "online")
    scanned_in(first, 1)
    db.session.add(OnlineAttendance(invitation_id=second.id, joined_at=event.starts_at, source="link"))
    db.session.commit()
    page = picture.picture(event, [second.id])
    assert set(page.online) == {second.id} and page.in_hall == {}
    assert picture.picture(event, []).of(first.id).in_hall is None


def test_the_api_object_carries_the_events_offset(app: Flask) -> None:
    event = make_event()
    invitation = guest(event)
    scanned_in(invitation, 0)
    shown = picture.picture(event).of(invitation.id).as_api(event)
    assert shown["in_person"] == {"at": event.local(event.starts_at).isoformat(), "door": "North door",
                                  "source": "door_scan"}
    assert shown["in_person"]["at"].endswith("+08:00") and shown["online"] is None
