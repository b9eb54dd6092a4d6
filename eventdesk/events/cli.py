"""`eventdesk events create|list`."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from eventdesk.cli import refusals_exit_1
from eventdesk.events import service


@click.group("events")
def events_group() -> None:
    """Create and list events."""


@events_group.command("create")
@click.argument("slug")
@click.option("--title", required=True, help="The event's title.")
@click.option("--start", "starts_at", required=True,
              help="ISO 8601; local to --timezone unless it has an offset (a local time the clocks skip is refused; "
                   "one they show twice is the first of the two).")
@click.option("--end", "ends_at", required=True, help="ISO 8601; local to --timezone unless it has an offset.")
@click.option("--timezone", required=True, help="IANA timezone, e.g. Asia/Shanghai.")
@click.option("--venue", help="Where it takes place.")
@click.option("--venue-in", "venues", multiple=True, metavar="LANG=NAME",
              help="The venue's name in a language (en, zh, ja), e.g. --venue-in zh=成都会展中心; repeatable.")
@click.option("--capacity", type=click.IntRange(min=0), help="Places in the hall for in-person guests.")
@click.option("--rsvp-deadline", help="ISO 8601: answers can be changed until then.")
@with_appcontext
@refusals_exit_1
def create_command(slug: str, title: str, starts_at: str, ends_at: str, timezone: str, venue: str | None,
                   venues: tuple[str, ...], capacity: int | None, rsvp_deadline: str | None) -> None:
    """Create an event."""
    names = dict(pair.partition("=")[::2] for pair in venues)
    event = service.create(slug=slug, title=title, starts_at=starts_at, ends_at=ends_at, timezone=timezone,
                           venue=venue, venues=names, capacity=capacity, rsvp_deadline=rsvp_deadline)
    click.echo(f"Created {event.slug}: {event.title}, {event.local(event.starts_at):%Y-%m-%d %H:%M} "
               f"{event.timezone}")


@events_group.command("list")
@with_appcontext
def list_command() -> None:
    """The events, one a line: slug, title, start in its timezone."""
    for event in service.all_events():
        click.echo(f"{event.slug}\t{event.title}\t{event.local(event.starts_at).isoformat(timespec='minutes')}")
