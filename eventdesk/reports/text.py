"""The report as plain text for a terminal or an e-mail, in the current language (call inside force_locale).
Columns line up in a monospaced font with Han and kana, which take two columns each."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from flask_babel import gettext as _

from eventdesk.door.display import clock
from eventdesk.door.lookup import Arrivals
from eventdesk.reports import labels
from eventdesk.reports.service import ANSWERS, Group, Report
from eventdesk.rsvp import dates
from eventdesk.signing import money
from eventdesk.signing import report as signing
from eventdesk.signing.labels import MODES, exact

BAR_WIDTH = 40


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, columns: int, right: bool = False) -> str:
    space = " " * max(columns - width(text), 0)
    return space + text if right else text + space


def table(rows: Sequence[Sequence[str]], indent: str = "  ", bar: bool = False) -> list[str]:
    """The first column left-aligned, the others (numbers) right-aligned; with `bar`, the last column is a bar
    drawn from the left."""
    widths = [max(width(row[i]) for row in rows) for i in range(len(rows[0]))]
    last = len(widths) - 1
    return [indent + "  ".join(pad(cell, widths[i], right=i > 0 and not (bar and i == last))
                               for i, cell in enumerate(row)).rstrip() for row in rows]


def number(n: int) -> str:
    return f"{n:,}"


def to_text(report: Report, language: str) -> str:
    event, record = report.event, report.signing
    overall = report.overall
    lines = [_("Post-event report"), event.title_in(language),
             " · ".join(part for part in (dates.days(event, language), event.venue_in(language) or "",
                                          _("Times in %(timezone)s", timezone=event.timezone)) if part),
             _("Generated %(time)s", time=dates.moment(event.local(report.generated_at), language)), ""]
    lines += [_("Invited") + f": {number(overall.invited)}"]
    if report.withdrawn:
        lines += [_("Withdrawn invitations, not counted: %(count)s", count=number(report.withdrawn))]
    lines += ["", _("Answers")]
    lines += table([[str(labels.ANSWER_LABELS[key]), number(overall.answers[key])] for key in ANSWERS])
    lines += ["", labels.attendance()]
    lines += table([[str(labels.ATTENDANCE_LABELS[key]), number(overall.attendance[key])] for key in report.shown]
                   + [[labels.attended(), number(overall.attended)],
                      [_("Minutes online, all guests"), number(report.online_minutes)]])
    lines += ["", _("By kind of organisation")]
    lines += _groups(_("Kind"), [(labels.kind(g.key), g) for g in report.by_kind], report.shown)
    lines += ["", _("By country")]
    lines += _groups(_("Country"), [(labels.country(g.key, language), g) for g in report.by_country], report.shown)
    lines += ["", _("Arrivals at the doors, per %(minutes)s minutes", minutes=report.arrivals.minutes)]
    lines += _chart(report, report.arrivals, _("Nobody admitted yet."))
    lines += ["", _("Online joins (each guest's first), per %(minutes)s minutes", minutes=report.joins.minutes)]
    lines += _chart(report, report.joins, _("Nobody has joined online."))
    lines += ["", _("Agreements signed: %(signed)s of %(planned)s", signed=record.totals.count,
                    planned=record.planned)]
    lines += _agreements(report, language)
    return "\n".join(lines) + "\n"


def _groups(heading: str, groups: list[tuple[str, Group]], shown: tuple[str, ...]) -> list[str]:
    header = [heading, _("Invited"), labels.attended(), *(str(labels.ATTENDANCE_LABELS[k]) for k in shown)]
    return table([header] + [[label, number(g.invited), number(g.attended), *(number(g.attendance[k]) for k in shown)]
                             for label, g in groups])


def _chart(report: Report, chart: Arrivals, nothing: str) -> list[str]:
    if not chart.slots:
        return ["  " + nothing]
    rows: list[list[str]] = []
    quiet = 0  # empty slots in a row: more than two read as one line
    for at, n, running in chart.slots:
        quiet = 0 if n else quiet + 1
        if not running or quiet > 2:  # nothing before the first; a long pause once
            if quiet == 3:
                rows[-2:] = [["⋮", "", "", ""]]
            continue
        bar = "#" * round(BAR_WIDTH * n / chart.busiest) if n else ""
        rows.append([clock(report.event, at, on=report.event.starts_at), number(n), number(running), bar])
    return table([["", "", _("So far"), ""], *rows], bar=True)


def _agreements(report: Report, language: str) -> list[str]:
    event, totals = report.event, report.signing.totals
    lines: list[str] = []
    for a in report.signing.signed:
        when = dates.moment(event.local(a.signed_at), language) if a.signed_at else ""
        mode = str(MODES[a.signing_mode]) if a.signing_mode else ""
        lines += ["", f"  {a.ref}  {a.title_in(language)}", f"    {when} · {mode}",
                  f"    {_('Parties')}: {signing.parties_text(a)}",
                  f"    {_('Signatories')}: {'; '.join(signing.signatory_names(a))}"]
        if a.amount is not None:
            converted = money.in_cny(event, a)
            lines.append(f"    {_('Amount')}: {exact(a.amount, a.currency)} {a.currency}" + (
                f" ({_('In CNY')} {exact(converted)})" if a.currency != "CNY" and converted is not None else ""))
    if not report.signing.signed:
        lines.append("  " + _("No agreement has been signed yet."))
    rows = [[currency, exact(amount, currency),
             exact(totals.cny_by_currency[currency]) + " CNY" if currency in totals.cny_by_currency else _("no rate")]
            for currency, amount in totals.by_currency.items()]
    if rows:
        lines += ["", _("Totals by currency"), *table(rows)]
    lines += ["", f"{_('Total signed, in CNY')}: {exact(totals.cny)} CNY"]
    if totals.unconverted:
        lines.append(_("Not in the CNY total, for want of an exchange rate: %(amounts)s", amounts=", ".join(
            f"{exact(amount, currency)} {currency}" for currency, amount in totals.unconverted.items())))
    return lines
