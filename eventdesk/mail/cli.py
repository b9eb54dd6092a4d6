"""`eventdesk mail deliver`: send what waits in the outbox, once or as a long-running worker."""

from __future__ import annotations

import sys
import time

import click
from flask.cli import with_appcontext

from eventdesk.extensions import db
from eventdesk.mail import sender


@click.group("mail")
def mail_group() -> None:
    """The outbox of e-mails to delegates."""


@mail_group.command("deliver")
@click.option("--every", type=click.FloatRange(min=1), default=None, metavar="SECONDS",
              help="Keep running and look for new mail this often (a worker for systemd or a container).")
@with_appcontext
def deliver_command(every: float | None) -> None:
    """Send every pending e-mail of every event; what the server defers stays for the next round."""
    while True:
        ids = sender.pending_ids()
        if ids:
            delivery = sender.deliver(ids)
            click.echo(f"{time.strftime('%H:%M:%S')} sent {delivery.sent}, deferred {len(delivery.deferred)}, "
                       f"refused {len(delivery.failed)}")
            for address, reason in delivery.failed:
                click.echo(f"  refused: {address}: {reason}", err=True)
            for address, reason in delivery.deferred:
                click.echo(f"  deferred: {address}: {reason}", err=True)
        elif every is None:
            click.echo("Nothing to send.")
        db.session.remove()  # let go of the connection between rounds
        if every is None:
            return
        sys.stdout.flush()
        time.sleep(every)
