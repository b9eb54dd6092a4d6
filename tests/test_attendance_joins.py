"""A delegate follows the ceremony online through the personal join link: sent to their personal meeting link,
their room's or the event's, the join recorded; before the meeting opens a waiting page counts down in their
language; after the end a page says so; anyone who has not answered online gets no link."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from time_machine import TimeMachineFixture

from eventdesk.attendance import joins
from eventdesk.extensions import db
from eventdesk.models import Event, Invitation, OnlineAttendance, OnlineRoom
from tests.factories import make_delegate, make_event, make_invitation, make_organisation

ZOOM, TENCENT = "https://zoom.example.org/j/81234567890", "https://meeting.tencent.example.com/dm/ABC123"


def room(event: Event, name: str, url: str, position: int) -> OnlineRoom:
    found = OnlineRoom(event_id=event.id, name=name, url=url, platform="zoom", position=position)
    db.session.add(found)
    db.session.commit()
    return found


def online_guest(event: Event, language: str = "en", **fields: object) -> Invitation:
    return make_invitation(event, make_delegate(language=language), status="accepted", mode="online", **fields)


def joins_of(invitation: Invitation) -> list[OnlineAttendance]:
    return db.session.query(OnlineAttendance).filter_by(invitation_id=invitation.id).all()


@pytest.fixture
def meeting_open(time_machine: TimeMachineFixture) -> object:
    def at(event: Event) -> None:
        time_machine.move_to(event.starts_at - timedelta(minutes=10), tick=False)
    return at


def test_a_personal_meeting_link_comes_first_and_the_join_is_recorded_once_per_click(
        app: Flask, client: FlaskClient, meeting_open) -> None:
    event = make_event()
    zoom = room(event, "Zoom", ZOOM, 1)
    invitation = online_guest(event, meeting_url="https://zoom.example.org/w/812?tk=personal", room_id=zoom.id)
    meeting_open(event)
    response = client.get(f"/i/{invitation.token}/join")
    assert response.status_code == 303
    assert response.headers["Location"] == "https://zoom.example.org/w/812?tk=personal"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    [joined] = joins_of(invitation)
    assert (joined.source, joined.room_id) == ("link", zoom.id)
    assert joined.joined_at == event.starts_at - timedelta(minutes=10)
    client.get(f"/i/{invitation.token}/join")  # a reload a moment later
    assert len(joins_of(invitation)) == 1


def test_a_guest_in_a_room_is_sent_to_that_rooms_link(app: Flask, client: FlaskClient, meeting_open) -> None:
    event = make_event()
    room(event, "Zoom", ZOOM, 1)
    tencent = room(event, "腾讯会议", TENCENT, 2)
    invitation = online_guest(event, room_id=tencent.id)
    meeting_open(event)
    response = client.get(f"/i/{invitation.token}/join")
    assert (response.status_code, response.headers["Location"]) == (303, TENCENT)
    assert [j.room_id for j in joins_of(invitation)] == [tencent.id]


def test_without_rooms_the_event_link_and_with_rooms_the_first_or_the_chosen_one(
        app: Flask, client: FlaskClient, meeting_open) -> None:
    event = make_event()
    invitation = online_guest(event)
    meeting_open(event)
    response = client.get(f"/i/{invitation.token}/join")
    assert response.headers["Location"] == "https://meet.example.org/ceremony"
    assert joins_of(invitation)[0].room_id is None
    room(event, "Zoom", ZOOM, 1)
    tencent = room(event, "腾讯会议", TENCENT, 2)
    assert client.get(f"/i/{invitation.token}/join").headers["Location"] == ZOOM
    assert client.get(f"/i/{invitation.token}/join?room={tencent.id}").headers["Location"] == TENCENT
    assert client.get(f"/i/{invitation.token}/join?room=99999999").headers["Location"] == ZOOM
    assert client.get(f"/i/{invitation.token}/join?room=abc").headers["Location"] == ZOOM


def test_the_invitation_page_offers_one_button_per_room_to_a_guest_who_may_choose(app: Flask,
                                                                                 client: FlaskClient) -> None:
    event = make_event()
    room(event, "Zoom", ZOOM, 1)
    tencent = room(event, "腾讯会议", TENCENT, 2)
    choosing, placed = online_guest(event), online_guest(event, room_id=tencent.id)
    page = client.get(f"/i/{choosing.token}").get_data(as_text=True)
    assert "Join online: Zoom" in page and "Join online: 腾讯会议" in page
    assert f"/i/{choosing.token}/join?room={tencent.id}" in page
    page = client.get(f"/i/{placed.token}").get_data(as_text=True)
    assert "Join online:" not in page and f'href="/i/{placed.token}/join"' in page
    assert ZOOM not in page and TENCENT not in page  # the meeting links are given only to a join


def test_an_in_person_guest_may_follow_online_only_when_the_organisers_allow_it(
        app: Flask, client: FlaskClient, meeting_open) -> None:
    event = make_event()
    allowed = make_invitation(event, make_delegate(language="en"), status="accepted", mode="in_person",
                              online_allowed=True)
    hall_only = make_invitation(event, make_delegate(language="en"), status="accepted", mode="in_person")
    assert "also given you a personal link" in client.get(f"/i/{allowed.token}").get_data(as_text=True)
    assert "also given you a personal link" not in client.get(f"/i/{hall_only.token}").get_data(as_text=True)
    meeting_open(event)
    assert client.get(f"/i/{allowed.token}/join").status_code == 303
    assert client.get(f"/i/{hall_only.token}/join").status_code == 403
    assert len(joins_of(allowed)) == 1 and joins_of(hall_only) == []


@pytest.mark.parametrize("status, mode, said", [
    ("declined", None, "Not attending"), ("withdrawn", None, "withdrawn"), ("waiting", "in_person", "waiting list"),
    ("invited", None, "No answer yet"),
])
def test_a_guest_who_has_not_answered_online_gets_no_link(app: Flask, client: FlaskClient, meeting_open,
                                                          status: str, mode: str | None, said: str) -> None:
    event = make_event()
    room(event, "Zoom", ZOOM, 1)
    invitation = make_invitation(event, make_delegate(language="en"), status=status, mode=mode,
                                 meeting_url="https://zoom.example.org/w/personal")
    meeting_open(event)
    response = client.get(f"/i/{invitation.token}/join")
    page = response.get_data(as_text=True)
    assert response.status_code == 403 and "Location" not in response.headers
    assert "This link is for guests who attend online." in page and said.lower() in page.lower()
    assert "zoom.example.org" not in page and "meet.example.org" not in page
    assert joins_of(invitation) == []


@pytest.mark.parametrize("language, opens, there, left", [
    ("en", "09:00 (China Time)", "10:00 (Japan Time)", "The meeting opens in 2 hours, 5 minutes."),
    ("ja", " 9:00 (中国時間)", "10:00 (日本時間)", "会議は 2 時間 5 分後に開きます。"),
    ("zh", "09:00 (中国时间)", "10:00 (日本时间)", "会议将于2小时5分钟后开放。"),
])
def test_before_the_meeting_opens_a_waiting_page_counts_down_in_the_delegates_language(
        app: Flask, client: FlaskClient, time_machine: TimeMachineFixture, language: str, opens: str, there: str,
        left: str) -> None:
    event = make_event()
    tokyo = make_organisation("日本貿易振興機構", name_latin="JETRO", kind="government", country="JP")
    invitation = make_invitation(event, make_delegate(language=language, organisation=tokyo), status="accepted",
                                 mode="online")
    time_machine.move_to(joins.opens_at(event) - timedelta(hours=2, minutes=5), tick=False)
    response = client.get(f"/i/{invitation.token}/join")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and joins_of(invitation) == []
    assert opens in page and there in page
    assert left in page
    assert 'data-seconds="7500"' in page and f'data-href="/i/{invitation.token}/join"' in page
    assert re.search(r'<script src="/static/js/countdown\.js[^"]*" defer></script>', page)
    assert "<script>" not in page  # the CSP allows the app's own script files only
    assert "zoom.example.org" not in page and "meet.example.org" not in page


def test_seconds_are_counted_in_the_last_hour(app: Flask, client: FlaskClient,
                                              time_machine: TimeMachineFixture) -> None:
    event = make_event()
    invitation = online_guest(event)
    time_machine.move_to(joins.opens_at(event) - timedelta(minutes=4, seconds=7), tick=False)
    page = client.get(f"/i/{invitation.token}/join").get_data(as_text=True)
    assert "The meeting opens in 4 minutes, 7 seconds." in page


def test_after_the_end_the_page_says_the_meeting_has_ended(app: Flask, client: FlaskClient,
                                                           time_machine: TimeMachineFixture) -> None:
    event = make_event()
    invitation = online_guest(event)
    time_machine.move_to(event.ends_at + timedelta(minutes=1), tick=False)
    response = client.get(f"/i/{invitation.token}/join")
    assert response.status_code == 410
    assert "The meeting has ended (at" in response.get_data(as_text=True)
    assert "meet.example.org" not in response.get_data(as_text=True) and joins_of(invitation) == []


def test_while_no_meeting_link_is_set_the_guest_is_told_to_come_back(app: Flask, client: FlaskClient,
                                                                     meeting_open) -> None:
    event = make_event(online_url=None)
    invitation = online_guest(event)
    meeting_open(event)
    response = client.get(f"/i/{invitation.token}/join")
    assert response.status_code == 404 and "not ready yet" in response.get_data(as_text=True)
    assert joins_of(invitation) == []
