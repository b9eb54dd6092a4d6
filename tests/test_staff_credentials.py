"""Staff credentials as an auditor would check them: passwords hashed with a current scrypt setting (older hashes
replaced at the next sign-in), API tokens stored only as hashes, shown once, and revocable."""

from __future__ import annotations

import hashlib

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from eventdesk.config import DEFAULTS
from eventdesk.extensions import db
from eventdesk.models import ApiToken, Base
from eventdesk.staff import service
from tests.factories import PASSWORD, make_staff

# OWASP Password Storage Cheat Sheet: scrypt with r=8 and at least this p for each N (equal strength).
OWASP_SCRYPT = {2**17: 1, 2**16: 2, 2**15: 3, 2**14: 5, 2**13: 10}


def test_a_new_password_is_stored_with_a_current_scrypt_setting(app: Flask) -> None:
    app.config["PASSWORD_HASH"] = DEFAULTS["PASSWORD_HASH"]  # production's setting, not the tests' cheap one
    staff = make_staff("door", "door@example.org")
    method, salt, digest = staff.password_hash.split("$")
    name, n, r, p = method.split(":")
    assert name == "scrypt" and int(r) == 8 and int(p) >= OWASP_SCRYPT[int(n)]
    assert len(salt) >= 16 and len(digest) == 128  # a 95-bit salt; a 64-byte key
    assert service.authenticate("door@example.org", PASSWORD).id == staff.id
    assert service.authenticate("door@example.org", "not the password") is None


@pytest.mark.parametrize("older", ["scrypt:32768:8:1", "pbkdf2:sha256:600000"])
def test_an_older_hash_is_replaced_at_the_next_sign_in(app: Flask, older: str) -> None:
    staff = make_staff("clerk", "clerk@example.org")
    staff.password_hash = generate_password_hash(PASSWORD, method=older)
    db.session.commit()
    sessions = staff.session_version

    assert service.authenticate("clerk@example.org", "a wrong password") is None
    assert db.session.get(type(staff), staff.id).password_hash.startswith(older + "$")  # only the right one

    assert service.authenticate("clerk@example.org", PASSWORD).id == staff.id
    db.session.expire_all()
    renewed = staff.password_hash
    assert renewed.startswith(app.config["PASSWORD_HASH"] + "$")
    assert staff.session_version == sessions  # the same password: nobody is signed out
    assert service.authenticate("clerk@example.org", PASSWORD).id == staff.id
    db.session.expire_all()
    assert staff.password_hash == renewed  # hashed once, not at every sign-in


def everything() -> str:
    db.session.expire_all()
    return repr({table.name: db.session.execute(select(table)).all() for table in Base.metadata.sorted_tables})


def test_api_tokens_are_stored_hashed_shown_once_and_revocable(app: Flask, runner, client: FlaskClient) -> None:
    make_staff("organiser", "org@example.org")
    issued = runner.invoke(args=["users", "token", "org@example.org"])
    token = issued.output.strip()
    assert issued.exit_code == 0 and issued.output == token + "\n"
    stored = everything()
    # Only its SHA-256 is kept (and its first characters, to recognise it): no command or page can show it again.
    assert token not in stored and token[12:] not in stored
    [row] = db.session.scalars(select(ApiToken)).all()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest() and row.prefix == token[:12]

    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/events", headers=headers).status_code == 200
    replacement = runner.invoke(args=["users", "token", "org@example.org", "--revoke-others"]).output.strip()
    refused = client.get("/api/v1/events", headers=headers)
    assert refused.status_code == 401 and refused.get_json()["error"]["code"] == "unauthorized"
    assert client.get("/api/v1/events", headers={"Authorization": f"Bearer {replacement}"}).status_code == 200
