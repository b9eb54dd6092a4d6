"""`eventdesk guests import|export` and `eventdesk invitations send`."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from eventdesk import outfile
from eventdesk.cli import refusals_exit_1
from eventdesk.errors import Refused
from eventdesk.events import service as events
from eventdesk.guests import exporter, invitations, service


@click.group("guests")
def guests_group() -> None:
    """Import and export an event's guest list."""


@guests_group.command("import")
@click.argument("slug")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and show what would change; write nothing.")
@with_appcontext
@refusals_exit_1
def import_command(slug: str, file: Path, dry_run: bool) -> None:
    """Import a guest list (CSV in any common encoding, or XLSX). On any bad row, list every problem as
    `line N, column C: message`, write nothing and exit 1."""
    event = events.get(slug)
    try:
        data = file.read_bytes()
    except OSError as e:
        raise Refused("unreadable_file", f"cannot read {file}: {e.strerror or e}") from e
    report = service.import_guests(event, data, file.name, dry_run=dry_run)
    if report.problems:
        for problem in report.problems:
            click.echo(problem, err=True)
        click.echo(f"Error: {len(report.problems)} problem(s) in {file.name}; nothing was written.", err=True)
        sys.exit(1)
    for row in report.rows:
        if dry_run and row.outcome != "unchanged":
            detail = ", ".join(f"{k}: {_show(v[0])} → {_show(v[1])}" for k, v in row.changes.items())
            click.echo(f"line {row.line}: {row.outcome} {row.email} {row.name}" + (f" ({detail})" if detail else ""))
    prefix = "Would import" if dry_run else "Imported"
    click.echo(f"{prefix} {file.name}: {report.summary()}" + (" (dry run: nothing written)" if dry_run else ""))


def _show(value: object) -> str:
    return "∅" if value is None else str(getattr(value, "value", value))


@guests_group.command("export")
@click.argument("slug")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (default: standard output).")
@click.option("--format", "format_", type=click.Choice(["csv", "xlsx"]),
              help="csv (UTF-8 with BOM) or xlsx; default: from the file name, else csv.")
@with_appcontext
@refusals_exit_1
def export_command(slug: str, output: Path | None, format_: str | None) -> None:
    """Export the guest list with answers, check-ins, online attendance and each personal RSVP link."""
    event = events.get(slug)
    chosen = format_ or ("xlsx" if output and output.suffix.lower() == ".xlsx" else "csv")
    data, _mime, _name = exporter.export(event, chosen)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    outfile.write(output, data)
    click.echo(f"Wrote {output} ({chosen})", err=True)


@click.group("invitations")
def invitations_group() -> None:
    """Send invitation e-mails."""


@invitations_group.command("send")
@click.argument("slug")
@click.option("--dry-run", is_flag=True, help="Show how many would be queued and sent; send nothing.")
@with_appcontext
@refusals_exit_1
def send_command(slug: str, dry_run: bool) -> None:
    """Queue the invitations not sent yet and deliver the event's outbox, with a progress bar. Running it
    again never sends a mail twice; failed addresses are listed with the server's reason."""
    event = events.get(slug)
    ids = invitations.unsent(event)
    if dry_run:
        click.echo(f"Would queue {len(ids)} invitation(s); {invitations.state(event).pending} message(s) "
                   "already wait in the outbox. Nothing sent (dry run).")
        return
    if ids:
        with click.progressbar(length=len(ids), label="Queueing", file=sys.stderr) as bar:
            invitations.queue(event, ids, progress=bar.update)
    pending = invitations.state(event).pending
    with click.progressbar(length=pending, label="Sending ", file=sys.stderr) as bar:
        delivery = invitations.deliver(event, progress=bar.update)
    click.echo(f"Queued {len(ids)} invitation(s); sent {delivery.sent} message(s).")
    for address, reason in delivery.failed:
        click.echo(f"failed: {address}: {reason}")
    for address, reason in delivery.deferred:
        click.echo(f"deferred (will be retried on the next run): {address}: {reason}")
