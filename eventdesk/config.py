"""Configuration in three layers: these defaults, then instance/config.py, then EVENTDESK_* variables."""

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

DEFAULTS: dict[str, Any] = {
    "SECRET_KEY": None,  # eventdesk init writes one into instance/config.py
    "BADGE_SIGNING_KEY": None,  # base64 of an Ed25519 private key seed, written by eventdesk init
    "BADGE_KEY_ID": "A",
    "SQLALCHEMY_DATABASE_URI": None,
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "BASE_URL": "http://127.0.0.1:5000",
    "SMTP_HOST": "127.0.0.1",
    "SMTP_PORT": 25,
    "SMTP_USER": None,
    "SMTP_PASSWORD": None,
    "SMTP_STARTTLS": False,
    "MAIL_FROM": "eventdesk <noreply@eventdesk.invalid>",
    "BABEL_DEFAULT_LOCALE": "en",
    "BABEL_DEFAULT_TIMEZONE": "UTC",
    "LANGUAGES": ("en", "zh", "ja"),
    "WTF_CSRF_TIME_LIMIT": None,  # a door tablet stays open all day; the session still binds the token
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
    # Staff passwords: scrypt with N=2^15, r=8, p=3, one of OWASP's minimum settings (werkzeug's default, p=1, is
    # a third of it) in 32 MiB. A hash of an older setting is replaced at the account's next sign-in.
    "PASSWORD_HASH": "scrypt:32768:8:3",
    # How many reverse proxies stand in front and set X-Forwarded-*: 0 trusts none (direct exposure).
    "TRUSTED_PROXIES": 0,
}

# Variables that are read as such; each EVENTDESK_<NAME> sets <NAME>.
ENVIRONMENT = {
    "SECRET_KEY": str,
    "DATABASE_URL": str,
    "BASE_URL": str,
    "SMTP_HOST": str,
    "SMTP_PORT": int,
    "SMTP_USER": str,
    "SMTP_PASSWORD": str,
    "SMTP_STARTTLS": lambda v: v.strip().lower() in {"1", "true", "yes", "on"},
    "MAIL_FROM": str,
    "BADGE_SIGNING_KEY": str,
    "BADGE_KEY_ID": str,
    "TRUSTED_PROXIES": int,
}


def load_config(app: Flask, overrides: Mapping[str, Any] | None = None) -> None:
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile(str(Path(app.instance_path) / "config.py"), silent=True)
    for name, parse in ENVIRONMENT.items():
        value = os.environ.get(f"EVENTDESK_{name}")
        if value is None and name == "DATABASE_URL":
            value = os.environ.get("DATABASE_URL")
        if value is not None:
            app.config[name] = parse(value)
    if app.config.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"]
    if overrides:
        app.config.from_mapping(overrides)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(
        app.config["SQLALCHEMY_DATABASE_URI"] or f"sqlite:///{Path(app.instance_path) / 'eventdesk.sqlite'}"
    )
    if not app.config["SECRET_KEY"]:
        # Without `eventdesk init` sessions would not survive a restart; refuse rather than guess.
        app.config["SECRET_KEY"] = os.urandom(32).hex()
        app.config["SECRET_KEY_IS_EPHEMERAL"] = True


def database_url(url: str) -> str:
    """Accept the URLs hosting platforms hand out and select psycopg 3 for PostgreSQL."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
