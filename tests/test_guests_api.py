"""Scripts and door devices look guests up through the API; only organisers get the personal links."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.factories import bearer, make_delegate, make_event, make_invitation, make_staff


def test_organiser_searches_the_guest_list_by_kana_and_gets_the_personal_links(app: Flask, client: FlaskClient) -> None:
    event = make_event()
    sakura = make_invitation(event, make_delegate("山﨑 さくら", "Sakura YAMAZAKI", email="yamazaki@pref.example.jp"),
                             "accepted", "in_person")
    make_invitation(event, make_delegate("张 伟", "Wei ZHANG", language="zh"))
    headers = bearer(make_staff("organiser"))
    answer = client.get("/api/v1/events/ceremony/invitations?q=さく", headers=headers)
    assert answer.status_code == 200
    body = answer.get_json()
    assert (body["total"], body["page"], body["per_page"]) == (1, 1, 50)
    [item] = body["items"]
    assert item["email"] == "yamazaki@pref.example.jp" and item["status"] == "accepted" and item["mode"] == "in_person"
    assert item["delegate"]["family_name"] == "山﨑" and item["delegate"]["language"] == "ja"
    assert item["rsvp_url"] == f"http://eventdesk.test/i/{sakura.token}" and item["checked_in_at"] is None
    filtered = client.get("/api/v1/events/ceremony/invitations?status=invited&per_page=1", headers=headers).get_json()
    assert filtered["total"] == 1 and filtered["items"][0]["delegate"]["family_name"] == "张"


def test_door_staff_may_look_up_but_never_see_personal_links(app: Flask, client: FlaskClient) -> None:
    event = make_event()
    make_invitation(event, make_delegate("髙橋 一郎", "Ichiro TAKAHASHI"))
    answer = client.get("/api/v1/events/ceremony/invitations?q=高橋", headers=bearer(make_staff("door")))
    assert answer.status_code == 200
    [item] = answer.get_json()["items"]
    assert "rsvp_url" not in item and "/i/" not in answer.text


def test_clerks_and_bad_queries_are_refused(app: Flask, client: FlaskClient) -> None:
    make_event()
    assert client.get("/api/v1/events/ceremony/invitations", headers=bearer(make_staff("clerk"))).status_code == 403
    assert client.get("/api/v1/events/ceremony/invitations").status_code == 401
    organiser = bearer(make_staff("organiser"))
    bad = client.get("/api/v1/events/ceremony/invitations?status=maybe&per_page=0", headers=organiser)
    assert bad.status_code == 422 and bad.get_json()["error"]["code"] == "invalid_input"
    assert client.get("/api/v1/events/nowhere/invitations", headers=organiser).status_code == 404
