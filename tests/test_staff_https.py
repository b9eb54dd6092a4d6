"""Over HTTPS (directly, or through the trusted proxy's X-Forwarded-Proto) the session cookie is Secure and
browsers are told to keep to HTTPS; plain HTTP on 127.0.0.1 for development keeps working."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from eventdesk import create_app
from eventdesk.extensions import db
from tests.factories import PASSWORD, make_staff
from tests.test_staff_sign_in import sign_in


def session_cookie(answer) -> str:
    return next(c for c in answer.headers.getlist("Set-Cookie") if c.startswith("session="))


@pytest.fixture
def app_behind_proxy(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    """The same database, served by an instance configured with EVENTDESK_TRUSTED_PROXIES=1."""
    monkeypatch.setenv("EVENTDESK_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("EVENTDESK_TRUSTED_PROXIES", "1")
    proxied = create_app({key: app.config[key] for key in (
        "TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "SQLALCHEMY_ENGINE_OPTIONS")})
    yield proxied
    with proxied.app_context():
        db.engine.dispose()
        proxied.extensions["eventdesk_autocommit_engine"].dispose()


def test_a_page_over_https_sets_a_secure_cookie_and_hsts(app: Flask, client: FlaskClient) -> None:
    page = client.get("/login", base_url="https://eventdesk.test")
    assert "; Secure" in session_cookie(page)
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")


def test_behind_the_trusted_proxy_https_is_read_from_its_header(app_behind_proxy: Flask) -> None:
    page = app_behind_proxy.test_client().get("/login", headers={"X-Forwarded-Proto": "https",
                                                                "X-Forwarded-For": "203.0.113.5"})
    assert "; Secure" in session_cookie(page) and "Strict-Transport-Security" in page.headers


def test_staff_still_sign_in_over_plain_http_on_their_own_machine(app: Flask) -> None:
    make_staff("organiser", "lin@protocol.example")
    client = app.test_client()
    page = client.get("/login", base_url="http://127.0.0.1:5000")
    assert "Secure" not in session_cookie(page) and "Strict-Transport-Security" not in page.headers
    assert sign_in(client, "lin@protocol.example", PASSWORD).status_code == 302
    assert client.get("/").status_code == 200
