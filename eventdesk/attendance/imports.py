"""Importing a platform's attendance report: read it, decide each row (matching), show the preview, write.

One call for the web page, its preview and the CLI. Every row is kept with what became of it; matched rows
become the guests' online stretches (OnlineAttendance), which the tally adds up across reports without
counting the same moment twice. The same file again (its digest) changes nothing; a file that is no report
is refused and nothing is written.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from eventdesk import audit
from eventdesk.attendance.matching import Decision, Directory
from eventdesk.attendance.reports import ParsedReport, ReportRow, read_report
from eventdesk.attendance.tally import PLACED
from eventdesk.errors import Refused
from eventdesk.events.service import check_timezone
from eventdesk.extensions import db
from eventdesk.models import (
    AttendanceReport,
    AttendanceReportRow,
    Delegate,
    Event,
    Invitation,
    OnlineAttendance,
    OnlineRoom,
    RowOutcome,
    Staff,
)

PLATFORMS = {"zoom": "zoom", "teams": "teams", "tencent": "tencent"}  # layout prefix → OnlineRoom.platform
FAR_FROM_EVENT = timedelta(days=2)


@dataclass
class RowResult:
    line: int
    name: str
    email: str | None
    role: str | None
    joined_at: datetime | None  # UTC
    left_at: datetime | None
    minutes: int | None  # the row's own time: its span, or the duration the platform gives
    outcome: str
    how: str | None
    invitation_id: int | None = None
    guest: str | None = None  # the matched guest's name as the guest list shows it


@dataclass
class ImportResult:
    layout: str
    filename: str
    timezone: str
    room: str | None
    rows: list[RowResult] = field(default_factory=list)
    report_id: int | None = None
    written: bool = False
    already_imported: bool = False  # the same file was imported before: nothing changed
    far_from_event: bool = False  # its times lie days away from the event's: perhaps another meeting's report

    @property
    def counts(self) -> Counter[str]:
        return Counter(row.outcome for row in self.rows)

    def summary(self) -> str:
        counts = self.counts
        return (f"{counts['matched']} matched, {counts['left_out']} left out, {counts['unmatched']} unmatched"
                + (f", {counts['not_on_list']} not on the list" if counts["not_on_list"] else ""))


def import_report(event: Event, data: bytes, filename: str, timezone: str | None = None, room: str | None = None,
                  staff: Staff | None = None, dry_run: bool = False) -> ImportResult:
    """Read, match and (unless `dry_run`) write one report in one transaction."""
    zone = check_timezone(timezone or event.timezone)
    chosen_room = _room(event, room)
    digest = hashlib.sha256(data).hexdigest()
    earlier = _earlier(event, digest)
    if earlier is not None:
        return stored_result(earlier, already_imported=True)
    parsed = read_report(data)
    if chosen_room is None and room is None:
        chosen_room = _room_of_platform(event, parsed.layout)
    directory = Directory(event)
    decided = [(row, directory.decide(row, parsed)) for row in parsed.rows]
    result = ImportResult(parsed.layout, filename, zone.key, chosen_room.name if chosen_room else None,
                          far_from_event=_far_from_event(event, parsed, zone))
    names = _guest_names({d.invitation_id for _row, d in decided if d.invitation_id})
    for row, decision in decided:
        joined, left = _utc(row.joined, zone), _utc(row.left, zone)
        result.rows.append(RowResult(row.line, row.name, row.email, row.role, joined, left, _row_minutes(row),
                                     decision.outcome.value, decision.how, decision.invitation_id,
                                     names.get(decision.invitation_id)))
    if dry_run:
        return result
    try:
        report = _write(event, parsed, decided, result, digest, chosen_room, staff)
    except IntegrityError:  # the same file, imported at this very moment by someone else
        db.session.rollback()
        earlier = _earlier(event, digest)
        if earlier is None:
            raise
        return stored_result(earlier, already_imported=True)
    result.report_id, result.written = report.id, True
    return result


def stored_result(report: AttendanceReport, *, already_imported: bool = False) -> ImportResult:
    """An imported report as the preview shows one, from what was stored."""
    names = _guest_names({row.invitation_id for row in report.rows if row.invitation_id})
    result = ImportResult(report.layout, report.filename or "", report.timezone,
                          report.room.name if report.room else None, report_id=report.id,
                          already_imported=already_imported)
    for row in report.rows:
        span = row.minutes if row.joined_at is None or row.left_at is None else \
            int((row.left_at - row.joined_at).total_seconds() // 60)
        result.rows.append(RowResult(row.line, row.name, row.email, row.platform_role, row.joined_at, row.left_at,
                                     span, row.outcome.value, row.how, row.invitation_id,
                                     names.get(row.invitation_id)))
    return result


def stretch(event: Event, joined_at: datetime | None, left_at: datetime | None,
            minutes: int | None) -> tuple[datetime, datetime | None, str] | None:
    """A matched row as the guest's time online: (joined, left, source). A row with a duration but no leave time
    lasts that long from its join; one with a duration only is placed from the event's start (marked PLACED:
    it counts for minutes, but no one joined at that time)."""
    if joined_at is not None:
        if left_at is None and minutes is not None:
            left_at = joined_at + timedelta(minutes=minutes)
        return joined_at, left_at, "report"
    if minutes is not None:
        return event.starts_at, event.starts_at + timedelta(minutes=minutes), PLACED
    return None


def _write(event: Event, parsed: ParsedReport, decided: list[tuple[ReportRow, Decision]], result: ImportResult,
           digest: str, room: OnlineRoom | None, staff: Staff | None) -> AttendanceReport:
    """The report, its rows and the matched rows' stretches, in bulk statements (3,000 rows in one go)."""
    report = AttendanceReport(event_id=event.id, room=room, layout=parsed.layout, digest=digest,
                              filename=result.filename[:300] or None, timezone=result.timezone,
                              imported_by_id=staff.id if staff else None)
    db.session.add(report)
    db.session.flush()
    rows = [{"report_id": report.id, "line": r.line, "name": r.name[:300], "email": r.email[:254] if r.email else None,
             "platform_role": r.role[:50] if r.role else None, "joined_at": r.joined_at, "left_at": r.left_at,
             "minutes": source.minutes, "outcome": RowOutcome(r.outcome), "how": r.how,
             "invitation_id": r.invitation_id} for r, (source, _decision) in zip(result.rows, decided, strict=True)]
    _insert(AttendanceReportRow, rows)
    # Inserted in order, so in id order (RETURNING for a batch costs more than this one query).
    ids = db.session.scalars(select(AttendanceReportRow.id).where(AttendanceReportRow.report_id == report.id)
                             .order_by(AttendanceReportRow.id)).all()
    online = []
    for row_id, row in zip(ids, rows, strict=True):
        if row["outcome"] == RowOutcome.MATCHED and (found := stretch(event, row["joined_at"], row["left_at"],
                                                                      row["minutes"])) is not None:
            joined_at, left_at, source = found
            online.append({"invitation_id": row["invitation_id"], "report_row_id": row_id,
                           "room_id": room.id if room else None, "joined_at": joined_at, "left_at": left_at,
                           "source": source})
    _insert(OnlineAttendance, online)
    audit.record("attendance.import", "attendance_report", report.id, staff=staff, event=event,
                 changes={"filename": result.filename, "layout": parsed.layout, "room": result.room,
                          **{k: v for k, v in result.counts.items()}})
    db.session.commit()
    return report


