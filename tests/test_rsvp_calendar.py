"""A delegate's calendar file, read back with an independent parser (vobject): the same instant in every
timezone, a UID that never changes and a SEQUENCE that rises, the join link for online guests; and the
organisers' programme feed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import vobject
from flask import Flask
from flask.testing import FlaskClient

from eventdesk.events import service as events
from eventdesk.extensions import db
from eventdesk.models import ProgrammeItem
from eventdesk.rsvp import links
from tests.factories import make_delegate, make_event, make_invitation
from tests.rsvp_steps import answer

CEREMONY = datetime(2027, 3, 15, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


def ceremony_event(**fields: object) -> object:
    event = make_event(starts_at=CEREMONY, ends_at=CEREMONY + timedelta(hours=8),
                       rsvp_deadline=CEREMONY - timedelta(days=3), **fields)
    event.programme.extend([
        ProgrammeItem(kind="signing", title="Signing of agreements", titles={"ja": "協定調印式", "zh": "协议签约仪式"},
                      starts_at=CEREMONY + timedelta(hours=1), ends_at=CEREMONY + timedelta(hours=2),
                      location="Hall A", streamed=True),
        ProgrammeItem(kind="lunch", title="Networking lunch", titles={"ja": "交流昼食会"},
                      starts_at=CEREMONY + timedelta(hours=3), ends_at=CEREMONY + timedelta(hours=4),
                      location="Banquet room", streamed=False)])
    db.session.commit()
    return event


def calendar_of(client: FlaskClient, invitation: object) -> vobject.base.Component:
    response = client.get(f"/i/{invitation.token}/calendar.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    return vobject.readOne(response.get_data(as_text=True))


def ceremony_entry(calendar: vobject.base.Component) -> vobject.base.Component:
    return next(e for e in calendar.vevent_list if "-item-" not in e.uid.value)


def test_the_start_is_one_instant_in_shanghai_tokyo_and_madrid(app: Flask, client: FlaskClient) -> None:
    invitation = make_invitation(ceremony_event(), make_delegate(language="ja"))
    calendar = calendar_of(client, invitation)
    start = ceremony_entry(calendar).dtstart.value
    assert calendar.vtimezone.tzid.value == "Asia/Shanghai"
    assert start.utcoffset() == timedelta(hours=8)
    assert (start.hour, start.minute) == (9, 30)
    assert start.astimezone(ZoneInfo("Asia/Tokyo")).strftime("%Y-%m-%d %H:%M") == "2027-03-15 10:30"
    assert start.astimezone(ZoneInfo("Europe/Madrid")).strftime("%Y-%m-%d %H:%M") == "2027-03-15 02:30"
    assert start.astimezone(UTC) == datetime(2027, 3, 15, 1, 30, tzinfo=UTC)


def test_changing_the_event_time_raises_sequence_and_keeps_uid(app: Flask, client: FlaskClient) -> None:
    event = ceremony_event()
    invitation = make_invitation(event, make_delegate(language="en"))
    before = ceremony_entry(calendar_of(client, invitation))
    events.update(event, starts_at=CEREMONY + timedelta(hours=1), ends_at=CEREMONY + timedelta(hours=9))
    after = ceremony_entry(calendar_of(client, invitation))
    assert after.uid.value == before.uid.value
    assert int(after.sequence.value) == int(before.sequence.value) + 1
    assert after.dtstart.value == CEREMONY + timedelta(hours=1)
    answer(client, invitation, "online")
    answered = ceremony_entry(calendar_of(client, invitation))
    assert answered.uid.value == before.uid.value and int(answered.sequence.value) == int(after.sequence.value) + 1


def test_an_in_person_calendar_has_the_place_the_reminder_and_every_programme_item(app: Flask,
                                                                                  client: FlaskClient) -> None:
    invitation = make_invitation(ceremony_event(), make_delegate("山田 太郎", "Taro YAMADA", language="ja"),
                                 status="accepted", mode="in_person")
    calendar = calendar_of(client, invitation)
    assert calendar.method.value == "REQUEST"
    assert {e.summary.value for e in calendar.vevent_list} == {"日中地方協力推進会", "協定調印式", "交流昼食会"}
    entry = ceremony_entry(calendar)
    assert "Chengdu Hi-tech Zone Exhibition Centre" in entry.location.value
    assert entry.geo.value == "30.5728;104.0668"
    assert entry.organizer.value == "mailto:protocol@eventdesk.test"
    assert entry.attendee.params["PARTSTAT"] == ["ACCEPTED"]
    assert entry.attendee.params["CN"] == ["山田太郎 (Taro YAMADA)"]
    assert entry.valarm.trigger.value == timedelta(hours=-1)
    assert entry.dtstamp.value.tzinfo is not None
    assert f"/i/{invitation.token}" in entry.description.value


def test_an_online_calendar_holds_the_join_link_and_only_streamed_items(app: Flask, client: FlaskClient) -> None:
    invitation = make_invitation(ceremony_event(), make_delegate(language="en"), status="accepted", mode="online")
    calendar = calendar_of(client, invitation)
    assert {e.summary.value for e in calendar.vevent_list} == {"China–Japan Regional Cooperation Promotion",
                                                                "Signing of agreements"}
    entry = ceremony_entry(calendar)
    join = f"http://eventdesk.test/i/{invitation.token}/join"
    assert entry.url.value == join and join in entry.description.value
    assert not hasattr(entry, "geo")


def test_a_waiting_delegate_is_tentative_and_a_declined_one_cancelled(app: Flask, client: FlaskClient) -> None:
    event = ceremony_event()
    waiting = make_invitation(event, status="waiting", mode="in_person")
    assert ceremony_entry(calendar_of(client, waiting)).attendee.params["PARTSTAT"] == ["TENTATIVE"]
    declined = make_invitation(event, status="declined")
    calendar = calendar_of(client, declined)
    assert calendar.method.value == "CANCEL"
    assert len(calendar.vevent_list) == 3  # every entry the delegate may hold is cancelled
    assert all(e.status.value == "CANCELLED" for e in calendar.vevent_list)
    assert ceremony_entry(calendar).attendee.params["PARTSTAT"] == ["DECLINED"]


def test_organisers_subscribe_to_the_programme_with_a_secret_address(app: Flask, client: FlaskClient,
                                                                     organiser_client: FlaskClient) -> None:
    event = ceremony_event()
    assert client.get(f"/events/{event.slug}/programme.ics").status_code == 404
    assert client.get(f"/events/{event.slug}/programme.ics?key=wrong").status_code == 404
    feed = client.get(links.feed_url(event).removeprefix("http://eventdesk.test"))
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    calendar = vobject.readOne(feed.get_data(as_text=True))
    assert calendar.method.value == "PUBLISH" and len(calendar.vevent_list) == 3
    assert organiser_client.get(f"/events/{event.slug}/programme.ics").status_code == 200
    page = organiser_client.get(f"/events/{event.slug}/registrations").get_data(as_text=True)
    assert links.feed_url(event).replace("&", "&amp;") in page or links.feed_url(event) in page
