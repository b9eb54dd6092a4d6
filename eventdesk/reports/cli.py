"""`eventdesk report SLUG [-o FILE] [--format text|json|pdf|csv] [--lang en|zh|ja]`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from eventdesk import outfile
from eventdesk.cli import refusals_exit_1
from eventdesk.events import service as events
from eventdesk.reports import files, service
from eventdesk.signing.labels import exact


@click.command("report")
@click.argument("slug")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write; standard output without it.")
@click.option("--format", "format_", type=click.Choice(files.FORMATS), default=None,
              help="text, json, pdf or csv; by default from the file's extension, else text.")
@click.option("--lang", type=click.Choice(["en", "zh", "ja"]), default="en", show_default=True,
              help="The language of the text and the PDF (JSON and CSV carry codes).")
@with_appcontext
@refusals_exit_1
def report_command(slug: str, output: Path | None, format_: str | None, lang: str) -> None:
    """The post-event report: answers, attendance in the hall and online (by kind of organisation and by country,
    over time), and the agreements signed with their totals."""
    event = events.get(slug)
    chosen = format_ or _format_of(output)
    report = service.build(event)
    body = files.render(report, chosen, lang)
    if output is None:
        click.echo(body, nl=False)
        return
    outfile.write(output, body)
    overall, totals = report.overall, report.signing.totals
    click.echo(f"Wrote {output}: {overall.invited} invited, {overall.attended} attended "
               f"({overall.attendance['in_person']} in the hall only, {overall.attendance['online']} online only, "
               f"{overall.attendance['both']} both), {totals.count} agreements signed, {exact(totals.cny)} CNY")


def _format_of(output: Path | None) -> str:
    suffix = output.suffix.lower().lstrip(".") if output else ""
    return next((f for f, s in files.SUFFIXES.items() if s == suffix), "text")
