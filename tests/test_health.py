"""/healthz tells a load balancer and an operator whether the database answers and whether mail goes out, and
names no database engine or version to whoever asks."""

from __future__ import annotations

import os
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from flask import Flask
from sqlalchemy import text

from eventdesk import create_app
from eventdesk.extensions import db
from eventdesk.mail import outbox
from eventdesk.models import utcnow
from tests.conftest import TEST_SIGNING_KEY


def engine_words(app: Flask) -> list[str]:
    if db.engine.dialect.name == "sqlite":
        return ["sqlite", sqlite3.sqlite_version]
    return ["postgres", db.session.scalar(text("SHOW server_version")).split()[0]]


def test_a_load_balancer_sees_database_and_mail_up_and_no_engine_named(app: Flask, client) -> None:
    answer = client.get("/healthz")
    assert answer.status_code == 200
    assert answer.get_json() == {"status": "ok", "database": "ok", "mail": "ok"}
    for word in engine_words(app):
        assert word.lower() not in answer.text.lower()


def test_mail_waiting_too_long_shows_the_mail_worker_late_while_the_site_stays_up(app: Flask, client) -> None:
    outbox.queue("invitation", "guest@example.jp", "Invitation", "Welcome")
    db.session.commit()
    assert client.get("/healthz").get_json()["mail"] == "ok"  # just queued: the worker has time yet

    with time_machine.travel(utcnow() + timedelta(minutes=11)):
        answer = client.get("/healthz")
    assert answer.status_code == 200
    assert answer.get_json() == {"status": "degraded", "database": "ok", "mail": "late"}


@pytest.fixture
def app_without_database(database: dict, tmp_path: Path) -> Flask:
    """An app whose database does not answer: a missing directory, or a port nothing listens on."""
    url = (f"sqlite:///{tmp_path / 'gone' / 'eventdesk.sqlite'}" if database["backend"] == "sqlite"
           else "postgresql+psycopg://postgres@127.0.0.1:1/eventdesk")
    os.environ["EVENTDESK_INSTANCE_PATH"] = str(tmp_path)
    try:
        return create_app({"TESTING": True, "SECRET_KEY": "test-secret", "BADGE_SIGNING_KEY": TEST_SIGNING_KEY,
                           "BADGE_KEY_ID": "T", "SQLALCHEMY_DATABASE_URI": url})
    finally:
        del os.environ["EVENTDESK_INSTANCE_PATH"]


def test_a_load_balancer_hears_503_when_the_database_does_not_answer(app_without_database: Flask) -> None:
    answer = app_without_database.test_client().get("/healthz")
    assert answer.status_code == 503
    assert answer.get_json() == {"status": "down", "database": "down", "mail": "unknown"}
    assert "sqlite" not in answer.text.lower() and "postgres" not in answer.text.lower()
