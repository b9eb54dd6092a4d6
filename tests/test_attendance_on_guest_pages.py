"""Organisers see and set online attendance where they work on guests: a personal meeting link, a room and "may
also follow online" on the guest form; a meeting_url column in the import and export; each guest's attendance
on their page, a filter on the list, and the export's online_joined_at, online_minutes and attendance columns."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from time_machine import TimeMachineFixture

from eventdesk.door import service as door
from eventdesk.extensions import db
from eventdesk.guests import exporter, service
from eventdesk.models import AuditEntry, CheckIn, Invitation, OnlineAttendance, OnlineRoom, ScanResult
from tests.factories import make_delegate, make_event, make_invitation, make_staff

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
HEADER = "email,family_name,family_name_latin,organisation,mode,meeting_url"


def form_values(page: str) -> dict[str, str]:
    """What the browser would send back unchanged: every text input's value and the selected options."""
    values = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page))
    values.update(re.findall(r'<select[^>]*name="([^"]+)"[^>]*>.*?<option selected value="([^"]*)"', page, re.S))
    return {k: v for k, v in values.items() if k not in ("online_allowed",)}


def test_the_guest_form_sets_a_personal_link_a_room_and_may_also_follow_online(
        app: Flask, organiser_client: FlaskClient) -> None:
    event = make_event()
    zoom = OnlineRoom(event_id=event.id, name="Zoom", url="https://zoom.example.org/j/1", position=1)
    db.session.add(zoom)
    db.session.commit()
    invitation = make_invitation(event, make_delegate(), status="accepted", mode="in_person")
    path = f"/events/{event.slug}/guests/{invitation.id}"
    page = organiser_client.get(path).get_data(as_text=True)
    assert "Personal meeting link" in page and "May also follow online" in page and ">Zoom</option>" in page
    values = form_values(page) | {"meeting_url": " https://zoom.example.org/w/9?tk=abc ", "room": str(zoom.id),
                                  "online_allowed": "y", "csrf_token": TOKEN.search(page).group(1)}
    response = organiser_client.post(path, data=values)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.refresh(invitation)
    assert (invitation.meeting_url, invitation.room_id, invitation.online_allowed) == (
        "https://zoom.example.org/w/9?tk=abc", zoom.id, True)
    entry = db.session.query(AuditEntry).filter_by(action="guest.update").one()
    assert entry.changes["online_allowed"] == [False, True] and entry.changes["room_id"] == [None, zoom.id]

    bad = organiser_client.post(path, data=values | {"meeting_url": "zoom.example.org/w/9"})
    assert bad.status_code == 400 and "not a web address starting with https://" in bad.get_data(as_text=True)
    other = OnlineRoom(event_id=make_event("other").id, name="Teams", url="https://teams.example.org/1", position=1)
    db.session.add(other)
    db.session.commit()
    stranger = organiser_client.post(path, data=values | {"room": str(other.id)})
    assert stranger.status_code == 400 and "Choose one of this event&#39;s online rooms." in stranger.get_data(
        as_text=True)
    db.session.refresh(invitation)
    assert invitation.room_id == zoom.id and invitation.meeting_url == "https://zoom.example.org/w/9?tk=abc"


def test_personal_meeting_links_import_export_and_import_back_unchanged(app: Flask) -> None:
    event = make_event()
    data = (f"{HEADER}\r\nsato@example.jp,佐藤,Sato,JETRO,online,https://zoom.example.org/w/1?tk=sato\r\n"
            "li@example.cn,李,Li,四川省商务厅,online,\r\n").encode()
    report = service.import_guests(event, data, "guests.csv")
    assert report.problems == [] and report.created == 2
    links = dict(db.session.query(Invitation.id, Invitation.meeting_url).all())
    assert sorted(links.values(), key=str) == [None, "https://zoom.example.org/w/1?tk=sato"]
    exported = exporter.to_csv(event)
    again = service.import_guests(event, exported, "guests.csv")
    assert (again.problems, again.updated, again.unchanged) == ([], 0, 2)  # attendance and the rest are ignored
    changed = service.import_guests(event, (f"{HEADER}\r\nsato@example.jp,佐藤,Sato,JETRO,online,"
                                            "https://zoom.example.org/w/2\r\n").encode(), "guests.csv")
    assert changed.updated == 1 and changed.rows[0].changes["meeting_url"] == [
        "https://zoom.example.org/w/1?tk=sato", "https://zoom.example.org/w/2"]
    bad = service.import_guests(event, f"{HEADER}\r\nli@example.cn,李,Li,x,online,ftp://x\r\n".encode(), "g.csv")
    assert bad.problems == ["line 2, column meeting_url: not a web address starting with https://: ftp://x"]


