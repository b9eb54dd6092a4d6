"""SQLite's side of a backup: the online backup API copies the whole database in one step under a read lock,
so the copy is one consistent moment however many requests write meanwhile; a restore copies it back the
same way, replacing the (empty) target in one transaction."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import Engine

from eventdesk.errors import Refused

BUSY_TIMEOUT_S = 30.0  # a restore waits this long for a writer to finish before it gives up


def database_path(engine: Engine) -> Path:
    name = engine.url.database
    if not name or name == ":memory:" or name.startswith("file:"):
        raise Refused("unsupported_database", "only an SQLite database in a file can be backed up or restored")
    return Path(name)


def dump(engine: Engine, target: Path) -> None:
    source = sqlite3.connect(database_path(engine), timeout=BUSY_TIMEOUT_S)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # pages=-1: all in one step, so no write can land half-way through
        copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
    finally:
        copy.close()
        source.close()


def restore(engine: Engine, dump_file: Path) -> None:
    target = database_path(engine)
    engine.dispose()  # the app's pooled connections would keep reading the old pages
    source = sqlite3.connect(dump_file)
    destination = sqlite3.connect(target, timeout=BUSY_TIMEOUT_S)
    try:
        check = source.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise Refused("not_a_backup", f"the backup's database is damaged: {check}")
        source.backup(destination)
    except sqlite3.DatabaseError as e:
        raise Refused("not_a_backup", f"the backup's database cannot be read: {e}") from e
    finally:
        destination.close()
        source.close()
