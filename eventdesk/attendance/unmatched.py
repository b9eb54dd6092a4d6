"""The names no rule could match, and the organisers' decisions about them.

A decision is about a name, not one row: matching "Lao Wang (iPad)" to a guest matches every unmatched row
with that name in the event's reports, creates their online stretches, and is remembered (NameMatch) so the
next report's rows with that name match on their own. "Not on the list" is remembered the same way, through
the rows it marked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from eventdesk import audit
from eventdesk.attendance.imports import stretch
from eventdesk.attendance.matching import Directory, name_key, name_parts
from eventdesk.attendance.tally import online_by_invitation
from eventdesk.errors import NotFound, Refused
from eventdesk.extensions import db
from eventdesk.models import (
    AttendanceReport,
    AttendanceReportRow,
    Delegate,
    Event,
    Invitation,
    NameMatch,
    OnlineAttendance,
    RowOutcome,
    Staff,
)

SUGGESTED = 5  # namesakes offered as one-click choices


@dataclass
class UnmatchedName:
    name: str  # as the first report wrote it
    key: str
    rows: int = 0
    minutes: int = 0
    emails: list[str] = field(default_factory=list)
    first_joined_at: datetime | None = None
    suggestions: list[Invitation] = field(default_factory=list)  # guests whose name it could be


def unmatched_names(event: Event, *, suggest: bool = True) -> list[UnmatchedName]:
    """Each name with unmatched rows, with its rows' total (as reported, not yet de-duplicated)."""
    names: dict[str, UnmatchedName] = {}
    for row in _rows(event, None, (RowOutcome.UNMATCHED,)):
        entry = names.setdefault(name_key(row.name) or row.name, UnmatchedName(row.name, name_key(row.name)))
        entry.rows += 1
        span = row.minutes if row.joined_at is None or row.left_at is None else \
            int((row.left_at - row.joined_at).total_seconds() // 60)
        entry.minutes += span or 0
        if row.email and row.email not in entry.emails:
            entry.emails.append(row.email)
        if row.joined_at and (entry.first_joined_at is None or row.joined_at < entry.first_joined_at):
            entry.first_joined_at = row.joined_at
    listed = sorted(names.values(), key=lambda n: (-n.minutes, n.name))
    if suggest and listed:
        _suggest(event, listed)
    return listed


def match_by_hand(event: Event, name: str, invitation_id: int, staff: Staff | None = None) -> int:
    """Match every unmatched (or "not on the list") row with this name to the guest; remembered for later
    reports. Returns the guest's online minutes afterwards."""
    invitation = db.session.scalar(select(Invitation).where(Invitation.id == invitation_id,
                                                            Invitation.event_id == event.id)
                                   .options(joinedload(Invitation.delegate)))
    if invitation is None:
        raise NotFound("guest", _("That guest is not on this event's list."))
    key = name_key(name)
    rows = _rows(event, key, (RowOutcome.UNMATCHED, RowOutcome.NOT_ON_LIST))
    if not rows:
        raise Refused("no_such_name", _("No unmatched row of this event's reports is named %(name)s.", name=name))
    remembered = db.session.scalar(select(NameMatch).where(NameMatch.event_id == event.id,
                                                           NameMatch.name_key == key))
    if remembered is None:
        db.session.add(NameMatch(event_id=event.id, name_key=key[:300], invitation_id=invitation.id,
                                 matched_by_id=staff.id if staff else None))
    else:
        remembered.invitation_id, remembered.matched_by_id = invitation.id, staff.id if staff else None
    for row in rows:
        row.outcome, row.how, row.invitation_id = RowOutcome.MATCHED, "by_hand", invitation.id
        found = stretch(event, row.joined_at, row.left_at, row.minutes)
        if found is not None:
            joined_at, left_at, source = found
            db.session.add(OnlineAttendance(invitation_id=invitation.id, report_row_id=row.id,
                                            room_id=row.report.room_id, joined_at=joined_at, left_at=left_at,
                                            source=source))
    audit.record("attendance.match", "invitation", invitation.id, staff=staff, event=event,
                 changes={"name": rows[0].name, "rows": len(rows)})
    db.session.commit()
    tally = online_by_invitation(event.id, [invitation.id]).get(invitation.id)
    return tally.minutes if tally else 0


def not_on_list(event: Event, name: str, staff: Staff | None = None) -> int:
    """Mark every unmatched row with this name as not one of our guests; later reports follow."""
    rows = _rows(event, name_key(name), (RowOutcome.UNMATCHED,))
    if not rows:
        raise Refused("no_such_name", _("No unmatched row of this event's reports is named %(name)s.", name=name))
    for row in rows:
        row.outcome, row.how = RowOutcome.NOT_ON_LIST, "by_hand"
    audit.record("attendance.not_on_list", "attendance_report_row", rows[0].id, staff=staff, event=event,
                 changes={"name": rows[0].name, "rows": len(rows)})
    db.session.commit()
    return len(rows)


def _rows(event: Event, key: str | None, outcomes: tuple[RowOutcome, ...]) -> list[AttendanceReportRow]:
    """The event's rows with these outcomes, and this name when `key` is given (folded here: few rows wait)."""
    rows = db.session.scalars(
        select(AttendanceReportRow).join(AttendanceReport, AttendanceReport.id == AttendanceReportRow.report_id)
        .where(AttendanceReport.event_id == event.id, AttendanceReportRow.outcome.in_(outcomes))
        .options(joinedload(AttendanceReportRow.report))
        .order_by(AttendanceReportRow.report_id, AttendanceReportRow.line))
    return [row for row in rows if key is None or name_key(row.name) == key]


def _suggest(event: Event, names: list[UnmatchedName]) -> None:
    """Guests any part of the name points at (namesakes, or a renamed user's two names)."""
    directory = Directory(event)
    wanted: dict[str, list[int]] = {}
    for entry in names:
        found: list[int] = []
        for part in name_parts(entry.name):
            found += sorted(directory.by_name.get(name_key(part), ()))
        wanted[entry.key] = list(dict.fromkeys(found))[:SUGGESTED]
    ids = {i for found in wanted.values() for i in found}
    loaded = {i.id: i for i in db.session.scalars(
        select(Invitation).where(Invitation.id.in_(ids)).options(
            joinedload(Invitation.delegate).joinedload(Delegate.organisation)))} if ids else {}
    for entry in names:
        entry.suggestions = [loaded[i] for i in wanted[entry.key] if i in loaded]


def search_words(name: str) -> str:
    """What to search the guest list for first: the name without the brackets around it (a device, an
    organisation, an original name)."""
    parts = name_parts(name)
    return parts[1] if len(parts) > 1 else name
