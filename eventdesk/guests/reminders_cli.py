"""`eventdesk invitations remind SLUG [--last-call] [--dry-run]`: remind the guests who have not answered."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from eventdesk.cli import refusals_exit_1
from eventdesk.events import service as events
from eventdesk.guests import invitations, reminders


@click.command("remind")
@click.argument("slug")
@click.option("--last-call", is_flag=True, help="The last call before the RSVP deadline, not the first reminder.")
@click.option("--dry-run", is_flag=True, help="Show how many would be reminded; send nothing.")
@with_appcontext
@refusals_exit_1
def remind_command(slug: str, last_call: bool, dry_run: bool) -> None:
    """Send a reminder (or with --last-call the last call) to every guest who was sent the invitation and has not
    answered. Each guest gets each round once: running it again reminds only guests added since."""
    event = events.get(slug)
    round_ = "last_call" if last_call else "reminder"
    what = "last call(s)" if last_call else "reminder(s)"
    if dry_run:
        click.echo(f"Would queue {len(reminders.due(event, round_))} {what}. Nothing sent (dry run).")
        return
    queued = reminders.remind(event, round_)
    pending = invitations.state(event).pending
    with click.progressbar(length=pending, label="Sending ", file=sys.stderr) as bar:
        delivery = invitations.deliver(event, progress=bar.update)
    click.echo(f"Queued {queued} {what}; sent {delivery.sent} message(s).")
    for address, reason in delivery.failed:
        click.echo(f"failed: {address}: {reason}")
    for address, reason in delivery.deferred:
        click.echo(f"deferred (will be retried on the next run): {address}: {reason}")
