"""Online attendance: the event's meeting rooms, joins through the personal link, and the platforms' own
reports with every row kept, matched or not, so organisers see each decision."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventdesk.models.base import Base, UTCDateTime, str_enum, utcnow
from eventdesk.models.invitation import Invitation


class OnlineRoom(Base):
    """One online meeting of an event (a Zoom room, a Tencent Meeting room), each with its own link."""

    __tablename__ = "online_rooms"
    __table_args__ = (UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    url: Mapped[str] = mapped_column(String(500))
    platform: Mapped[str | None] = mapped_column(String(20))  # zoom, teams, tencent, other
    position: Mapped[int] = mapped_column(Integer, default=0)


class OnlineAttendance(Base):
    """A stretch of time a delegate spent in an online meeting: from our join link (no end known) or from a
    row of a platform's report."""

    __tablename__ = "online_attendance"

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitations.id", ondelete="CASCADE"), index=True)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("online_rooms.id", ondelete="SET NULL"))
    report_row_id: Mapped[int | None] = mapped_column(
        ForeignKey("attendance_report_rows.id", ondelete="CASCADE"), index=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    source: Mapped[str] = mapped_column(String(20), default="link")  # link (our join page) or report

    invitation: Mapped[Invitation] = relationship()
    room: Mapped[OnlineRoom | None] = relationship()

    @property
    def minutes(self) -> int:
        return 0 if self.left_at is None else int((self.left_at - self.joined_at).total_seconds() // 60)


class AttendanceReport(Base):
    """One imported report file; its content's digest makes a second import of the same file a no-op."""

    __tablename__ = "attendance_reports"
    __table_args__ = (UniqueConstraint("event_id", "digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    room_id: Mapped[int | None] = mapped_column(ForeignKey("online_rooms.id", ondelete="SET NULL"))
    layout: Mapped[str] = mapped_column(String(40))  # zoom_meeting, zoom_webinar, teams, tencent, ...
    digest: Mapped[str] = mapped_column(String(64))  # sha256 of the file's bytes
    filename: Mapped[str | None] = mapped_column(String(300))
    timezone: Mapped[str] = mapped_column(String(64))  # the zone its times were read in
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))

    rows: Mapped[list[AttendanceReportRow]] = relationship(
        back_populates="report", order_by="AttendanceReportRow.line", cascade="all, delete-orphan")
    room: Mapped[OnlineRoom | None] = relationship()


class RowOutcome(enum.StrEnum):
    MATCHED = "matched"
    UNMATCHED = "unmatched"  # waits for an organiser
    LEFT_OUT = "left_out"  # hosts, co-hosts, the organisers' own staff
    NOT_ON_LIST = "not_on_list"  # an organiser looked and decided: not one of our guests


class AttendanceReportRow(Base):
    """One person's stretch in a report, as the platform wrote it, and what became of it."""

    __tablename__ = "attendance_report_rows"
    __table_args__ = (Index("ix_attendance_rows_report_outcome", "report_id", "outcome"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("attendance_reports.id", ondelete="CASCADE"))
    line: Mapped[int] = mapped_column(Integer)  # in the file, so organisers can find it
    name: Mapped[str] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(254))
    platform_role: Mapped[str | None] = mapped_column(String(50))
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    minutes: Mapped[int | None] = mapped_column(Integer)  # as reported, when no times are given
    outcome: Mapped[RowOutcome] = mapped_column(str_enum(RowOutcome, "report_row_outcome"))
    how: Mapped[str | None] = mapped_column(String(40))  # email, name, earlier_match, by_hand, host, staff
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitations.id", ondelete="SET NULL"))

    report: Mapped[AttendanceReport] = relationship(back_populates="rows")
    invitation: Mapped[Invitation | None] = relationship()


class NameMatch(Base):
    """An organiser's decision that a name seen in a report is this guest, remembered for later reports."""

    __tablename__ = "attendance_name_matches"
    __table_args__ = (UniqueConstraint("event_id", "name_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    name_key: Mapped[str] = mapped_column(String(300))  # the name as matching folds it
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitations.id", ondelete="CASCADE"))
    matched_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    matched_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
