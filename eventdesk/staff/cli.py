"""`eventdesk users create|limit|list|token`."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from eventdesk.cli import refusals_exit_1
from eventdesk.models import Staff, StaffRole
from eventdesk.staff import service


@click.group("users")
def users_group() -> None:
    """Staff accounts and their API tokens."""


@users_group.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice([r.value for r in StaffRole]))
@click.option("--name", help="The name shown in the audit log.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--event", "event_slugs", multiple=True, metavar="SLUG",
              help="Limit a door or clerk account to this event (repeat for several); without it, every event.")
@with_appcontext
@refusals_exit_1
def create_command(email: str, role: str, name: str | None, password_stdin: bool,
                   event_slugs: tuple[str, ...]) -> None:
    """Create a staff account (without --password-stdin, you are asked for the password)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    staff = service.create(email, role, name=name, password=password, event_slugs=event_slugs)
    click.echo(f"Created {staff.role.value} account {staff.email}{_events_of(staff)}")


@users_group.command("limit")
@click.argument("email")
@click.argument("event_slugs", nargs=-1, metavar="SLUG...")
@click.option("--all-events", is_flag=True, help="Lift the limit: the account works on every event again.")
@with_appcontext
@refusals_exit_1
def limit_command(email: str, event_slugs: tuple[str, ...], all_events: bool) -> None:
    """Limit a door or clerk account to these events (replacing its earlier limit), or lift it with --all-events."""
    if bool(event_slugs) == all_events:
        raise click.UsageError("name one or more event slugs, or --all-events")
    staff = service.find(email)
    service.limit(staff, event_slugs)
    click.echo(f"{staff.email}{_events_of(staff)}")


@users_group.command("list")
@with_appcontext
def list_command() -> None:
    """The staff accounts, one a line: e-mail, role, active or not, and the events of a limited account."""
    for staff in service.accounts():
        click.echo(f"{staff.email}\t{staff.role.value}\t{'active' if staff.active else 'inactive'}\t"
                   f"{','.join(e.slug for e in staff.events) or '*'}")


def _events_of(staff: Staff) -> str:
    return f", limited to {', '.join(e.slug for e in staff.events)}" if staff.events else ", on every event"


@users_group.command("token")
@click.argument("email")
@click.option("--revoke-others", is_flag=True, help="Revoke this account's earlier tokens.")
@with_appcontext
@refusals_exit_1
def token_command(email: str, revoke_others: bool) -> None:
    """Print a new API token for EMAIL, alone on standard output (shown once, stored hashed)."""
    click.echo(service.issue_token(service.find(email), revoke_others=revoke_others))
