"""Configuration comes in layers: defaults, then instance/config.py, then EVENTDESK_* variables."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventdesk import create_app


def test_instance_config_overrides_defaults_and_environment_overrides_both(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "config.py").write_text("BASE_URL = 'https://from-file.example'\nSMTP_PORT = 2525\n"
                                        "SECRET_KEY = 'file-secret'\n")
    monkeypatch.setenv("EVENTDESK_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("EVENTDESK_SMTP_PORT", "1025")
    monkeypatch.setenv("EVENTDESK_SMTP_STARTTLS", "true")
    monkeypatch.setenv("EVENTDESK_DATABASE_URL", "postgres://u@db.example/eventdesk")
    app = create_app()
    assert app.config["BASE_URL"] == "https://from-file.example"
    assert app.config["SMTP_PORT"] == 1025 and app.config["SMTP_STARTTLS"] is True
    assert app.config["SECRET_KEY"] == "file-secret"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/eventdesk"
    assert app.instance_path == str(tmp_path)


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTDESK_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("EVENTDESK_DATABASE_URL", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'eventdesk.sqlite'}"


def test_sqlite_runs_with_foreign_keys_wal_and_a_busy_timeout(tmp_path: Path, monkeypatch) -> None:
    from sqlalchemy import text

    from eventdesk.extensions import db

    monkeypatch.setenv("EVENTDESK_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("EVENTDESK_DATABASE_URL", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with create_app().app_context():
        pragma = lambda name: db.session.execute(text(f"PRAGMA {name}")).scalar()  # noqa: E731
        assert pragma("foreign_keys") == 1
        assert pragma("journal_mode") == "wal"
        assert pragma("busy_timeout") >= 5000
