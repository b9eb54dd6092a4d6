"""`eventdesk badges SLUG -o FILE.pdf` and `eventdesk badges reissue SLUG EMAIL`."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from eventdesk import outfile
from eventdesk.badges import service
from eventdesk.cli import refusals_exit_1
from eventdesk.events import service as events
from eventdesk.extensions import db


class SlugOrCommand(click.Group):
    """A first word that is no subcommand is the event slug of the default `print` command, so both
    `badges SLUG -o FILE` and `badges reissue SLUG EMAIL` work (`badges print SLUG` for a slug like `reissue`)."""

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None,
                                                                            list[str]]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            return "print", self.commands["print"], args
        return super().resolve_command(ctx, args)


@click.group("badges", cls=SlugOrCommand)
def badges_group() -> None:
    """Print badges: `eventdesk badges SLUG -o FILE.pdf`; re-issue one: `eventdesk badges reissue SLUG EMAIL`."""


@badges_group.command("print")
@click.argument("slug")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The PDF file to write.")
@click.option("--only", type=click.Choice(["all", "new", "changed"]), default="all", show_default=True,
              help="new: never printed; changed: re-issued since the last print.")
@click.option("--organisation", help="Only this organisation's badges (its name or Latin name).")
@with_appcontext
@refusals_exit_1
def print_command(slug: str, output: Path, only: str, organisation: str | None) -> None:
    """All printable badges of people attending in person, four to an A4 page with cut marks, in print
    order (organisation, then name). The badges written count as printed; a badge with a character no
    badge font has is left out and listed."""
    event = events.get(slug)
    selection = service.Selection(only_new=only == "new", only_changed=only == "changed",
                                  organisation_id=service.find_organisation(organisation).id if organisation
                                  else None)
    batch = service.prepare_batch(event, selection)
    with outfile.whole(output) as out, click.progressbar(length=batch.printable, label="Badges",
                                                         file=sys.stderr) as bar:
        written = service.write_batch(event, selection, out, progress=bar.update, commit=False)
    db.session.commit()  # printed once the file is there: a run killed before leaves them to print again
    click.echo(f"Wrote {written} badges to {output}")
    if batch.unprintable:
        click.echo(f"Not printed, {len(batch.unprintable)} badges that no badge font can draw "
                   "(they stay unprinted; correct the name or prepare these by hand):")
        for badge in batch.unprintable:
            click.echo(f"  {badge}")


@badges_group.command("reissue")
@click.argument("slug")
@click.argument("email")
@with_appcontext
@refusals_exit_1
def reissue_command(slug: str, email: str) -> None:
    """Issue a new badge (new serial) to the delegate with EMAIL and revoke the old one."""
    invitation = service.invitation_for(events.get(slug), email)
    old = service.current(invitation)
    badge = service.reissue(invitation)
    revoked = f"; badge No. {old.serial} is revoked" if old else ""
    click.echo(f"Issued badge No. {badge.serial} to {invitation.delegate.email}{revoked}")
