"""Over the API an organiser re-issues a lost badge, and a door device fetches the keys to check badges offline."""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from flask import Flask
from flask.testing import FlaskClient

from eventdesk.badges import codec
from eventdesk.badges import service as badges
from tests.factories import bearer, make_event, make_invitation, make_staff


def test_an_organiser_reissues_a_lost_badge_and_the_old_code_is_refused_at_the_door(app: Flask,
                                                                                   client: FlaskClient) -> None:
    event = make_event()
    invitation = make_invitation(event, status="accepted", mode="in_person")
    old = badges.issue(invitation)
    old_code = codec.encode(event.id, invitation.id, old.serial, app.config)
    answer = client.post(f"/api/v1/events/{event.slug}/invitations/{invitation.id}/badge",
                         headers=bearer(make_staff("organiser")))
    assert answer.status_code == 201
    assert answer.json["revoked_serial"] == old.serial and answer.json["serial"] != old.serial
    door = bearer(make_staff("door"))
    scan = lambda code: client.post(f"/api/v1/events/{event.slug}/checkins", headers=door,  # noqa: E731
                                    json={"code": code, "door": "North"}).json["result"]
    assert scan(old_code) == "revoked"
    assert scan(answer.json["code"]) == "admitted"


def test_reissuing_is_refused_to_door_staff_and_for_guests_without_a_badge(app: Flask, client: FlaskClient) -> None:
    event = make_event()
    online = make_invitation(event, status="accepted", mode="online")
    organiser = bearer(make_staff("organiser"))
    url = f"/api/v1/events/{event.slug}/invitations/{online.id}/badge"
    assert client.post(url, headers=bearer(make_staff("door"))).status_code == 403
    refused = client.post(url, headers=organiser)
    assert refused.status_code == 409 and refused.json["error"]["code"] == "not_in_person"
    assert client.post(f"/api/v1/events/{event.slug}/invitations/99999/badge", headers=organiser).status_code == 404


def test_a_door_device_verifies_a_badge_offline_with_the_published_key(app: Flask, client: FlaskClient) -> None:
    event = make_event()
    invitation = make_invitation(event, status="accepted", mode="in_person")
    code = codec.encode(event.id, invitation.id, badges.issue(invitation).serial, app.config)
    published = client.get("/api/v1/badges/keys", headers=bearer(make_staff("door"))).json
    key_id, body = code[2], base64.b32decode(code[3:])
    public_key = Ed25519PublicKey.from_public_bytes(base64.b64decode(published["keys"][key_id]))
    public_key.verify(body[16:], code[:3].encode() + body[:16])  # raises if the badge were forged
    assert client.get("/api/v1/badges/keys").status_code == 401
