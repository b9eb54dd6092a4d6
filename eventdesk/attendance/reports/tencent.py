"""Tencent Meeting (腾讯会议): the XLSX export with the meeting block in rows 1–7 and the header in row 9, its
sheets 成员参会明细 (one row per join: read when present) and 成员参会概况 (one row per person, with the role
身份), and the detail sheet re-saved as CSV by Chinese Excel (GBK). `--` as leave time: still in."""

from __future__ import annotations

from eventdesk.attendance.reports import ParsedReport, headers
from eventdesk.attendance.reports.rows import Pending, finish, meeting_start, order_of, pending
from eventdesk.attendance.reports.sections import Layout, Table

DETAIL_SHEETS = {"成员参会明细", "成员观看明细"}
SUMMARY_SHEETS = {"成员参会概况", "成员观看概况"}
MEETING_LABELS = {headers.key(label) for label in ("会议主题", "会议号", "会议创建者", "预定开始时间")}
NICKNAME = headers.key("用户昵称（入会昵称）")


def parse(layouts: list[Layout]) -> ParsedReport | None:
    names = {layout.sheet for layout in layouts}
    tables = [table for layout in layouts for table in layout.tables]
    labels = {k: v for layout in layouts for k, v in layout.labels.items()}
    if not (names & (DETAIL_SHEETS | SUMMARY_SHEETS) or MEETING_LABELS & labels.keys()
            or any(headers.key(t.header[t.columns["name"]]) == NICKNAME for t in tables if t.has("name"))):
        return None
    detail = [t for t in tables if t.sheet in DETAIL_SHEETS or (t.sheet not in SUMMARY_SHEETS and _per_join(t))]
    summary = [t for t in tables if t not in detail]
    roles = {table.cell(cells, "name"): table.cell(cells, "role") for table in summary for _line, cells in table.rows
             if table.has("role")}
    rows: list[Pending] = []
    for table in detail or summary:
        for line, cells in table.rows:
            row = pending(table, line, cells, per_person=not detail)
            if row is not None:
                row.role = row.role or roles.get(row.name) or None
                rows.append(row)
    start = headers.pick(labels, "start")
    creator = headers.pick(labels, "host")
    order = order_of(rows, start, day_first=False)
    return ParsedReport("tencent" if detail else "tencent_summary", finish(rows, order),
                        started=meeting_start(start, order),
                        host_names={creator} if creator and not any(roles.values()) else set())


def _per_join(table: Table) -> bool:
    return table.has("join") and not table.has("first_join")
