"""Reading a platform's attendance report, recognised from its content only (never the file name).

`read_report(data)` tries each layout in turn (Tencent Meeting, Zoom webinar, Microsoft Teams, Zoom
meeting, then any table of names with join times) and returns the rows as the platform gave them, times
still local and naive; a file none of them reads is refused with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _

from eventdesk.attendance.reports.grid import read_grid
from eventdesk.attendance.reports.rows import ReportRow
from eventdesk.attendance.reports.sections import Layout, split
from eventdesk.errors import Refused

__all__ = ["ParsedReport", "ReportRow", "read_report"]


@dataclass
class ParsedReport:
    layout: str  # zoom_meeting, zoom_meeting_unique, zoom_webinar, teams, teams_2021, teams_actions, tencent, ...
    rows: list[ReportRow]
    started: datetime | None = None  # the meeting's (scheduled) start, local: where totals without times begin
    host_emails: set[str] = field(default_factory=set)  # from the meeting block
    host_names: set[str] = field(default_factory=set)


def read_report(data: bytes) -> ParsedReport:
    from eventdesk.attendance.reports import teams, tencent, zoom

    layouts: list[Layout] = [split(sheet) for sheet in read_grid(data)]
    for parse in (tencent.parse, zoom.webinar, teams.parse, zoom.meeting):
        report = parse(layouts)
        if report is not None:
            if not report.rows:
                raise Refused("empty_report", _("The report lists nobody who attended."))
            return report
    raise Refused("not_a_report", _("This is no attendance report of Zoom, Microsoft Teams or Tencent Meeting: no "
                                    "table of participants (a name with join times or a duration) was found."))
