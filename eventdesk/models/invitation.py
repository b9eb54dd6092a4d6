"""An invitation: one delegate asked to one event, with the answer and the personal link's token."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventdesk.models.base import Base, UTCDateTime, str_enum, utcnow

if TYPE_CHECKING:
    from eventdesk.models.badge import Badge
    from eventdesk.models.event import Event
    from eventdesk.models.people import Delegate


class Status(enum.StrEnum):
    INVITED = "invited"  # no answer yet
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WAITING = "waiting"  # asked to attend in person while the hall was full
    WITHDRAWN = "withdrawn"  # withdrawn by the organisers


class Mode(enum.StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"


def new_token() -> str:
    """192 random bits, URL-safe: the only key to a delegate's personal pages."""
    return secrets.token_urlsafe(24)


class Invitation(Base):
    __tablename__ = "invitations"
    __table_args__ = (
        UniqueConstraint("event_id", "delegate_id"),
        Index("ix_invitations_event_status", "event_id", "status"),
        Index("ix_invitations_event_answered", "event_id", "answered_at"),
        Index("ix_invitations_event_waiting", "event_id", "waiting_since"),
        Index("ix_invitations_event_updated", "event_id", "updated_at"),  # the offline door's deltas
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    delegate_id: Mapped[int] = mapped_column(ForeignKey("delegates.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    status: Mapped[Status] = mapped_column(str_enum(Status, "invitation_status"), default=Status.INVITED)
    mode: Mapped[Mode | None] = mapped_column(str_enum(Mode, "attendance_mode"))
    # What the organisers proposed (from the guest list); the delegate's answer sets `mode`.
    proposed_mode: Mapped[Mode | None] = mapped_column(str_enum(Mode, "proposed_mode"))
    # Dietary needs, accessibility, interpreter language, a note: what the delegate told us.
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # A personal meeting link where the platform issues one per person; else the room's or the event's link.
    meeting_url: Mapped[str | None] = mapped_column(String(500))
    room_id: Mapped[int | None] = mapped_column(ForeignKey("online_rooms.id", ondelete="SET NULL"))
    # Organisers may let an in-person guest follow online too (the join link works for them).
    online_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # when the invitation mail was queued
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    waiting_since: Mapped[datetime | None] = mapped_column(UTCDateTime())  # the waiting list's order
    # Raised on every change of the answer, added to the event's sequence in the calendar file.
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship(back_populates="invitations")
    delegate: Mapped[Delegate] = relationship(back_populates="invitations")
    badges: Mapped[list[Badge]] = relationship(back_populates="invitation", order_by="Badge.serial")

    @property
    def attends_in_person(self) -> bool:
        return self.status == Status.ACCEPTED and self.mode == Mode.IN_PERSON
