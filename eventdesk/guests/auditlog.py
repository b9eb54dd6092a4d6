"""Reading the audit log: every staff change, newest first, filtered by event, action, staff and date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from eventdesk.extensions import db
from eventdesk.models import AuditEntry, Event, Staff

PER_PAGE = 50


@dataclass(frozen=True)
class AuditFilter:
    event: str | None = None  # slug
    action: str | None = None
    staff_id: int | None = None
    day_from: date | None = None
    day_to: date | None = None
    page: int = 1

    @classmethod
    def from_args(cls, args: Any) -> AuditFilter:
        def day(name: str) -> date | None:
            try:
                return date.fromisoformat((args.get(name) or "").strip())
            except ValueError:
                return None

        staff = (args.get("staff") or "").strip()
        page = (args.get("page") or "").strip()
        return cls(event=(args.get("event") or "").strip()[:64] or None, action=(args.get("action") or "").strip()[:50]
                   or None, staff_id=int(staff) if staff.isdigit() and len(staff) < 10 else None,
                   day_from=day("from"), day_to=day("to"),
                   page=min(int(page), 100_000) if page.isdigit() and len(page) < 7 and int(page) > 0 else 1)

    def args(self, **changes: Any) -> dict[str, Any]:
        values = {"event": self.event, "action": self.action, "staff": self.staff_id,
                  "from": self.day_from.isoformat() if self.day_from else None,
                  "to": self.day_to.isoformat() if self.day_to else None, "page": self.page} | changes
        return {k: v for k, v in values.items() if v not in (None, "") and not (k == "page" and v == 1)}


@dataclass
class AuditPage:
    entries: list[tuple[AuditEntry, Staff | None, Event | None]]
    total: int
    page: int
    pages: int
    actions: list[str]
    staff: list[Staff]
    events: list[Event]


def audit_page(flt: AuditFilter, tz: ZoneInfo) -> AuditPage:
    """Dates are whole days in `tz` (the event's timezone when one is chosen)."""
    query = select(AuditEntry)
    if flt.event:
        query = query.join(Event, Event.id == AuditEntry.event_id).where(Event.slug == flt.event)
    if flt.action:
        query = query.where(AuditEntry.action == flt.action)
    if flt.staff_id:
        query = query.where(AuditEntry.staff_id == flt.staff_id)
    if flt.day_from and (since := _midnight(flt.day_from, tz)):
        query = query.where(AuditEntry.at >= since)
    if flt.day_to and (until := _midnight(flt.day_to, tz, days=1)):
        query = query.where(AuditEntry.at < until)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PER_PAGE))
    page = min(flt.page, pages)
    entries = db.session.scalars(query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
                                 .limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    staff = {s.id: s for s in db.session.scalars(select(Staff).order_by(Staff.email))}
    events = {e.id: e for e in db.session.scalars(select(Event).order_by(Event.starts_at.desc()))}
    actions = list(db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))
    return AuditPage([(e, staff.get(e.staff_id or 0), events.get(e.event_id or 0)) for e in entries], total, page,
                     pages, actions, list(staff.values()), list(events.values()))


def _midnight(day: date, tz: ZoneInfo, days: int = 0) -> datetime | None:
    """Midnight in `tz` starting `day` (plus `days`), in UTC; None beyond the calendar's ends (0001-01-01 in
    Shanghai, the day after 9999-12-31), where a date bounds nothing."""
    try:
        return (datetime.combine(day, time(), tz) + timedelta(days=days)).astimezone(UTC)
    except OverflowError:
        return None
