"""Engine settings per database: SQLite gets foreign keys, WAL and a busy timeout on every connection."""

import time
from typing import Any

from flask import Flask, current_app
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError

from eventdesk.extensions import db


def init_app(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    # A second pool whose connections commit each statement: for paths whose every statement stands alone
    # (the door scan), which then pay no BEGIN and COMMIT round trips and no isolation switch per checkout.
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
    ping = options.pop("pool_pre_ping", False)
    autocommit = create_engine(engine.url, isolation_level="AUTOCOMMIT", **options)
    if autocommit.dialect.name == "sqlite":
        event.listen(autocommit, "connect", _sqlite_pragmas)
    elif ping:
        _ping_when_idle(autocommit)
    app.extensions["eventdesk_autocommit_engine"] = autocommit


IDLE_BEFORE_PING = 10.0  # seconds


def _ping_when_idle(engine: Engine) -> None:
    """`pool_pre_ping` for connections that sat unused for a while only. A busy door's scans take a connection
    back within milliseconds and skip the extra round trip, which was a third of a scan's time; one that waited
    (perhaps cut by a database restart or an idle timeout since) is checked first, and replaced if dead. A
    connection broken by a restart within the last seconds fails its scan with the 503 and retry hint, and
    SQLAlchemy then replaces every connection of the pool."""

    @event.listens_for(engine, "connect")
    @event.listens_for(engine, "checkin")
    def idle_from_now(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if time.monotonic() - record.info.get("idle_since", 0.0) < IDLE_BEFORE_PING:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as e:
            raise DisconnectionError("a pooled connection went away while idle") from e  # the pool replaces it


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
