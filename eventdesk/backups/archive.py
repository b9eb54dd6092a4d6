"""The backup file: one tar archive holding a manifest, the database dump, the instance's keys and the files
the database points at (scans of signed documents).

    manifest.json       {"format": "eventdesk-backup", "format_version", "engine", "alembic_revision",
                         "created_at", "schema" (PostgreSQL), "database": <member name>}
    database.sqlite     SQLite: a copy made with SQLite's online backup API
    database.pgdump     PostgreSQL: pg_dump's custom format
    keys.json           SECRET_KEY and the badge keys, as instance/config.py holds them
    files/<folder>/<name>  files of the instance folder that rows refer to

Reading never trusts a member's name: only these names are accepted, each file under files/ is written by
this code to a folder it chose, and nothing is extracted blindly.
"""

from __future__ import annotations

import io
import json
import re
import tarfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from eventdesk.errors import Refused

FORMAT = "eventdesk-backup"
FORMAT_VERSION = 1
MANIFEST, KEYS = "manifest.json", "keys.json"
DATABASE_MEMBERS = {"sqlite": "database.sqlite", "postgresql": "database.pgdump"}
# The instance folders whose files rows refer to; names inside are made by the app (random hex and a suffix).
FILE_FOLDERS = ("agreement-documents",)
FILE_MEMBER = re.compile(r"^files/(?P<folder>[a-z-]+)/(?P<name>[A-Za-z0-9._-]{1,200})$")
COPY_CHUNK = 1024 * 1024


@dataclass
class Manifest:
    engine: str
    alembic_revision: str | None
    created_at: str
    schema: str | None = None
    format_version: int = FORMAT_VERSION

    def as_json(self) -> bytes:
        return json.dumps({"format": FORMAT, "format_version": self.format_version, "engine": self.engine,
                           "alembic_revision": self.alembic_revision, "created_at": self.created_at,
                           "schema": self.schema, "database": DATABASE_MEMBERS[self.engine]},
                          indent=2).encode()


@contextmanager
def writing(path: Path) -> Iterator[Writer]:
    """Members go into `path` + ".part", which becomes `path` only when complete: a backup interrupted half-way
    never looks like a backup. The file holds the instance's secrets: its owner alone may read it."""
    partial = path.with_name(path.name + ".part")
    try:
        partial.touch(mode=0o600)
        partial.chmod(0o600)
    except OSError as e:
        raise Refused("unwritable_file", f"cannot write {path}: {e.strerror or e}") from e
    try:
        with tarfile.open(partial, "w:gz", format=tarfile.PAX_FORMAT) as tar:
            yield Writer(tar)
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


@dataclass
class Writer:
    tar: tarfile.TarFile

    def add_bytes(self, name: str, data: bytes) -> None:
        self.add_stream(name, io.BytesIO(data), len(data))

    def add_file(self, name: str, source: Path) -> None:
        with source.open("rb") as stream:
            self.add_stream(name, stream, source.stat().st_size)

    def add_stream(self, name: str, stream: IO[bytes], size: int) -> None:
        info = tarfile.TarInfo(name)
        info.size, info.mode = size, 0o600
        self.tar.addfile(info, stream)


@contextmanager
def reading(path: Path) -> Iterator[Reader]:
    """A backup file opened for restoring; refuses anything that is not one, naming what is wrong."""
    with ExitStack() as stack:
        try:
            tar = stack.enter_context(tarfile.open(path, "r:*"))
        except FileNotFoundError as e:
            raise Refused("unreadable_file", f"cannot read {path}: no such file") from e
        except (OSError, tarfile.TarError, EOFError) as e:
            raise Refused("not_a_backup", f"{path} is not an eventdesk backup (not a readable archive)") from e
        yield Reader(path, tar)


class Reader:
    def __init__(self, path: Path, tar: tarfile.TarFile) -> None:
        self.path, self.tar = path, tar
        try:
            self.members = {m.name: m for m in tar.getmembers() if m.isfile()}
        except (OSError, tarfile.TarError, EOFError) as e:
            raise Refused("not_a_backup", f"{path} is not an eventdesk backup (a damaged archive)") from e
        self.manifest = self._manifest()

    def _manifest(self) -> Manifest:
        raw = self._json(MANIFEST)
        if raw.get("format") != FORMAT:
            raise Refused("not_a_backup", f"{self.path} is not an eventdesk backup (no eventdesk manifest)")
        version = raw.get("format_version")
        if not isinstance(version, int) or version > FORMAT_VERSION:
            raise Refused("backup_too_new", f"{self.path} was written in backup format {version}; this eventdesk "
                                            f"reads format {FORMAT_VERSION} and older: upgrade eventdesk first")
        engine = raw.get("engine")
        if engine not in DATABASE_MEMBERS or DATABASE_MEMBERS[engine] not in self.members:
            raise Refused("not_a_backup", f"{self.path} has no database dump")
        revision = raw.get("alembic_revision")
        return Manifest(engine=engine, alembic_revision=revision if isinstance(revision, str) else None,
                        created_at=str(raw.get("created_at") or ""), schema=raw.get("schema") or None,
                        format_version=version)

    def _json(self, name: str) -> dict[str, Any]:
        if name not in self.members:
            raise Refused("not_a_backup", f"{self.path} is not an eventdesk backup (it has no {name})")
        try:
            value = json.loads(self.read(name))
        except (ValueError, UnicodeDecodeError) as e:
            raise Refused("not_a_backup", f"{self.path}: {name} is not readable JSON") from e
        if not isinstance(value, dict):
            raise Refused("not_a_backup", f"{self.path}: {name} is not a JSON object")
        return value

    def keys(self) -> dict[str, Any]:
        return self._json(KEYS)

    def read(self, name: str) -> bytes:
        stream = self.tar.extractfile(self.members[name])
        assert stream is not None  # a regular file, checked in __init__
        return stream.read()

    def extract_to(self, name: str, target: Path) -> None:
        stream = self.tar.extractfile(self.members[name])
        assert stream is not None
        with target.open("wb") as out:
            while chunk := stream.read(COPY_CHUNK):
                out.write(chunk)

    def files(self) -> Iterator[tuple[str, str, str]]:
        """(member, folder, file name) of the instance files in the backup, only in the known folders."""
        for name in self.members:
            match = FILE_MEMBER.match(name)
            if match and match["folder"] in FILE_FOLDERS and match["name"] not in (".", ".."):
                yield name, match["folder"], match["name"]
