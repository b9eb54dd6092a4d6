"""Organisers and clerks type local times: a time the clocks skip (the spring DST gap) is refused with the time
named, at every entrance (command line, API, the signing desk); an hour the clocks repeat is read as its first
occurrence; an event ends after it starts and its RSVP deadline is not after its end. Nothing is stored when a
time is refused."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from eventdesk.extensions import db
from eventdesk.models import Agreement, AgreementStatus, Event, Staff
from tests.factories import bearer, make_event, make_staff
from tests.signing_factories import admit, post, signing_pair

EVENTS = "/api/v1/events"
NEW_YORK = {"slug": "un-side-event", "title": "Regional cooperation side event", "timezone": "America/New_York",
            "starts_at": "2027-03-14T09:00:00", "ends_at": "2027-03-14T12:00:00"}


def event_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Event))


def refused(answer, code: str) -> str:
    """The API's error shape with a 400: the message, for the test to read."""
    assert answer.status_code == 400, answer.get_data(as_text=True)
    error = answer.get_json()["error"]
    assert error["code"] == code
    return error["message"]


def test_an_event_created_at_a_time_the_clocks_skip_is_refused_on_the_command_line(runner) -> None:
    result = runner.invoke(args=["events", "create", "madrid", "--title", "Foro Hispano-Chino",
                                 "--start", "2027-03-28T02:30", "--end", "2027-03-28T06:00",
                                 "--timezone", "Europe/Madrid"])
    assert result.exit_code == 1
    assert "2027-03-28 02:30" in result.output and "Europe/Madrid" in result.output
    assert event_count() == 0


def test_an_event_created_through_the_api_in_the_dst_gap_is_refused(client: FlaskClient, organiser: Staff) -> None:
    answer = client.post(EVENTS, json={**NEW_YORK, "starts_at": "2027-03-14T02:30:00",
                                       "ends_at": "2027-03-14T03:15:00"}, headers=bearer(organiser))
    message = refused(answer, "nonexistent_time")
    assert "2027-03-14 02:30" in message and "America/New_York" in message
    assert answer.get_json()["error"]["fields"] == {"starts_at": [message]}
    assert event_count() == 0


def test_moving_an_event_into_the_dst_gap_is_refused_and_changes_nothing(client: FlaskClient,
                                                                         organiser: Staff) -> None:
    token = bearer(organiser)
    assert client.post(EVENTS, json=NEW_YORK, headers=token).status_code == 201
    before = client.get(f"{EVENTS}/un-side-event", headers=token).get_json()
    answer = client.patch(f"{EVENTS}/un-side-event", json={"starts_at": "2027-03-14T02:00:00", "venue": "Hall B"},
                          headers=token)
    assert "2027-03-14 02:00" in refused(answer, "nonexistent_time")
    assert client.get(f"{EVENTS}/un-side-event", headers=token).get_json() == before


def test_a_time_the_clocks_show_twice_is_read_as_the_first(client: FlaskClient, organiser: Staff) -> None:
    answer = client.post(EVENTS, json={**NEW_YORK, "starts_at": "2027-11-07T01:30:00",
                                       "ends_at": "2027-11-07T04:00:00"}, headers=bearer(organiser))
    assert answer.status_code == 201, answer.get_data(as_text=True)
    assert answer.get_json()["starts_at"] == "2027-11-07T01:30:00-04:00"  # still summer time
    assert answer.get_json()["ends_at"] == "2027-11-07T04:00:00-05:00"


def test_an_event_ending_before_it_starts_is_refused_in_the_page_language(client: FlaskClient,
                                                                          organiser: Staff) -> None:
    answer = client.post(EVENTS, json={**NEW_YORK, "ends_at": "2027-03-14T08:59:00"},
                         headers={**bearer(organiser), "Accept-Language": "zh"})
    assert refused(answer, "invalid_time") == "活动的结束时间必须晚于开始时间。"
    assert event_count() == 0


def test_an_rsvp_deadline_after_the_end_is_refused(client: FlaskClient, organiser: Staff, runner) -> None:
    token = bearer(organiser)
    answer = client.post(EVENTS, json={**NEW_YORK, "rsvp_deadline": "2027-03-14T12:01:00"}, headers=token)
    assert "deadline" in refused(answer, "invalid_deadline")
    assert event_count() == 0

    result = runner.invoke(args=["events", "create", "chengdu", "--title", "中日地方合作推介会",
                                 "--start", "2027-05-20T09:30", "--end", "2027-05-20T17:30",
                                 "--timezone", "Asia/Shanghai", "--rsvp-deadline", "2027-05-21T09:00"])
    assert result.exit_code == 1 and "deadline" in result.output
    assert event_count() == 0

    assert client.post(EVENTS, json={**NEW_YORK, "rsvp_deadline": "2027-03-14T11:00:00"},
                       headers=token).status_code == 201
    shortened = client.patch(f"{EVENTS}/un-side-event", json={"ends_at": "2027-03-14T10:00:00"}, headers=token)
    refused(shortened, "invalid_deadline")


def test_a_clerk_typing_a_signing_time_the_clocks_skip_is_told_in_their_language(app: Flask,
                                                                                 clerk_client) -> None:
    event = make_event(timezone="Europe/Madrid")
    _, wang, sato = signing_pair(event)
    admit(wang), admit(sato)
    clerk_client.get("/events/ceremony/signing?lang=zh")
    page = post(clerk_client, "/events/ceremony/signing/CJ-01/sign",
                {"mode": "in_person", "signed_at": "2026-03-29T02:30:00"}, follow_redirects=True)  # in the past
    html = page.get_data(as_text=True)
    assert "2026-03-29 02:30" in html and "Europe/Madrid" in html and "没有" in html
    assert db.session.scalar(select(Agreement.status)) == AgreementStatus.PLANNED


def test_a_signing_time_the_clocks_skip_is_refused_through_the_api(app: Flask, client) -> None:
    event = make_event(timezone="America/New_York")
    _, wang, sato = signing_pair(event)
    admit(wang), admit(sato)
    answer = client.post("/api/v1/events/ceremony/agreements/CJ-01/sign",
                         json={"mode": "in_person", "signed_at": "2026-03-08T02:15:00"},
                         headers=bearer(make_staff("clerk")))
    assert "2026-03-08 02:15" in refused(answer, "nonexistent_time")
    assert db.session.scalar(select(Agreement.status)) == AgreementStatus.PLANNED
