"""The `eventdesk` command: a Flask CLI group over the app factory, with each area's commands.

Exit status: 0 done, 1 refused input (the message says what, nothing was written), 2 usage error.
"""

from __future__ import annotations

import base64
import secrets
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from eventdesk.errors import Refused


def refusals_exit_1(command: Callable[..., Any]) -> Callable[..., Any]:
    """A refused input prints its message and exits 1; the transaction was not committed."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except Refused as e:
            from eventdesk.extensions import db

            db.session.rollback()
            click.echo(f"Error: {e.message}", err=True)
            sys.exit(1)

    return run


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create instance/config.py with fresh secrets if missing, then upgrade the database."""
    from flask_migrate import upgrade

    config = Path(current_app.instance_path) / "config.py"
    config.parent.mkdir(parents=True, exist_ok=True)
    existing = config.read_text(encoding="utf-8") if config.exists() else ""
    secrets_ = {}
    if "SECRET_KEY" not in existing:
        secrets_["SECRET_KEY"] = secrets.token_hex(32)
    if "BADGE_SIGNING_KEY" not in existing:
        seed = Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        secrets_["BADGE_SIGNING_KEY"] = base64.b64encode(seed).decode()
        secrets_["BADGE_KEY_ID"] = "A"
    if secrets_:
        header = "" if existing else "# Written by `eventdesk init`. Keep this file secret; never commit it.\n"
        lines = "".join(f"{name} = {value!r}\n" for name, value in secrets_.items())
        config.write_text(existing + header + lines, encoding="utf-8")
        config.chmod(0o600)
        current_app.config.update(secrets_)
        click.echo(f"Wrote {config}")
    upgrade(directory=current_app.extensions["migrate"].directory)
    click.echo("Database is at the newest migration.")


def register(app: Flask) -> None:
    from eventdesk.attendance.cli import attendance_group
    from eventdesk.backups.cli import backup_command, restore_command
    from eventdesk.badges.cli import badges_group
    from eventdesk.demo.cli import demo_command
    from eventdesk.events.cli import events_group
    from eventdesk.guests.cli import guests_group, invitations_group
    from eventdesk.guests.reminders_cli import remind_command
    from eventdesk.mail.cli import mail_group
    from eventdesk.reports.cli import report_command
    from eventdesk.signing.cli import agreements_group
    from eventdesk.staff.cli import users_group

    app.cli.add_command(init_command)
    app.cli.add_command(events_group)
    app.cli.add_command(users_group)
    app.cli.add_command(guests_group)
    invitations_group.add_command(remind_command)
    app.cli.add_command(invitations_group)
    app.cli.add_command(badges_group)
    app.cli.add_command(agreements_group)
    app.cli.add_command(mail_group)
    app.cli.add_command(demo_command)
    app.cli.add_command(attendance_group)
    app.cli.add_command(report_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)


def main() -> None:
    from eventdesk import create_app

    FlaskGroup(create_app=create_app, add_version_option=False,
               help="eventdesk: guest list, badges, door check-in and signing ledger.")(prog_name="eventdesk")
