"""`eventdesk demo`: load the demo ceremony once and print the demo staff logins, every time."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import with_appcontext

from eventdesk.attendance import picture
from eventdesk.cli import refusals_exit_1
from eventdesk.demo import service


@click.command("demo")
@with_appcontext
@refusals_exit_1
def demo_command() -> None:
    """Load the demo ceremony (slug demo, fictional people) and print the demo staff logins.

    Safe to run again: an existing demo ceremony is left exactly as it is.
    """
    started = time.perf_counter()
    event, created = service.load()
    if created:
        click.echo(f"Loaded the demo ceremony in {time.perf_counter() - started:.1f} s.")
    else:
        click.echo("The demo ceremony is already loaded; nothing was changed.")
    logins = service.ensure_staff()
    figures = service.summary(event)
    counts = figures.counts
    click.echo(f"  {event.slug}: {event.title}, {event.local(event.starts_at):%Y-%m-%d %H:%M} {event.timezone}, "
               f"answers until {event.local(event.rsvp_deadline):%Y-%m-%d %H:%M}")
    click.echo(f"  {figures.organisations} organisations, {figures.delegates} delegates")
    click.echo(f"  answers: {counts.in_person} in person (of {event.capacity} places), {counts.online} online, "
               f"{counts.declined} declined, {counts.waiting} waiting, {counts.no_answer} not yet answered")
    seen = picture.counts(event)
    click.echo(f"  attendance on the day: {seen.in_person} in the hall, {seen.online} online, {seen.both} both "
               f"(eventdesk report {event.slug})")
    click.echo(f"  {figures.agreements} agreements, total CNY {figures.total_cny:,.2f}")
    click.echo(f"Staff logins at {current_app.config['BASE_URL'].rstrip('/')}/login:")
    for login, works in logins:
        note = "" if works else "  (this account was changed since; the password may no longer work)"
        click.echo(f"  {login.role:<10} {login.email:<28} {login.password}{note}")
    click.echo("Warning: these demo logins and passwords are public (they are in eventdesk's source); "
               "never load the demo into a production instance.")
