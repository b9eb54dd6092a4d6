"""`eventdesk agreements import SLUG FILE [--dry-run]` and `eventdesk agreements report SLUG -o FILE`."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import force_locale

from eventdesk import outfile
from eventdesk.cli import refusals_exit_1
from eventdesk.errors import Refused
from eventdesk.events import service as events
from eventdesk.signing import importer, report
from eventdesk.signing.labels import exact


@click.group("agreements")
def agreements_group() -> None:
    """The agreements of an event: import the running order, write the record of what was signed."""


@agreements_group.command("import")
@click.argument("slug")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and show what would change; write nothing.")
@with_appcontext
@refusals_exit_1
def import_command(slug: str, file: Path, dry_run: bool) -> None:
    """Import agreements from a CSV (any common encoding) or XLSX file; on any problem nothing is written."""
    event = events.get(slug)
    try:
        data = file.read_bytes()
    except OSError as e:
        raise Refused("unreadable_file", f"cannot read {file}: {e.strerror or e}") from e
    result = importer.import_agreements(event, data, file.name, dry_run=dry_run)
    if result.problems:
        for problem in result.problems:
            click.echo(problem, err=True)
        click.echo(f"Nothing was imported: {len(result.problems)} problem(s).", err=True)
        sys.exit(1)
    for row in result.rows:
        if row.action != "unchanged":
            click.echo(f"line {row.line}: {row.action} {row.ref} {row.title}")
    click.echo(("Would import: " if dry_run else "Imported: ") + result.summary)


@agreements_group.command("report")
@click.argument("slug")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write.")
@click.option("--format", "format_", type=click.Choice(["pdf", "csv"]), default=None,
              help="pdf or csv; by default from the file's extension, else pdf.")
@click.option("--lang", type=click.Choice(["en", "zh", "ja"]), default="en", show_default=True,
              help="The language of the PDF's headings and titles.")
@with_appcontext
@refusals_exit_1
def report_command(slug: str, output: Path, format_: str | None, lang: str) -> None:
    """Write the signed-agreements report: parties, signatories, times, modes, amounts and totals."""
    event = events.get(slug)
    chosen = format_ or ("csv" if output.suffix.lower() == ".csv" else "pdf")
    with force_locale(lang):
        data = report.record(event)
        body = report.to_pdf(data, lang) if chosen == "pdf" else report.to_csv(data)
    outfile.write(output, body)
    click.echo(f"Wrote {output}: {data.totals.count} of {data.planned} agreements signed, "
               f"{exact(data.totals.cny)} CNY")
