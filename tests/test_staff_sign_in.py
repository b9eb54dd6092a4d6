"""Staff sign in with e-mail and password; every page checks the role; every form carries a CSRF token."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from eventdesk.auth import roles_required
from eventdesk.models import StaffRole
from tests.factories import PASSWORD, make_event, make_staff, signed_in


def csrf_from(html: bytes) -> str:
    return re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"',
                     html).group(1 if b'type="hidden" value' in html else 2).decode()


def sign_in(client: FlaskClient, email: str, password: str):
    token = csrf_from(client.get("/login").data)
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


def test_organiser_signs_in_and_sees_the_events_with_counts(app: Flask, client: FlaskClient) -> None:
    make_staff("organiser", "lin@protocol.example")
    make_event(slug="chengdu")
    response = sign_in(client, "Lin@Protocol.example", PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert "China–Japan Regional Cooperation Promotion" in home.text and "chengdu" in home.text
    assert "中日地方合作推介会" in client.get("/?lang=zh").text


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(app: Flask, client: FlaskClient) -> None:
    make_staff("organiser", "lin@protocol.example")
    response = sign_in(client, "lin@protocol.example", "not the password")
    assert response.status_code == 400
    assert "do not match" in response.text
    assert client.get("/").status_code == 302


def test_login_without_csrf_token_is_refused(app: Flask, client: FlaskClient) -> None:
    make_staff("organiser", "lin@protocol.example")
    response = client.post("/login", data={"email": "lin@protocol.example", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_sign_in_never_redirects_to_another_site(app: Flask, client: FlaskClient) -> None:
    make_staff("organiser", "lin@protocol.example")
    token = csrf_from(client.get("/login").data)
    response = client.post("/login?next=https://evil.example/", data={
        "email": "lin@protocol.example", "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/"


def test_sign_out_needs_a_post_with_csrf(app: Flask, organiser_client: FlaskClient) -> None:
    assert organiser_client.get("/logout").status_code == 405
    assert organiser_client.post("/logout").status_code == 400
    token = csrf_from(organiser_client.get("/").data)
    assert organiser_client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert organiser_client.get("/").status_code == 302


def test_a_role_guard_lets_organisers_and_the_named_role_through(app: Flask) -> None:
    @app.get("/only-clerks")
    @roles_required(StaffRole.CLERK)
    def only_clerks() -> str:
        return "ledger"

    assert app.test_client().get("/only-clerks").status_code == 302  # to the sign-in page
    assert signed_in(app, make_staff("door")).get("/only-clerks").status_code == 403
    assert signed_in(app, make_staff("clerk")).get("/only-clerks").text == "ledger"
    assert signed_in(app, make_staff("organiser")).get("/only-clerks").text == "ledger"


def test_a_deactivated_account_cannot_sign_in(app: Flask, client: FlaskClient) -> None:
    from eventdesk.extensions import db

    staff = make_staff("door", "gone@protocol.example")
    staff.active = False
    db.session.commit()
    assert sign_in(client, "gone@protocol.example", PASSWORD).status_code == 400


def test_unknown_pages_and_health_answer_without_a_server_error(app: Flask, client: FlaskClient) -> None:
    missing = client.get("/no/such/page")
    assert missing.status_code == 404 and "does not exist" in missing.text
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json["status"] == "ok"


def test_pages_load_nothing_from_other_sites(app: Flask, organiser_client: FlaskClient) -> None:
    make_event()
    page = organiser_client.get("/")
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    assert not re.search(r'(src|href)="https?://', page.text)
