"""Backing up and restoring an instance: the whole database and the instance's keys in one file.

`backup` runs while the app serves (each engine's dump is one consistent moment). `restore` refuses a
database that holds any data and changes nothing then; otherwise it restores the database, the instance
files rows point at, and the keys (so sessions, programme feed addresses and printed badges stay valid),
then upgrades the schema when the backup came from an older eventdesk.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy import inspect, select, text
from sqlalchemy.engine import Engine

from eventdesk.backups import archive, keys, postgresql, sqlite
from eventdesk.errors import Refused
from eventdesk.extensions import db
from eventdesk.models import Base
from eventdesk.paths import MIGRATIONS

VERSION_TABLE = "alembic_version"


@dataclass
class Restored:
    manifest: archive.Manifest
    files: int = 0
    upgraded_to: str | None = None
    overridden: list[str] = field(default_factory=list)  # keys an EVENTDESK_* variable still overrides


def backup(app: Flask, path: Path) -> archive.Manifest:
    engine = db.engine
    manifest = archive.Manifest(engine=_engine_name(engine), alembic_revision=None,
                                created_at=datetime.now(UTC).isoformat(timespec="seconds"))
    instance_keys = keys.current(app.config)
    with archive.writing(path) as writer, tempfile.TemporaryDirectory(prefix="eventdesk-backup-") as scratch:
        dump = Path(scratch) / archive.DATABASE_MEMBERS[manifest.engine]
        if manifest.engine == "sqlite":
            sqlite.dump(engine, dump)
            manifest.alembic_revision = _revision_in_sqlite_copy(dump)
        else:
            manifest.schema = postgresql.dump(engine, dump)
            manifest.alembic_revision = _revision(engine)
        writer.add_bytes(archive.MANIFEST, manifest.as_json())
        writer.add_file(dump.name, dump)
        writer.add_bytes(archive.KEYS, json.dumps(instance_keys, indent=2, sort_keys=True).encode())
        # Files after the dump: a document attached meanwhile is a file no row names, never the reverse.
        for folder in archive.FILE_FOLDERS:
            for source in sorted((Path(app.instance_path) / folder).glob("*")):
                if source.is_file() and archive.FILE_MEMBER.match(f"files/{folder}/{source.name}"):
                    writer.add_file(f"files/{folder}/{source.name}", source)
    return manifest


def restore(app: Flask, path: Path) -> Restored:
    with archive.reading(path) as reader:
        manifest = reader.manifest
        restored_keys = keys.checked(reader.keys())
        engine = db.engine
        if manifest.engine != _engine_name(engine):
            raise Refused("other_engine", f"this backup holds a {manifest.engine} database; the configured "
                                          f"database is {_engine_name(engine)}: restore it into {manifest.engine}")
        known = _known_revisions()
        if manifest.alembic_revision is not None and manifest.alembic_revision not in known:
            raise Refused("backup_too_new", f"the backup's schema is at revision {manifest.alembic_revision}, "
                                            "which this eventdesk does not know: upgrade eventdesk first")
        _refuse_data(engine)
        db.session.remove()
        with tempfile.TemporaryDirectory(prefix="eventdesk-restore-") as scratch:
            dump = Path(scratch) / archive.DATABASE_MEMBERS[manifest.engine]
            reader.extract_to(dump.name, dump)
            if manifest.engine == "sqlite":
                sqlite.restore(engine, dump)
            else:
                postgresql.restore(engine, dump, manifest.schema or "public")
        restored = Restored(manifest)
        for member, folder, name in reader.files():
            target = Path(app.instance_path) / folder
            target.mkdir(parents=True, exist_ok=True)
            reader.extract_to(member, target / name)
            restored.files += 1
        restored.overridden = keys.write(Path(app.instance_path) / "config.py", restored_keys)
        app.config.update(restored_keys)
    if manifest.alembic_revision is not None and manifest.alembic_revision != known[-1]:
        from flask_migrate import upgrade

        upgrade(directory=app.extensions["migrate"].directory)
        restored.upgraded_to = known[-1]
    return restored


def _refuse_data(engine: Engine) -> None:
    """A restore replaces the database: it goes only where nothing would be lost."""
    present = set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        holding = [table.name for table in Base.metadata.sorted_tables if table.name in present
                   and connection.execute(select(text("1")).select_from(table).limit(1)).first() is not None]
    if holding:
        raise Refused("database_not_empty", f"the database already holds data (in {', '.join(holding[:5])}"
                                            f"{' ...' if len(holding) > 5 else ''}); a backup is restored only "
                                            "into an empty database: nothing was changed")


def _engine_name(engine: Engine) -> str:
    name = engine.dialect.name
    if name not in archive.DATABASE_MEMBERS:
        raise Refused("unsupported_database", f"backups support SQLite and PostgreSQL, not {name}")
    return name


def _revision(engine: Engine) -> str | None:
    if VERSION_TABLE not in inspect(engine).get_table_names():
        return None
    with engine.connect() as connection:
        return connection.scalar(text(f"SELECT version_num FROM {VERSION_TABLE}"))


def _revision_in_sqlite_copy(copy: Path) -> str | None:
    connection = sqlite3.connect(copy)
    try:
        row = connection.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
    except sqlite3.OperationalError:  # no such table: a database made without migrations
        return None
    finally:
        connection.close()
    return row[0] if row else None


def _known_revisions() -> list[str]:
    """The migrations this eventdesk has, oldest first."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return [revision.revision for revision in reversed(list(ScriptDirectory.from_config(config).walk_revisions()))]
