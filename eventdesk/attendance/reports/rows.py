"""A report's rows as the layouts hand them over (text as written), turned into times once the whole file
has been seen: the date order is decided per file, and a time that cannot be read names its line and
column."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _

from eventdesk.attendance.reports import times
from eventdesk.attendance.reports.sections import Table
from eventdesk.errors import Refused
from eventdesk.names import trim

EMAIL = re.compile(r"[^\s@()<>（）,;]+@[^\s@()<>（）,;]+\.[^\s@()<>（）,;]+")
LONGEST = 14 * 24 * 60  # minutes: no meeting row lasts longer than two weeks
YES = {"yes", "y", "true", "1", "sì", "si", "sí", "sim", "oui", "ja", "예", "是", "はい"}


@dataclass
class ReportRow:
    """One person's stretch as the report gives it; times naive, local to the zone the report was read in."""

    line: int
    name: str
    email: str | None = None
    role: str | None = None  # as the platform wrote it (Organizer, 主持人, Panelist …)
    joined: datetime | None = None
    left: datetime | None = None
    minutes: int | None = None  # a duration the platform gives where the row has no leave time
    waiting_room: bool = False


@dataclass
class Pending:
    line: int
    name: str
    email: str | None
    role: str | None
    join: tuple[str, str] = ("", "")  # (value, column heading)
    leave: tuple[str, str] = ("", "")
    duration: tuple[str, str] = ("", "")
    waiting_room: bool = False


def pending(table: Table, line: int, cells: list[str], *, name: str | None = None, role: str | None = None,
            per_person: bool = False) -> Pending | None:
    """A table row as text, None when it names nobody. `per_person`: the first join and last leave of a
    one-row-per-person table, whose duration (not the span) is the time that counted."""
    if name is None:
        name = table.cell(cells, "name") or " ".join(
            p for p in (table.cell(cells, "first_name"), table.cell(cells, "last_name")) if p)
    name = trim(name)
    if not name:
        return None
    email = next((m[0] for m in (EMAIL.search(table.cell(cells, f)) for f in ("email", "upn", "registration_email"))
                  if m), None)
    join_field = "first_join" if table.has("first_join") else "join"
    leave_field = "last_leave" if table.has("last_leave") else "leave"
    duration_field = "total_duration" if table.has("total_duration") else "duration"

    def value(field: str) -> tuple[str, str]:
        return (table.cell(cells, field), table.heading(field)) if table.has(field) else ("", "")

    return Pending(line, name, email.lower() if email else None, role or table.cell(cells, "role") or None,
                   value(join_field), ("", "") if per_person else value(leave_field), value(duration_field),
                   table.cell(cells, "waiting_room").casefold() in YES)


def order_of(rows: list[Pending], *extra: str, day_first: bool | None = None) -> times.DateOrder:
    samples = [text for row in rows for text, _ in (row.join, row.leave) if not times.is_empty(text)]
    return times.DateOrder.of([*samples, *(e for e in extra if e)], day_first_by_default=day_first)


def finish(rows: list[Pending], order: times.DateOrder) -> list[ReportRow]:
    finished = []
    for row in rows:
        joined = _time(row.line, row.join, order)
        left = _time(row.line, row.leave, order)
        minutes = None
        if left is None and not times.is_empty(row.duration[0]):
            try:
                minutes = round(times.minutes_of(row.duration[0]))
                if minutes > LONGEST:
                    raise ValueError(row.duration[0])
            except (ValueError, OverflowError):
                raise Refused("bad_duration", _("line %(line)s, column %(column)s: cannot read %(value)s as a "
                                                "duration", line=row.line, column=row.duration[1],
                                                value=repr(row.duration[0]))) from None
        if joined is not None and left is not None and left < joined:
            raise Refused("bad_time", _("line %(line)s: the leave time is before the join time", line=row.line))
        finished.append(ReportRow(row.line, row.name, row.email, row.role, joined, left, minutes, row.waiting_room))
    return finished


def meeting_start(text: str, order: times.DateOrder) -> datetime | None:
    """The meeting block's start, when readable: it only tells whether the report is of the event's day."""
    try:
        return None if times.is_empty(text) else order.read(text)
    except ValueError:
        return None


def _time(line: int, cell: tuple[str, str], order: times.DateOrder) -> datetime | None:
    if times.is_empty(cell[0]):
        return None
    try:
        return order.read(cell[0])
    except ValueError:
        raise Refused("bad_time", _("line %(line)s, column %(column)s: cannot read %(value)s as a date and time",
                                    line=line, column=cell[1], value=repr(cell[0]))) from None
