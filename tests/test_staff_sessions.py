"""Signing out ends the session on the server: a copy of the session cookie made before stops working, and
so does every session of an account whose password is changed."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from eventdesk.extensions import db
from eventdesk.staff import service
from tests.factories import PASSWORD, make_staff
from tests.test_staff_sign_in import csrf_from, sign_in


def copy_of(app: Flask, client: FlaskClient) -> FlaskClient:
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_a_copied_session_cookie_stops_working_when_its_owner_signs_out(app: Flask, client: FlaskClient) -> None:
    make_staff("organiser", "lin@protocol.example")
    assert sign_in(client, "lin@protocol.example", PASSWORD).status_code == 302
    copied = copy_of(app, client)
    assert copied.get("/").status_code == 200  # the copy works while the session lasts
    assert client.post("/logout", data={"csrf_token": csrf_from(client.get("/").data)}).status_code == 302
    refused = copied.get("/")
    assert refused.status_code == 302 and "/login" in refused.headers["Location"]


def test_changing_a_password_signs_out_every_session_of_the_account(app: Flask, client: FlaskClient) -> None:
    staff = make_staff("door", "door@protocol.example")
    assert sign_in(client, "door@protocol.example", PASSWORD).status_code == 302
    assert client.get("/").status_code == 200
    service.set_password(staff, "a brand new door password")
    db.session.commit()
    assert client.get("/").status_code == 302
    assert sign_in(client, "door@protocol.example", "a brand new door password").status_code == 302
    assert client.get("/").status_code == 200