def test_the_export_fills_the_online_columns_from_the_picture(app: Flask, time_machine: TimeMachineFixture) -> None:
    event = make_event()
    hall = make_invitation(event, make_delegate(email="hall@example.jp"), status="accepted", mode="in_person")
    online = make_invitation(event, make_delegate(email="online@example.jp"), status="accepted", mode="online")
    make_invitation(event, make_delegate(email="absent@example.jp"), status="accepted", mode="online")
    door.admit_manually(event, hall, door="North door", staff=make_staff("door"))
    for start, end in ((0, 40), (30, 70)):  # two devices: 70 minutes, not 80
        db.session.add(OnlineAttendance(invitation_id=online.id, source="report",
                                        joined_at=event.starts_at + timedelta(minutes=start),
                                        left_at=event.starts_at + timedelta(minutes=end)))
    db.session.commit()
    time_machine.move_to(event.ends_at + timedelta(hours=1))
    rows = {row["email"]: row for row in csv.DictReader(io.StringIO(exporter.to_csv(event).decode("utf-8-sig")))}
    assert rows["hall@example.jp"]["checked_in_door"] == "North door"
    assert rows["hall@example.jp"]["attendance"] == "in_person" and rows["hall@example.jp"]["online_minutes"] == ""
    assert (rows["online@example.jp"]["online_minutes"], rows["online@example.jp"]["attendance"]) == ("70", "online")
    assert rows["online@example.jp"]["online_joined_at"] == event.local(event.starts_at).isoformat()
    assert rows["absent@example.jp"]["attendance"] == "no_show"


def test_the_guest_page_shows_the_attendance_and_the_list_filters_by_it(app: Flask,
                                                                       organiser_client: FlaskClient) -> None:
    event = make_event()
    hall = make_invitation(event, make_delegate("王 伟", "Wei WANG"), status="accepted", mode="in_person")
    online = make_invitation(event, make_delegate("佐藤 花子", "Hanako SATO"), status="accepted", mode="online")
    nobody = make_invitation(event, make_delegate("李 娜", "Na LI"), status="accepted", mode="in_person")
    door.admit_manually(event, hall, door="North door", staff=make_staff("door"), note="badge left at the hotel")
    db.session.add(OnlineAttendance(invitation_id=online.id, source="link", joined_at=event.starts_at))
    db.session.commit()
    page = organiser_client.get(f"/events/{event.slug}/guests/{hall.id}").get_data(as_text=True)
    assert "North door" in page and "admitted by hand: Test door" in page and "badge left at the hotel" in page
    page = organiser_client.get(f"/events/{event.slug}/guests/{online.id}").get_data(as_text=True)
    assert "the personal join link" in page and "0 minutes" in page

    def listed(attendance: str) -> set[int]:
        page = organiser_client.get(f"/events/{event.slug}/guests?attendance={attendance}").get_data(as_text=True)
        return {int(i) for i in re.findall(r'name="ids" value="(\d+)"', page)}

    assert listed("in_person") == {hall.id}
    assert listed("online") == {online.id}
    assert listed("both") == set()
    assert listed("no_show") == {nobody.id}
    assert listed("nonsense") == {hall.id, online.id, nobody.id}
    by_name = organiser_client.get(f"/events/{event.slug}/guests?attendance=online&sort=name").get_data(as_text=True)
    assert {int(i) for i in re.findall(r'name="ids" value="(\d+)"', by_name)} == {online.id}
    assert db.session.query(CheckIn).filter_by(result=ScanResult.ADMITTED).count() == 1
