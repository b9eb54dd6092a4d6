"""Importing agreements from CSV or XLSX, as the guest list is imported: a preview of what would be created,
updated or left unchanged, every problem as `line N, column C: message` (in the page's language; English on the
command line), and on any problem nothing written.

Columns (header names case-insensitive): ref, title (required), title_zh, title_ja, title_en, summary, kind,
amount, currency, position, parties (`四川省商务厅:CN; 日本貿易振興機構:JP`) or party_1, side_1, party_2, side_2 ...,
signatories and remote_signatories (e-mail addresses of delegates on the guest list).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _

from eventdesk import audit
from eventdesk.extensions import db
from eventdesk.models import Event, Staff
from eventdesk.signing import editing
from eventdesk.signing.spec import LANGUAGES, PartyEntry, Spec, parse, party_entries
from eventdesk.tabular import Problem, Table, read_table

COLUMNS = ("ref", "title", *(f"title_{language}" for language in LANGUAGES), "summary", "kind", "amount", "currency",
           "position", "parties", "signatories", "remote_signatories")
PARTY_COLUMN = re.compile(r"^(party|side)_([1-9][0-9]?)$")


@dataclass(frozen=True)
class RowOutcome:
    line: int
    ref: str
    title: str
    action: str  # created, updated or unchanged


@dataclass
class ImportResult:
    rows: list[RowOutcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    written: bool = False

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def summary(self) -> str:
        return (f"{self.count('created')} created, {self.count('updated')} updated, "
                f"{self.count('unchanged')} unchanged")


def import_agreements(event: Event, data: bytes, filename: str = "", *, staff: Staff | None = None,
                      dry_run: bool = False) -> ImportResult:
    """Check every row, then write all of them in one transaction, or nothing (on any problem, or a dry run).
    A file that cannot be read at all is Refused."""
    columns, rows, problems = _keyed(read_table(data, filename))
    result = ImportResult(problems=problems)
    if result.problems:
        return result
    specs: list[tuple[int, Spec]] = []
    first_line: dict[str, int] = {}
    with db.session.no_autoflush:
        for line, values in rows:
            spec, found = parse(event, values, _parties(values))
            result.problems += [Problem(line, columns.get(name, name), message) for name, message in found]
            ref = values.get("ref", "").strip()
            if ref and ref in first_line:
                result.problems.append(Problem(line, columns["ref"], _("%(ref)s is also on line %(line)s", ref=ref,
                                                                       line=first_line[ref])))
            elif spec is not None:
                specs.append((line, spec))
            first_line.setdefault(ref, line)
    if not rows:
        result.problems.append(Problem(2, None, _("the file has no agreements under its header")))
    if result.problems:
        db.session.rollback()
        return result
    # Placed in the order of the positions asked for, so each lands where its row says (the others make room).
    for line, spec in sorted(specs, key=lambda item: (item[1].position is None, item[1].position or 0, item[0])):
        agreement, action = editing.save(event, spec, staff=staff, commit=False)
        result.rows.append(RowOutcome(line, agreement.ref, agreement.title, action))
    result.rows.sort(key=lambda row: row.line)
    if dry_run:
        db.session.rollback()
        return result
    audit.record("agreement.import", "event", event.id, staff=staff, event=event,
                 changes={"file": [None, filename], **{action: [None, result.count(action)]
                                                      for action in ("created", "updated", "unchanged")}})
    db.session.commit()
    result.written = True
    return result


def _keyed(table: Table) -> tuple[dict[str, str], list[tuple[int, dict[str, str]]], list[Problem]]:
    """Columns by folded name (-> the header as written), rows as {folded name: value}, and header problems."""
    problems: list[Problem] = []
    columns: dict[str, str] = {}
    indexes: list[tuple[int, str]] = []
    for index, written in enumerate(table.header):
        name = " ".join(written.split()).casefold()
        if not name:
            if any(index < len(cells) and cells[index] for _line, cells in table.rows):
                problems.append(Problem(1, index + 1, _("a column without a name")))
        elif name in columns:
            problems.append(Problem(1, written, _("the column appears twice")))
        elif name not in COLUMNS and not PARTY_COLUMN.match(name):
            problems.append(Problem(1, written, _("unknown column; the columns are %(columns)s, or party_1, side_1, "
                                                  "party_2, side_2 ...", columns=", ".join(COLUMNS))))
        else:
            columns[name] = written
            indexes.append((index, name))
    for required in ("ref", "title"):
        if required not in columns:
            problems.append(Problem(1, required, _("the required column is missing")))
    if "parties" not in columns and "party_1" not in columns:
        problems.append(Problem(1, "parties", _("name the parties in a parties column (or party_1, party_2 ...)")))
    rows = [(line, {name: cells[index] if index < len(cells) else "" for index, name in indexes})
            for line, cells in table.rows]
    return columns, rows, problems


def _parties(values: dict[str, str]) -> list[PartyEntry]:
    entries = party_entries(values.get("parties", ""))
    numbers = sorted({int(m.group(2)) for key in values if (m := PARTY_COLUMN.match(key))})
    for n in numbers:
        name = " ".join(values.get(f"party_{n}", "").split())
        if name:
            side = values.get(f"side_{n}", "").strip().upper() or None
            entries.append(PartyEntry(f"party_{n}", name, side))
    return entries
