"""`eventdesk users create|token`."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from eventdesk.cli import refusals_exit_1
from eventdesk.models import StaffRole
from eventdesk.staff import service


@click.group("users")
def users_group() -> None:
    """Staff accounts and their API tokens."""


@users_group.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice([r.value for r in StaffRole]))
@click.option("--name", help="The name shown in the audit log.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
@refusals_exit_1
def create_command(email: str, role: str, name: str | None, password_stdin: bool) -> None:
    """Create a staff account (without --password-stdin, you are asked for the password)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    staff = service.create(email, role, name=name, password=password)
    click.echo(f"Created {staff.role.value} account {staff.email}")


@users_group.command("token")
@click.argument("email")
@click.option("--revoke-others", is_flag=True, help="Revoke this account's earlier tokens.")
@with_appcontext
@refusals_exit_1
def token_command(email: str, revoke_others: bool) -> None:
    """Print a new API token for EMAIL, alone on standard output (shown once, stored hashed)."""
    click.echo(service.issue_token(service.find(email), revoke_others=revoke_others))
