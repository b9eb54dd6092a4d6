"""A door device keeps an offline bundle: the badge keys, the revoked serials and the roster, whole once and then
only what changed; door staff and organisers fetch it (the door page with its session, a device with a token).
The door page installs as an offline app: its service worker, the files it keeps, its manifest, its offline page."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import time_machine
from flask import Flask
from flask.testing import FlaskClient

from eventdesk.badges import codec
from eventdesk.badges import service as badges
from eventdesk.door import service
from eventdesk.extensions import db
from eventdesk.models import Delegate
from tests.factories import bearer, make_delegate, make_event, make_invitation, make_organisation, make_staff, signed_in

BUNDLE = "/events/ceremony/door/bundle"
API_BUNDLE = "/api/v1/events/ceremony/checkins/bundle"


def rows(bundle: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {row[0]: dict(zip(bundle["columns"], row, strict=True)) for row in bundle["guests"]}


def fetch(client: FlaskClient, since: str | None = None) -> dict[str, Any]:
    reply = client.get(BUNDLE + (f"?since={since}" if since else ""), headers={"Accept-Encoding": "gzip, br"})
    assert reply.status_code == 200 and reply.headers["Content-Encoding"] == "gzip"
    assert reply.headers["Cache-Control"] == "no-store"
    return json.loads(gzip.decompress(reply.data))


def world() -> tuple[Any, Any, Any]:
    """Two guests, one with a badge, one who answered online; made now (deltas compare with the clock)."""
    event = make_event()
    ministry = make_organisation("日本貿易振興機構", name_latin="JETRO")
    yamada = make_invitation(event, make_delegate("山田 太郎", "Taro YAMADA", organisation=ministry,
                                                  role="signatory"), status="accepted", mode="in_person")
    wang = make_invitation(event, make_delegate("王 芳", "Fang WANG", language="zh"), status="accepted",
                           mode="online")
    badges.issue(yamada)
    return event, yamada, wang


def test_the_bundle_holds_the_keys_and_every_guest_with_answer_badge_and_admission(app: Flask, door_client) -> None:
    event, yamada, wang = world()
    admitted = service.scan(event, badges.code_for(badges.current(yamada)), door="North door", staff=None)
    bundle = fetch(door_client)
    assert bundle["full"] is True and bundle["event"] == {"id": event.id, "slug": "ceremony",
                                                           "timezone": "Asia/Shanghai"}
    assert bundle["keys"] == codec.public_keys(app.config) and bundle["revoked"] == []
    guests = rows(bundle)
    assert guests[yamada.id] == {
        "id": yamada.id, "serial": badges.current(yamada).serial, "name": "山田太郎", "name_latin": "Taro YAMADA",
        "search": "|山田太郎|太郎山田|yamadataro|taroyamada|", "organisation": yamada.delegate.organisation_id,
        "role": "signatory", "status": "accepted", "mode": "in_person",
        "admitted_at": int(datetime.fromisoformat(admitted.answer["first_admitted_at"]).timestamp() * 1000),
        "admitted_door": int(next(k for k, v in bundle["doors"].items() if v == "North door"))}
    assert guests[wang.id]["serial"] == 0 and guests[wang.id]["mode"] == "online"
    assert bundle["organisations"][str(yamada.delegate.organisation_id)] == ["日本貿易振興機構", "JETRO"]


def test_after_the_first_load_only_what_changed_comes_back(app: Flask, door_client) -> None:
    event, yamada, wang = world()
    later = make_invitation(event, make_delegate("佐藤 花子", "Hanako SATO"), status="accepted", mode="in_person")
    first = fetch(door_client)
    assert set(rows(fetch(door_client, first["cursor"]))) == {yamada.id, wang.id, later.id}  # a minute's overlap
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=5)):
        second = fetch(door_client, first["cursor"])
        assert fetch(door_client, second["cursor"])["guests"] == []
        old_serial = badges.current(yamada).serial
        badges.reissue(yamada)
        db.session.get(Delegate, wang.delegate_id).given_name_latin = "Fang F."
        db.session.commit()
        delta = fetch(door_client, second["cursor"])
    assert delta["full"] is False and set(rows(delta)) == {yamada.id, wang.id}
    assert delta["revoked"] == [old_serial] and rows(delta)[yamada.id]["serial"] == badges.current(yamada).serial
    assert rows(delta)[wang.id]["name_latin"] == "Fang F. WANG"


def test_a_cursor_the_server_never_made_gets_the_whole_bundle(app: Flask, door_client) -> None:
    world()
    for cursor in ("nonsense", "AAAAAAAAAAA=", "%00"):
        assert fetch(door_client, cursor)["full"] is True


def test_door_devices_fetch_the_bundle_with_a_token_and_clerks_cannot(app: Flask) -> None:
    event, yamada, _wang = world()
    client = app.test_client()
    reply = client.get(API_BUNDLE, headers=bearer(make_staff("door")))
    assert reply.status_code == 200 and set(rows(reply.json)) == {yamada.id, _wang.id}
    assert client.get(API_BUNDLE, headers=bearer(make_staff("organiser"))).status_code == 200
    assert client.get(API_BUNDLE, headers=bearer(make_staff("clerk"))).json["error"]["code"] == "forbidden"
    assert client.get(API_BUNDLE).status_code == 401
    assert client.get("/api/v1/events/nowhere/checkins/bundle", headers=bearer(make_staff("door"))).status_code == 404
    assert signed_in(app, make_staff("clerk")).get(BUNDLE).status_code == 403


def test_the_door_page_installs_as_an_offline_app(app: Flask, door_client) -> None:
    make_event()
    worker = door_client.get("/events/ceremony/door/sw.js")
    assert worker.status_code == 200 and worker.mimetype == "text/javascript"
    assert worker.headers["Service-Worker-Allowed"] == "/events/ceremony/door"
    files = door_client.get("/events/ceremony/door/offline-files").json
    assert files["page"] == "/events/ceremony/door" and "/static/vendor/jsqr/jsQR.js" in files["files"]
    for url in files["files"] + [files["fallback"]]:
        assert door_client.get(url).status_code == 200, url
    manifest = door_client.get("/events/ceremony/door/manifest.webmanifest?lang=ja")
    assert manifest.mimetype == "application/manifest+json"
    assert manifest.json["start_url"] == manifest.json["scope"] == "/events/ceremony/door"
    assert manifest.json["display"] == "standalone" and "入口" in manifest.json["name"]
    offline = door_client.get("/events/ceremony/door/offline?lang=zh").get_data(as_text=True)
    assert "此设备在联网时尚未打开过本入口页面" in offline
    assert app.test_client().get("/events/ceremony/door/sw.js").status_code == 302  # signed out: to sign-in
