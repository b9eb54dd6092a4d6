"""PostgreSQL's side of a backup: pg_dump (custom format) of the app's schema, in one snapshot, so the dump
is consistent while the app runs; pg_restore into an empty database in a single transaction.

The tools come from PATH, else from the newest /usr/lib/postgresql/*/bin (Debian and Ubuntu keep them
there); EVENTDESK_PG_BIN names another folder. Passwords reach them through the environment, not argv.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from eventdesk.errors import Refused

TOOL_FOLDERS = "/usr/lib/postgresql/*/bin"
SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_$]{0,62}")  # what eventdesk and PostgreSQL make; quoted below anyway


def tool(name: str) -> str:
    folder = os.environ.get("EVENTDESK_PG_BIN")
    if folder:
        candidate = Path(folder) / name
        if candidate.is_file():
            return str(candidate)
        raise Refused("missing_tool", f"{name} is not in EVENTDESK_PG_BIN ({folder})")
    found = shutil.which(name)
    if found:
        return found
    installed = sorted(Path("/").glob(TOOL_FOLDERS.lstrip("/") + f"/{name}"),
                       key=lambda p: int(re.sub(r"\D", "", p.parent.parent.name) or 0))
    if installed:
        return str(installed[-1])
    raise Refused("missing_tool", f"{name} was not found (on PATH or in {TOOL_FOLDERS}): install the PostgreSQL "
                                  "client programs (Debian: apt install postgresql-client), or name their folder "
                                  "in EVENTDESK_PG_BIN")


def _connection(engine: Engine) -> tuple[str, dict[str, str]]:
    """A libpq address without the password, and an environment that carries it."""
    url = engine.url
    address = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return address, env


def schema_of(connection: Connection) -> str:
    """Where the app's tables live: the current schema, or the first of the search path not made yet."""
    schema = connection.scalar(text("SELECT current_schema()"))
    if schema:
        return str(schema)
    user = connection.scalar(text("SELECT current_user"))
    for entry in str(connection.scalar(text("SHOW search_path"))).split(","):
        name = entry.strip().strip('"')
        return str(user) if name == "$user" else name
    return "public"


def _run(command: list[str], env: dict[str, str], what: str) -> subprocess.CompletedProcess[bytes]:
    try:
        done = subprocess.run(command, env=env, capture_output=True, check=False)
    except OSError as e:
        raise Refused("missing_tool", f"cannot run {command[0]}: {e.strerror or e}") from e
    if done.returncode != 0:
        raise Refused(f"{what}_failed", f"{Path(command[0]).name} failed: "
                                        f"{done.stderr.decode(errors='replace').strip()[-2000:]}")
    return done


def dump(engine: Engine, target: Path) -> str:
    """Write the app's schema to `target`; returns the schema's name."""
    with engine.connect() as connection:
        schema = schema_of(connection)
    address, env = _connection(engine)
    if not SCHEMA_NAME.fullmatch(schema):
        raise Refused("unsupported_database", f"the schema name {schema!r} is not one eventdesk backs up")
    _run([tool("pg_dump"), "--format=custom", f'--schema="{schema}"', "--no-owner", "--no-privileges",
          f"--file={target}", f"--dbname={address}"], env, "pg_dump")
    return schema


def restore(engine: Engine, dump_file: Path, schema: str) -> None:
    """Restore into the app's schema in one transaction: it either all lands, or nothing does. The dump's
    own CREATE SCHEMA is left out (the schema may exist already, made empty by `eventdesk init`); the
    (empty) tables of the same names are replaced."""
    if not SCHEMA_NAME.fullmatch(schema):
        raise Refused("not_a_backup", f"the backup names an impossible schema: {schema!r}")
    with engine.connect() as connection:
        target = schema_of(connection)
        exists = connection.scalar(text("SELECT count(*) FROM pg_namespace WHERE nspname = :s"), {"s": schema})
    if target != schema:
        raise Refused("other_schema", f"the backup's tables are in schema {schema!r}, but this database's "
                                      f"search path puts eventdesk's tables in {target!r}")
    address, env = _connection(engine)
    listing = _run([tool("pg_restore"), "--list", str(dump_file)], env, "pg_restore").stdout.decode()
    wanted = "".join(line + "\n" for line in listing.splitlines()
                     if not re.search(r"\b(SCHEMA|COMMENT) - ", line))  # the schema itself and its comment
    list_file = dump_file.with_suffix(".list")
    list_file.write_text(wanted, encoding="utf-8")
    engine.dispose()
    if not exists:
        with engine.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        _run([tool("pg_restore"), "--single-transaction", "--clean", "--if-exists", "--no-owner",
              "--no-privileges", f"--use-list={list_file}", f"--dbname={address}", str(dump_file)], env,
             "pg_restore")
    except Refused:
        if not exists:
            with engine.begin() as connection:
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}"'))
        raise
