"""Organisers give an event its online rooms (a Zoom room, a Tencent Meeting room), each with its own link:
add, change, remove after a confirmation, and set how early the join link opens. Bad input writes nothing."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from eventdesk.extensions import db
from eventdesk.models import AuditEntry, Event, OnlineAttendance, OnlineRoom
from tests.factories import make_delegate, make_event, make_invitation

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def token(client: FlaskClient, path: str) -> str:
    return TOKEN.search(client.get(path).get_data(as_text=True)).group(1)


def add_room(client: FlaskClient, event: Event, **values: str) -> object:
    path = f"/events/{event.slug}/rooms"
    return client.post(path, data={"csrf_token": token(client, path), **values})


def rooms_of(event: Event) -> list[tuple[str, str, str | None]]:
    db.session.expire_all()
    return [(r.name, r.url, r.platform) for r in db.session.query(OnlineRoom).filter_by(event_id=event.id)
            .order_by(OnlineRoom.position)]


def test_an_organiser_adds_two_rooms_from_the_event_menu(app: Flask, organiser_client: FlaskClient) -> None:
    event = make_event()
    assert f'href="/events/{event.slug}/rooms"' in organiser_client.get("/").get_data(as_text=True)
    assert add_room(organiser_client, event, name=" Zoom ", url="https://zoom.example.org/j/812",
                    platform="zoom").status_code == 303
    add_room(organiser_client, event, name="腾讯会议", url="https://meeting.tencent.com/dm/ABC", platform="tencent")
    assert rooms_of(event) == [("Zoom", "https://zoom.example.org/j/812", "zoom"),
                               ("腾讯会议", "https://meeting.tencent.com/dm/ABC", "tencent")]
    page = organiser_client.get(f"/events/{event.slug}/rooms").get_data(as_text=True)
    assert "腾讯会议" in page and "Tencent Meeting" in page and "the default room" in page
    assert db.session.query(AuditEntry).filter_by(action="room.add").count() == 2


@pytest.mark.parametrize("values, message", [
    ({"name": "Zoom", "url": "zoom.example.org/j/1"}, "starting with https://"),
    ({"name": "Zoom", "url": "javascript:alert(1)"}, "starting with https://"),
    ({"name": "Zoom", "url": "https://zoom.example.org/j/1 2"}, "starting with https://"),
    ({"name": "", "url": "https://zoom.example.org/j/1"}, "This field is required."),
    ({"name": "Zoom", "url": "https://zoom.example.org/j/1", "platform": "skype"}, "Not a valid choice"),
])
def test_a_room_with_a_bad_link_or_name_is_refused_with_a_message(app: Flask, organiser_client: FlaskClient,
                                                                  values: dict[str, str], message: str) -> None:
    event = make_event()
    response = add_room(organiser_client, event, **values)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert rooms_of(event) == []


def test_two_rooms_of_an_event_cannot_share_a_name_and_the_page_says_so_in_japanese(
        app: Flask, organiser_client: FlaskClient) -> None:
    event = make_event()
    add_room(organiser_client, event, name="Zoom", url="https://zoom.example.org/j/1")
    path = f"/events/{event.slug}/rooms?lang=ja"
    response = organiser_client.post(path, data={"csrf_token": token(organiser_client, path), "name": "Zoom",
                                                 "url": "https://zoom.example.org/j/2"})
    assert response.status_code == 400 and "このイベントには Zoom という名前のルームがすでにあります。" in \
        response.get_data(as_text=True)
    assert len(rooms_of(event)) == 1


def test_an_organiser_changes_a_rooms_link(app: Flask, organiser_client: FlaskClient) -> None:
    event = make_event()
    add_room(organiser_client, event, name="Zoom", url="https://zoom.example.org/j/1", platform="zoom")
    room = db.session.query(OnlineRoom).one()
    path = f"/events/{event.slug}/rooms/{room.id}"
    response = organiser_client.post(path, data={"csrf_token": token(organiser_client, path), "name": "Zoom A",
                                                 "url": "https://zoom.example.org/j/2", "platform": "zoom"})
    assert response.status_code == 303
    assert rooms_of(event) == [("Zoom A", "https://zoom.example.org/j/2", "zoom")]
    entry = db.session.query(AuditEntry).filter_by(action="room.update").one()
    assert entry.changes["url"] == ["https://zoom.example.org/j/1", "https://zoom.example.org/j/2"]


def test_removing_a_room_asks_first_and_its_guests_fall_back_to_the_event(app: Flask,
                                                                         organiser_client: FlaskClient) -> None:
    event = make_event()
    add_room(organiser_client, event, name="Zoom", url="https://zoom.example.org/j/1")
    room = db.session.query(OnlineRoom).one()
    invitation = make_invitation(event, make_delegate(), status="accepted", mode="online", room_id=room.id)
    path = f"/events/{event.slug}/rooms/{room.id}/remove"
    confirm = organiser_client.get(path).get_data(as_text=True)
    assert "Please confirm" in confirm and "1 guest is placed in this room" in confirm
    assert rooms_of(event) != []
    response = organiser_client.post(path, data={"csrf_token": TOKEN.search(confirm).group(1)})
    assert response.status_code == 303 and rooms_of(event) == []
    db.session.refresh(invitation)
    assert invitation.room_id is None
    assert db.session.query(AuditEntry).filter_by(action="room.remove").count() == 1


def test_a_room_where_attendance_was_recorded_stays(app: Flask, organiser_client: FlaskClient) -> None:
    event = make_event()
    add_room(organiser_client, event, name="Zoom", url="https://zoom.example.org/j/1")
    room = db.session.query(OnlineRoom).one()
    invitation = make_invitation(event, make_delegate(), status="accepted", mode="online")
    db.session.add(OnlineAttendance(invitation_id=invitation.id, room_id=room.id, source="link",
                                    joined_at=event.starts_at))
    db.session.commit()
    path = f"/events/{event.slug}/rooms/{room.id}/remove"
    assert "so it stays" in organiser_client.get(path).get_data(as_text=True)
    response = organiser_client.post(path, data={"csrf_token": token(organiser_client, path)})
    assert response.status_code == 303
    assert "so it stays" in organiser_client.get(response.headers["Location"]).get_data(as_text=True)
    assert len(rooms_of(event)) == 1


def test_the_organiser_sets_how_early_the_join_link_opens(app: Flask, organiser_client: FlaskClient) -> None:
    event = make_event()
    path = f"/events/{event.slug}/rooms"
    response = organiser_client.post(f"{path}/opening", data={"csrf_token": token(organiser_client, path),
                                                              "minutes": "45"})
    assert response.status_code == 303
    db.session.refresh(event)
    assert event.online_opens_minutes == 45
    opens = event.local(event.starts_at - timedelta(minutes=45)).strftime("%H:%M")
    assert opens in organiser_client.get(path).get_data(as_text=True)
    bad = organiser_client.post(f"{path}/opening", data={"csrf_token": token(organiser_client, path),
                                                         "minutes": "-5"})
    assert bad.status_code == 400
    db.session.refresh(event)
    assert event.online_opens_minutes == 45


@pytest.mark.parametrize("who", ["door_client", "clerk_client", "client"])
def test_only_organisers_manage_rooms(app: Flask, request: pytest.FixtureRequest, who: str) -> None:
    event = make_event()
    client = request.getfixturevalue(who)
    response = client.get(f"/events/{event.slug}/rooms")
    assert response.status_code in (302, 403)
    response = client.post(f"/events/{event.slug}/rooms", data={"name": "Zoom", "url": "https://zoom.example.org"})
    assert response.status_code in (302, 400, 403) and rooms_of(event) == []
