"""Microsoft Teams: the 2022+ report (`1. Summary`, `2. Participants` one row per person, `3. In-Meeting
Activities` one row per join: the joins are read when present), the 2021–22 report (`Meeting Summary`, one
row per join) and the older `Full Name / User Action / Timestamp` list. Dates follow the downloader's
locale: month first with a 12-hour clock (en-US), day first with a 24-hour one (de, pt-BR)."""

from __future__ import annotations

import re

from eventdesk.attendance.reports import ParsedReport, headers
from eventdesk.attendance.reports.rows import Pending, finish, meeting_start, order_of, pending
from eventdesk.attendance.reports.sections import Layout, Table

JOINED = {"joined", "beigetreten", "entrou", "参加済み", "已加入"}
LEFT = {"left", "verlassen", "saiu", "退出済み", "已离开"}


def parse(layouts: list[Layout]) -> ParsedReport | None:
    layout = layouts[0]
    numbered = any(re.match(r"\d", title) for title in layout.titles)
    legacy = "meetingsummary" in layout.titles
    actions = next((t for t in layout.tables if t.has("action") and t.has("timestamp")), None)
    if not (numbered or legacy or actions or any(t.has("upn") for t in layout.tables)):
        return None
    start = headers.pick(layout.labels, "start")
    if actions is not None:
        rows, kind = _paired(actions), "teams_actions"
    else:
        per_join = [t for t in layout.tables if t.has("join") and not t.has("first_join")]
        per_person = [t for t in layout.tables if t.has("first_join")]
        chosen = per_join or per_person
        rows = [row for table in chosen for line, cells in table.rows
                if (row := pending(table, line, cells, per_person=not per_join)) is not None]
        kind = "teams_2021" if legacy else "teams"
    order = order_of(rows, start)
    return ParsedReport(kind, finish(rows, order), started=meeting_start(start, order))


def _paired(table: Table) -> list[Pending]:
    """Each `Joined` with the next `Left` of the same name."""
    rows: list[Pending] = []
    open_: dict[str, Pending] = {}
    heading = table.heading("timestamp")
    for line, cells in table.rows:
        name, action = table.cell(cells, "name"), table.cell(cells, "action").casefold()
        stamp = (table.cell(cells, "timestamp"), heading)
        if not name:
            continue
        if action in JOINED:
            open_[name] = Pending(line, name, None, None, join=stamp)
            rows.append(open_[name])
        elif action in LEFT and name in open_:
            open_.pop(name).leave = stamp
    return rows
