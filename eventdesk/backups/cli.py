"""`eventdesk backup FILE` and `eventdesk restore FILE`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from eventdesk.backups import service
from eventdesk.cli import refusals_exit_1


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
@refusals_exit_1
def backup_command(file: Path) -> None:
    """Write FILE: the whole database (one consistent moment, while the app runs), the instance's keys and
    the scans of signed documents. FILE holds the secret keys: only its owner can read it; keep it so."""
    manifest = service.backup(current_app._get_current_object(), file)  # type: ignore[attr-defined]
    revision = manifest.alembic_revision or "not recorded"
    click.echo(f"Wrote {file}: {manifest.engine} database at schema revision {revision}, keys, taken at "
               f"{manifest.created_at}")


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
@refusals_exit_1
def restore_command(file: Path) -> None:
    """Restore FILE (made by `eventdesk backup`) into an empty database and put its keys into
    instance/config.py, so badges printed before the backup scan afterwards. A database that holds any data
    is refused (exit 1) and left unchanged."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    restored = service.restore(app, file)
    click.echo(f"Restored {file} (taken at {restored.manifest.created_at}): the database, {restored.files} "
               f"document file(s) and the keys, written to {Path(app.instance_path) / 'config.py'}")
    if restored.upgraded_to:
        click.echo(f"Upgraded the schema from revision {restored.manifest.alembic_revision} to {restored.upgraded_to}")
    for name in restored.overridden:
        click.echo(f"Warning: EVENTDESK_{name} is set in the environment and overrides the restored {name}; "
                   "unset it, or set it to the restored value, before starting the app", err=True)
