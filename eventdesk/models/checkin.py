"""Door scans: every scan is kept with its result; admission happens once."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventdesk.models.base import Base, UTCDateTime, str_enum, utcnow
from eventdesk.models.event import Door
from eventdesk.models.invitation import Invitation


class ScanResult(enum.StrEnum):
    ADMITTED = "admitted"
    ALREADY_ADMITTED = "already_admitted"
    REVOKED = "revoked"
    NOT_IN_PERSON = "not_in_person"
    WRONG_EVENT = "wrong_event"
    INVALID = "invalid"


class CheckIn(Base):
    """One scan (or manual admission) at a door, whatever its result."""

    __tablename__ = "checkins"
    __table_args__ = (
        # The one-admission-per-guest rule, held by the database: a second live admission cannot exist.
        Index("uq_checkins_one_admission", "invitation_id", unique=True,
              sqlite_where=text("result = 'admitted' AND undone_at IS NULL"),
              postgresql_where=text("result = 'admitted' AND undone_at IS NULL")),
        # A door device's retry carries the same scan_id; the first answer stands.
        UniqueConstraint("event_id", "scan_id"),
        Index("ix_checkins_event_scanned", "event_id", "scanned_at"),
        # The offline door's deltas: scans recorded (late syncs are recorded long after they were made) or
        # taken back since.
        Index("ix_checkins_event_recorded", "event_id", "recorded_at"),
        Index("ix_checkins_event_undone", "event_id", "undone_at", sqlite_where=text("undone_at IS NOT NULL"),
              postgresql_where=text("undone_at IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitations.id", ondelete="CASCADE"))
    badge_id: Mapped[int | None] = mapped_column(ForeignKey("badges.id", ondelete="SET NULL"))
    door_id: Mapped[int | None] = mapped_column(ForeignKey("doors.id", ondelete="SET NULL"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    result: Mapped[ScanResult] = mapped_column(str_enum(ScanResult, "scan_result"))
    manual: Mapped[bool] = mapped_column(Boolean, default=False)  # admitted by a name lookup, no badge
    # Let in at its door (green) although another, earlier scan is the guest's admission: two doors admitted
    # one badge while offline. Organisers see these on the door dashboard.
    duplicate_entry: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Why staff admitted by hand ("admit anyway", "present at the signing table"); shown in the audit log.
    note: Mapped[str | None] = mapped_column(String(500))
    code: Mapped[str | None] = mapped_column(String(300))  # what was scanned, cut to a sane length
    scan_id: Mapped[str | None] = mapped_column(String(100))
    response: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # the answer given, replayed on retry
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))

    invitation: Mapped[Invitation | None] = relationship()
    door: Mapped[Door | None] = relationship()
