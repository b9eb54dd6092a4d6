"""What an operator does on the command line: init, events, staff accounts and tokens."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from eventdesk.extensions import db
from eventdesk.models import ApiToken, AuditEntry, Event
from eventdesk.staff import service as staff_service
from tests.factories import make_staff


def test_init_writes_secrets_once_and_keeps_them(empty_app: Flask) -> None:
    runner = empty_app.test_cli_runner()
    config = Path(empty_app.instance_path) / "config.py"
    assert runner.invoke(args=["init"]).exit_code == 0
    first = config.read_text()
    assert "SECRET_KEY = " in first and "BADGE_SIGNING_KEY = " in first
    assert config.stat().st_mode & 0o077 == 0  # readable by its owner only
    result = runner.invoke(args=["init"])
    assert result.exit_code == 0, result.output
    assert config.read_text() == first
    assert runner.invoke(args=["db", "current"]).exit_code == 0


def test_events_create_reads_times_in_the_event_timezone(app: Flask, runner) -> None:
    result = runner.invoke(args=["events", "create", "chengdu", "--title", "中日地方合作推介会",
                                 "--start", "2027-03-15T09:30", "--end", "2027-03-15T17:30",
                                 "--timezone", "Asia/Shanghai", "--venue", "成都高新区", "--capacity", "400",
                                 "--rsvp-deadline", "2027-03-12T09:30"])
    assert result.exit_code == 0, result.output
    event = db.session.query(Event).filter_by(slug="chengdu").one()
    assert event.starts_at.isoformat() == "2027-03-15T01:30:00+00:00"
    assert event.capacity == 400 and event.venue == "成都高新区"
    listed = runner.invoke(args=["events", "list"])
    assert "chengdu\t中日地方合作推介会\t2027-03-15T09:30+08:00" in listed.output


def test_events_create_refuses_bad_input_with_exit_1_and_writes_nothing(app: Flask, runner) -> None:
    base = ["events", "create", "x", "--title", "T", "--start", "2027-03-15T09:30", "--end", "2027-03-15T17:30"]
    result = runner.invoke(args=[*base, "--timezone", "Mars/Olympus"])
    assert result.exit_code == 1 and "Mars/Olympus" in result.output
    assert runner.invoke(args=[*base, "--timezone", "Asia/Tokyo"]).exit_code == 0
    duplicate = runner.invoke(args=[*base, "--timezone", "Asia/Tokyo"])
    assert duplicate.exit_code == 1 and "already used" in duplicate.output
    assert db.session.query(Event).count() == 1


def test_events_create_without_required_options_is_a_usage_error(app: Flask, runner) -> None:
    result = runner.invoke(args=["events", "create", "x", "--title", "T"])
    assert result.exit_code == 2


def test_users_create_reads_the_password_from_stdin_and_it_signs_in(app: Flask, runner, client) -> None:
    result = runner.invoke(args=["users", "create", "Door1@Example.org", "--role", "door", "--name", "North door",
                                 "--password-stdin"], input="a long door password\n")
    assert result.exit_code == 0, result.output
    assert staff_service.authenticate("door1@example.org", "a long door password").role.value == "door"
    assert db.session.query(AuditEntry).filter_by(action="staff.create").count() == 1


def test_users_create_refuses_a_taken_email_and_a_short_password(app: Flask, runner) -> None:
    make_staff("clerk", "clerk@example.org")
    taken = runner.invoke(args=["users", "create", "clerk@example.org", "--role", "clerk", "--password-stdin"],
                          input="another long password\n")
    assert taken.exit_code == 1
    short = runner.invoke(args=["users", "create", "new@example.org", "--role", "clerk", "--password-stdin"],
                          input="short\n")
    assert short.exit_code == 1 and "10 characters" in short.output
    bad_role = runner.invoke(args=["users", "create", "new@example.org", "--role", "boss", "--password-stdin"])
    assert bad_role.exit_code == 2


def test_users_token_prints_only_the_token_and_stores_its_hash(app: Flask, runner) -> None:
    staff = make_staff("door", "door@example.org")
    result = runner.invoke(args=["users", "token", "door@example.org"])
    assert result.exit_code == 0
    token = result.output.strip()
    assert result.output == token + "\n" and len(token) >= 40
    assert staff_service.staff_for_token(token).id == staff.id
    assert db.session.query(ApiToken).filter(ApiToken.token_hash == token).count() == 0  # never stored plain


def test_users_token_revoke_others_invalidates_earlier_tokens(app: Flask, runner) -> None:
    make_staff("organiser", "org@example.org")
    first = runner.invoke(args=["users", "token", "org@example.org"]).output.strip()
    second = runner.invoke(args=["users", "token", "org@example.org"]).output.strip()
    assert staff_service.staff_for_token(first) and staff_service.staff_for_token(second)
    third = runner.invoke(args=["users", "token", "org@example.org", "--revoke-others"]).output.strip()
    assert staff_service.staff_for_token(first) is None and staff_service.staff_for_token(second) is None
    assert staff_service.staff_for_token(third) is not None
    assert runner.invoke(args=["users", "token", "nobody@example.org"]).exit_code == 1
