"""Engine settings per database: SQLite gets foreign keys, WAL and a busy timeout on every connection."""

from typing import Any

from flask import Flask, current_app
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine

from eventdesk.extensions import db


def init_app(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    # A second pool whose connections commit each statement: for paths whose every statement stands alone
    # (the door scan), which then pay no BEGIN and COMMIT round trips and no isolation switch per checkout.
    autocommit = create_engine(engine.url, isolation_level="AUTOCOMMIT",
                               **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
    if autocommit.dialect.name == "sqlite":
        event.listen(autocommit, "connect", _sqlite_pragmas)
    app.extensions["eventdesk_autocommit_engine"] = autocommit


def autocommit_engine() -> Engine:
    return current_app.extensions["eventdesk_autocommit_engine"]


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 10000")
    if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "memory":
        cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def is_sqlite(engine: Engine | None = None) -> bool:
    return (engine or db.engine).dialect.name == "sqlite"
