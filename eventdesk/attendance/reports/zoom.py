"""Zoom: the meeting participant report (with or without the meeting block, 2020–22 and 2023+ headers,
one row per join or unique users, the flat export with the meeting's columns on every row) and the
webinar attendee report (sections: Host Details, Panelist Details, Attendee Details, Other Attended).
Zoom writes dates month first."""

from __future__ import annotations

from eventdesk.attendance.reports import ParsedReport, headers, times
from eventdesk.attendance.reports.rows import EMAIL, YES, Pending, finish, meeting_start, order_of, pending
from eventdesk.attendance.reports.sections import Layout

WEBINAR_SECTIONS = {"hostdetails": "Host", "panelistdetails": "Panelist", "attendeedetails": "",
                    "otherattended": ""}
# The name headings that say "this is Zoom" (the renamed user's original name in brackets).
ZOOM_NAMES = {headers.key(n) for n in headers.FIELDS["name"] if "(" in n and "nickname" not in n.lower()}
ZOOM_NAMES.discard(headers.key("用户昵称（入会昵称）"))


def webinar(layouts: list[Layout]) -> ParsedReport | None:
    layout = layouts[0]
    if not set(layout.titles) & WEBINAR_SECTIONS.keys():
        return None
    rows: list[Pending] = []
    for table in layout.tables:
        role = WEBINAR_SECTIONS.get(table.section)
        if role is None:
            continue
        for line, cells in table.rows:
            attended = table.cell(cells, "attended")
            if attended and attended.casefold() not in YES:
                continue  # registered, never came (its times are `--`)
            row = pending(table, line, cells, role=role or None)
            if row is not None and not (times.is_empty(row.join[0]) and times.is_empty(row.duration[0])):
                rows.append(row)
    start = next((headers.pick(block, "start") for block in layout.blocks if headers.pick(block, "start")), "")
    order = order_of(rows, start, day_first=False)
    return ParsedReport("zoom_webinar", finish(rows, order), started=meeting_start(start, order))


def meeting(layouts: list[Layout]) -> ParsedReport | None:
    layout = layouts[0]
    if not layout.tables:
        return None
    table = layout.tables[0]
    zoom = headers.key(table.header[table.columns["name"]]) in ZOOM_NAMES if table.has("name") else False
    rows = [row for line, cells in table.rows if (row := pending(table, line, cells)) is not None]
    host_emails: set[str] = set()
    host_names: set[str] = set()
    starts = []
    for block in layout.blocks:
        host = headers.pick(block, "host")
        if host:  # 2023+: `Name (email)`
            host_emails.update(e.lower() for e in EMAIL.findall(host))
            host_names.add(EMAIL.sub("", host).replace("()", "").strip())
        host_emails.update(e.lower() for e in EMAIL.findall(headers.pick(block, "host_email")))
        if headers.pick(block, "meeting_id"):  # 2020–22: the meeting block's `User Email` is the host's
            host_emails.update(e.lower() for e in EMAIL.findall(headers.pick(block, "email")))
        starts.append(headers.pick(block, "start"))
    for _line, cells in table.rows:  # the flat export repeats the meeting's columns on every row
        host_emails.update(e.lower() for e in EMAIL.findall(table.cell(cells, "host_email")))
        starts.append(table.cell(cells, "start"))
    start = next((s for s in starts if s), "")
    order = order_of(rows, start, day_first=False)
    kind = "zoom_meeting" if zoom else "other"
    if not table.has("join"):
        kind += "_unique"
    return ParsedReport(kind, finish(rows, order), started=meeting_start(start, order),
                        host_emails=host_emails, host_names={n for n in host_names if n})