def _insert(model: Any, rows: list[dict[str, Any]]) -> None:
    """Many rows in one executemany on the table (no ORM bookkeeping per row)."""
    if rows:
        db.session.execute(insert(model.__table__), rows)


def _earlier(event: Event, digest: str) -> AttendanceReport | None:
    return db.session.scalar(select(AttendanceReport).where(AttendanceReport.event_id == event.id,
                                                            AttendanceReport.digest == digest)
                             .options(joinedload(AttendanceReport.room)))


def _room(event: Event, name: str | None) -> OnlineRoom | None:
    if not name:
        return None
    rooms = list(db.session.scalars(select(OnlineRoom).where(OnlineRoom.event_id == event.id)
                                    .order_by(OnlineRoom.position, OnlineRoom.name)))
    wanted = name.strip().casefold()
    found = next((r for r in rooms if r.name.casefold() == wanted), None)
    if found is None:
        known = ", ".join(r.name for r in rooms)
        raise Refused("unknown_room", _("This event has no online room named %(name)s.", name=name)
                      + (" " + _("Its rooms: %(rooms)s.", rooms=known) if known else ""), field="room")
    return found


def _room_of_platform(event: Event, layout: str) -> OnlineRoom | None:
    """The event's one room on the report's platform, when there is exactly one."""
    platform = PLATFORMS.get(layout.split("_")[0])
    rooms = list(db.session.scalars(select(OnlineRoom).where(OnlineRoom.event_id == event.id,
                                                             OnlineRoom.platform == platform))) if platform else []
    return rooms[0] if len(rooms) == 1 else None


def _utc(local: datetime | None, zone: object) -> datetime | None:
    return None if local is None else local.replace(tzinfo=zone).astimezone(UTC)  # type: ignore[arg-type]


def _row_minutes(row: ReportRow) -> int | None:
    if row.joined is not None and row.left is not None:
        return int((row.left - row.joined).total_seconds() // 60)
    return row.minutes


def _far_from_event(event: Event, parsed: ParsedReport, zone: object) -> bool:
    moments = [m for m in (parsed.started, *(r.joined for r in parsed.rows)) if m is not None]
    if not moments:
        return False
    first = _utc(min(moments), zone)
    return first is not None and not (event.starts_at - FAR_FROM_EVENT <= first <= event.ends_at + FAR_FROM_EVENT)


def _guest_names(invitation_ids: set[int | None]) -> dict[int | None, str]:
    ids = [i for i in invitation_ids if i]
    if not ids:
        return {}
    return {invitation_id: delegate.display_name for invitation_id, delegate in db.session.execute(
        select(Invitation.id, Delegate).join(Delegate, Delegate.id == Invitation.delegate_id)
        .where(Invitation.id.in_(ids)))}
