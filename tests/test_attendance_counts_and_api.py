"""The attendance picture where organisers and integrations read it: the API's invitation items (an `attendance`
object, and a filter), the dashboard's counts and the door's live counts."""

from __future__ import annotations

import re
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from time_machine import TimeMachineFixture

from eventdesk.door import service as door
from eventdesk.extensions import db
from eventdesk.models import Event, Invitation, OnlineAttendance, OnlineRoom
from tests.factories import bearer, make_delegate, make_event, make_invitation, make_staff

URL = "/api/v1/events/ceremony/invitations"


def guests(event: Event) -> tuple[Invitation, Invitation, Invitation, Invitation]:
    """One in the hall, one online (a report: 50 minutes in the Zoom room), one both, one neither."""
    zoom = OnlineRoom(event_id=event.id, name="Zoom", url="https://zoom.example.org/j/1", position=1)
    db.session.add(zoom)
    db.session.commit()
    hall, online, both, absent = (
        make_invitation(event, make_delegate(email=f"{name}@example.jp"), status="accepted", mode=mode)
        for name, mode in (("hall", "in_person"), ("online", "online"), ("both", "in_person"), ("absent", "online")))
    staff = make_staff("door")
    door.admit_manually(event, hall, door="North door", staff=staff)
    door.admit_manually(event, both, door="South door", staff=staff)
    db.session.add_all([
        OnlineAttendance(invitation_id=online.id, room_id=zoom.id, source="report",
                         joined_at=event.starts_at + timedelta(minutes=10),
                         left_at=event.starts_at + timedelta(minutes=60)),
        OnlineAttendance(invitation_id=both.id, source="link", joined_at=event.starts_at + timedelta(hours=3))])
    db.session.commit()
    return hall, online, both, absent


def test_api_invitation_items_carry_the_attendance_object(app: Flask, client: FlaskClient,
                                                          time_machine: TimeMachineFixture) -> None:
    event = make_event()
    guests(event)
    time_machine.move_to(event.ends_at + timedelta(minutes=5))
    response = client.get(f"{URL}?per_page=10", headers=bearer(make_staff("organiser")))
    assert response.status_code == 200
    items = {item["email"]: item["attendance"] for item in response.get_json()["items"]}
    assert items["hall@example.jp"]["summary"] == "in_person" and items["hall@example.jp"]["online"] is None
    assert items["hall@example.jp"]["in_person"]["door"] == "North door"
    assert items["hall@example.jp"]["in_person"]["at"].endswith("+08:00")
    assert items["hall@example.jp"]["in_person"]["source"] == "manual_admission"
    assert items["online@example.jp"] == {
        "in_person": None, "summary": "online",
        "online": {"first_joined_at": event.local(event.starts_at + timedelta(minutes=10)).isoformat(),
                   "minutes": 50, "rooms": ["Zoom"], "sources": ["report"]}}
    assert items["both@example.jp"]["summary"] == "both"
    assert items["both@example.jp"]["online"]["sources"] == ["join_link"]
    assert items["absent@example.jp"] == {"in_person": None, "online": None, "summary": "no_show"}
    only_online = client.get(f"{URL}?attendance=online", headers=bearer(make_staff("door"))).get_json()
    assert [item["email"] for item in only_online["items"]] == ["online@example.jp"] and only_online["total"] == 1
    bad = client.get(f"{URL}?attendance=sometimes", headers=bearer(make_staff("door")))
    assert bad.status_code == 422 and bad.get_json()["error"]["code"] == "invalid_input"


def test_before_the_end_an_absent_guest_is_not_yet_there(app: Flask, client: FlaskClient) -> None:
    event = make_event()
    make_invitation(event, make_delegate(email="early@example.jp"), status="accepted", mode="online")
    [item] = client.get(URL, headers=bearer(make_staff("door"))).get_json()["items"]
    assert item["attendance"] == {"in_person": None, "online": None, "summary": "not_yet"}


def test_the_dashboard_and_the_doors_live_counts_show_attendance(app: Flask, organiser_client: FlaskClient) -> None:
    event = make_event()
    guests(event)
    page = organiser_client.get(f"/events/{event.slug}/dashboard").get_data(as_text=True)
    section = page[page.index('aria-labelledby="attendance-title"'):page.index("</section>",
                                                                                page.index("attendance-title"))]
    values = [int(v) for v in re.findall(r'<span class="stat-value">([\d,]+)', section)]
    assert values == [1, 1, 1, 1]  # in the hall, online, both, not seen yet
    assert "Not seen yet" in section and f"/events/{event.slug}/guests?attendance=both" in section
    live = organiser_client.get(f"/events/{event.slug}/door/dashboard?part=live").get_data(as_text=True)
    assert "Joined online" in live and "In the hall and online" in live
