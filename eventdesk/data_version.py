"""Whether the database's committed data may have changed since a moment, asked cheaply: a figure computed over
many rows can then be kept and reused while nothing changed, whoever writes (this process, another app server,
a command, a raw SQL update).

PostgreSQL: the statement's snapshot (xmin, xmax and the transactions in progress), which is exactly what decides
the rows a statement sees; any write anywhere in the cluster moves it on, and it never comes back.
SQLite: `PRAGMA data_version` on a connection of our own that never writes, which changes whenever any other
connection commits.
"""

from __future__ import annotations

import sqlite3
import threading
from weakref import WeakKeyDictionary

from sqlalchemy import text
from sqlalchemy.engine import Engine

from eventdesk.extensions import db

_observers: WeakKeyDictionary[Engine, tuple[sqlite3.Connection, threading.Lock]] = WeakKeyDictionary()
_guard = threading.Lock()


def current() -> str | None:
    """The database's data version as seen by this request's session, or None when it cannot be told (the
    session's own transaction has written, or the database is in memory): then nothing may be reused."""
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        snapshot, own_writes = connection.execute(text(
            "SELECT pg_current_snapshot()::text, pg_current_xact_id_if_assigned() IS NOT NULL")).one()
        return None if own_writes else snapshot
    if connection.connection.driver_connection.in_transaction:  # pysqlite opens one for a write only
        return None
    path = connection.engine.url.database
    if not path or path == ":memory:":
        return None
    observer, lock = _observer(connection.engine, path)
    with lock:
        return str(observer.execute("PRAGMA data_version").fetchone()[0])


def _observer(engine: Engine, path: str) -> tuple[sqlite3.Connection, threading.Lock]:
    with _guard:
        if engine not in _observers:
            _observers[engine] = (sqlite3.connect(path, check_same_thread=False), threading.Lock())
        return _observers[engine]
