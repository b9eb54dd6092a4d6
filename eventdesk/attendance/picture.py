"""One attendance picture per guest: in the hall (the first admission at a door), online (the first join, the
minutes and rooms of tally.py), both, or neither, each fact with where it comes from.

The guest page, the guest list's filter, the dashboard, the door's counts, the export, the API and the post-event
report all read it here, so they never disagree. A whole event (50,000 invitations) takes three queries:
the admissions, the online stretches (tally) and the sources of those stretches.
"""

from __future__ import annotations

import enum
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, not_, select

from eventdesk.attendance import tally
from eventdesk.door.service import ADMISSION_INDEX_WHERE, ADMISSION_WHERE
from eventdesk.extensions import db
from eventdesk.models import (
    AttendanceReport,
    AttendanceReportRow,
    CheckIn,
    Door,
    Event,
    Invitation,
    OnlineAttendance,
    Staff,
    Status,
    utcnow,
)

JOIN_LINK = "join_link"  # the source of an online fact that our personal join link recorded
IN_LIST_LIMIT = tally.IN_LIST_LIMIT


class Summary(enum.StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    BOTH = "both"
    NO_SHOW = "no_show"  # neither, and the event has ended
    NOT_YET = "not_yet"  # neither so far, and the event has not ended


@dataclass(frozen=True)
class InHall:
    """The guest's first admission (one per guest: the door service's rule)."""

    at: datetime
    door: str | None
    manual: bool  # admitted by name (forgotten badge, present at the signing table), not by a badge scan
    by: str | None  # who admitted by hand
    note: str | None

    @property
    def source(self) -> str:
        return "manual_admission" if self.manual else "door_scan"


@dataclass(frozen=True)
class Online:
    first_joined_at: datetime | None  # None when the only report gives a total duration, no join time
    minutes: int
    rooms: tuple[str, ...]
    sources: tuple[str, ...]  # "join_link" and/or the imported reports' file names

    @property
    def from_reports(self) -> bool:
        return any(source != JOIN_LINK for source in self.sources)


@dataclass(frozen=True)
class Attendance:
    in_hall: InHall | None
    online: Online | None
    summary: Summary

    def as_api(self, event: Event) -> dict[str, Any]:
        """The API's `attendance` object; its instants carry the event's offset."""
        hall, online = self.in_hall, self.online
        return {
            "in_person": None if hall is None else {
                "at": event.local(hall.at).isoformat(), "door": hall.door, "source": hall.source},
            "online": None if online is None else {
                "first_joined_at": event.local(online.first_joined_at).isoformat() if online.first_joined_at else None,
                "minutes": online.minutes, "rooms": list(online.rooms), "sources": list(online.sources)},
            "summary": self.summary.value,
        }


def summary_of(in_hall: bool, online: bool, ended: bool) -> Summary:
    if in_hall and online:
        return Summary.BOTH
    if in_hall:
        return Summary.IN_PERSON
    if online:
        return Summary.ONLINE
    return Summary.NO_SHOW if ended else Summary.NOT_YET


def ended(event: Event, now: datetime | None = None) -> bool:
    return (now or utcnow()) >= event.ends_at


@dataclass(frozen=True)
class Picture:
    """The facts of an event's guests (or of some of them); a guest without any facts is absent from the dicts."""

    event: Event
    in_hall: dict[int, InHall]
    online: dict[int, Online]
    ended: bool

    def of(self, invitation_id: int) -> Attendance:
        hall, online = self.in_hall.get(invitation_id), self.online.get(invitation_id)
        return Attendance(hall, online, summary_of(hall is not None, online is not None, self.ended))


def picture(event: Event, invitation_ids: Collection[int] | None = None, *, now: datetime | None = None) -> Picture:
    """Every guest's facts, or those of `invitation_ids` (a page of the guest list, one guest)."""
    wanted = None if invitation_ids is None else set(invitation_ids)
    if wanted is not None and not wanted:
        return Picture(event, {}, {}, ended(event, now))
    return Picture(event, _admissions(event, wanted), _online(event, wanted), ended(event, now))


def _narrowed(query: Any, column: Any, wanted: set[int] | None) -> Any:
    return query.where(column.in_(wanted)) if wanted is not None and len(wanted) <= IN_LIST_LIMIT else query


def _admissions(event: Event, wanted: set[int] | None) -> dict[int, InHall]:
    query = (select(CheckIn.invitation_id, CheckIn.scanned_at, Door.name, CheckIn.manual, Staff.name, Staff.email,
                    CheckIn.note)
             .outerjoin(Door, Door.id == CheckIn.door_id).outerjoin(Staff, Staff.id == CheckIn.staff_id)
             .where(CheckIn.event_id == event.id, ADMISSION_WHERE))
    return {invitation_id: InHall(at, door, bool(manual), (name or email) if manual else None, note)
            for invitation_id, at, door, manual, name, email, note in db.session.execute(
                _narrowed(query, CheckIn.invitation_id, wanted))
            if wanted is None or invitation_id in wanted}


def _online(event: Event, wanted: set[int] | None) -> dict[int, Online]:
    tallies = tally.online_by_invitation(event.id, wanted)
    if not tallies:
        return {}
    query = (select(OnlineAttendance.invitation_id, OnlineAttendance.source, AttendanceReport.filename,
                    AttendanceReport.layout)
             .join(Invitation, Invitation.id == OnlineAttendance.invitation_id)
             .outerjoin(AttendanceReportRow, AttendanceReportRow.id == OnlineAttendance.report_row_id)
             .outerjoin(AttendanceReport, AttendanceReport.id == AttendanceReportRow.report_id)
             .where(Invitation.event_id == event.id).distinct())
    sources: dict[int, list[str]] = {}
    for invitation_id, source, filename, layout in db.session.execute(
            _narrowed(query, OnlineAttendance.invitation_id, wanted)):
        named = JOIN_LINK if source == "link" else (filename or layout or source)
        known = sources.setdefault(invitation_id, [])
        if named not in known:
            known.append(named)
    return {invitation_id: Online(found.first_joined_at, found.minutes, found.rooms,
                                  tuple(sorted(sources.get(invitation_id, []), key=lambda s: (s != JOIN_LINK, s))))
            for invitation_id, found in tallies.items()}


@dataclass(frozen=True)
class Counts:
    in_person: int = 0  # in the hall only
    online: int = 0  # online only
    both: int = 0
    absent: int = 0  # accepted guests with neither: no-shows once the event has ended, else not there yet
    ended: bool = False

    @property
    def in_hall(self) -> int:
        return self.in_person + self.both

    @property
    def followed_online(self) -> int:
        return self.online + self.both

    @property
    def attended(self) -> int:
        return self.in_person + self.online + self.both

    def as_dict(self) -> dict[str, int]:
        return {"in_person": self.in_person, "online": self.online, "both": self.both,
                ("no_show" if self.ended else "not_yet"): self.absent}


def counts(event: Event, *, now: datetime | None = None) -> Counts:
    """How many guests were in the hall, online, both; and how many who accepted were neither."""
    found = picture(event, now=now)
    hall, online = set(found.in_hall), set(found.online)
    accepted = set(db.session.scalars(select(Invitation.id).where(Invitation.event_id == event.id,
                                                                  Invitation.status == Status.ACCEPTED)))
    return Counts(in_person=len(hall - online), online=len(online - hall), both=len(hall & online),
                  absent=len(accepted - hall - online), ended=found.ended)


# The same facts as conditions on Invitation, for the guest list's filter (a query, not a picture in memory):
# EXISTS, which PostgreSQL plans as a semi- or anti-join and SQLite answers from an index per guest.

def _admitted() -> Any:
    # The admission predicate written out as literal SQL, so both engines use the partial one-admission index.
    return exists().where(CheckIn.invitation_id == Invitation.id, ADMISSION_INDEX_WHERE)


def _joined() -> Any:
    return exists().where(OnlineAttendance.invitation_id == Invitation.id)


def condition(summary: Summary | str) -> Any:
    """Invitations whose summary is `summary`; no_show and not_yet both mean accepted guests with neither."""
    summary, admitted, joined = Summary(summary), _admitted(), _joined()
    if summary == Summary.BOTH:
        return and_(admitted, joined)
    if summary == Summary.IN_PERSON:
        return and_(admitted, not_(joined))
    if summary == Summary.ONLINE:
        return and_(joined, not_(admitted))
    return and_(Invitation.status == Status.ACCEPTED, not_(admitted), not_(joined))
