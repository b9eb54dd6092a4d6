"""`eventdesk attendance import|match`: a platform's attendance report, and names matched by hand."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from eventdesk.attendance import imports, unmatched
from eventdesk.cli import refusals_exit_1
from eventdesk.errors import Refused
from eventdesk.events import service as events
from eventdesk.extensions import db
from eventdesk.models import Delegate, Invitation


@click.group("attendance")
def attendance_group() -> None:
    """Online attendance from the meeting platforms' own reports."""


@attendance_group.command("import")
@click.argument("slug")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--timezone", help="The zone the report's times are in (default: the event's).")
@click.option("--room", help="The event's online room the report is of.")
@click.option("--dry-run", is_flag=True, help="Show what would be matched; write nothing.")
@with_appcontext
@refusals_exit_1
def import_command(slug: str, file: Path, timezone: str | None, room: str | None, dry_run: bool) -> None:
    """Import a Zoom, Zoom webinar, Microsoft Teams or Tencent Meeting attendance report (recognised from its
    content), match its rows to the guest list, and list the rows left unmatched."""
    event = events.get(slug)
    try:
        data = file.read_bytes()
    except OSError as e:
        raise Refused("unreadable_file", f"cannot read {file}: {e.strerror or e}") from e
    result = imports.import_report(event, data, file.name, timezone=timezone, room=room, dry_run=dry_run)
    if result.already_imported:
        click.echo(f"{file.name} was imported before (same content): nothing changed.")
    waiting = [row for row in result.rows if row.outcome == "unmatched"]
    for row in waiting:
        click.echo(f"unmatched: line {row.line}: {row.name}" + (f" <{row.email}>" if row.email else "")
                   + (f", {row.minutes} min" if row.minutes is not None else ""))
    if result.far_from_event:
        click.echo("Warning: the report's times lie days away from the event's: is it this event's meeting?",
                   err=True)
    prefix = "Would import" if dry_run else "Imported" if result.written else "Report"
    click.echo(f"{prefix} {file.name} ({result.layout}, times in {result.timezone}"
               + (f", room {result.room}" if result.room else "") + f"): {result.summary()}"
               + (" (dry run: nothing written)" if dry_run else ""))
    if waiting and not dry_run:
        click.echo(f"Match them with: eventdesk attendance match {slug} ROW_NAME EMAIL")


@attendance_group.command("match")
@click.argument("slug")
@click.argument("row_name")
@click.argument("email")
@with_appcontext
@refusals_exit_1
def match_command(slug: str, row_name: str, email: str) -> None:
    """Match an unmatched report name to the guest with this e-mail; remembered for later reports."""
    event = events.get(slug)
    invitation_id = db.session.scalar(select(Invitation.id).join(Delegate, Delegate.id == Invitation.delegate_id)
                                      .where(Invitation.event_id == event.id, Delegate.email == email.strip().lower()))
    if invitation_id is None:
        raise Refused("unknown_guest", f"no guest of {slug} has the e-mail {email}")
    minutes = unmatched.match_by_hand(event, row_name, invitation_id)
    click.echo(f"Matched {row_name!r} to {email}: {minutes} minutes online in all.")
