"""Open registration: a request to attend from someone not on the guest list, and the throttle that slows
bots and token guessers (kept in the database, so every worker on every host counts the same hits)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventdesk.models.base import Base, UTCDateTime, str_enum, utcnow
from eventdesk.models.event import Event
from eventdesk.models.invitation import Mode
from eventdesk.models.people import Delegate, Language


class RequestStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"  # an invitation was made and its personal link sent
    REJECTED = "rejected"


class RegistrationRequest(Base):
    __tablename__ = "registration_requests"
    # One request per address and event: asking again updates a pending request and reveals nothing.
    __table_args__ = (UniqueConstraint("event_id", "email"),
                      Index("ix_registration_requests_event_status", "event_id", "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(254))  # stored lower-case
    family_name: Mapped[str | None] = mapped_column(String(100))
    given_name: Mapped[str | None] = mapped_column(String(100))
    family_name_latin: Mapped[str | None] = mapped_column(String(100))
    given_name_latin: Mapped[str | None] = mapped_column(String(100))
    organisation: Mapped[str] = mapped_column(String(300))
    position: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[Language] = mapped_column(str_enum(Language, "language"), default=Language.EN)
    mode: Mapped[Mode] = mapped_column(str_enum(Mode, "requested_mode"))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[RequestStatus] = mapped_column(str_enum(RequestStatus, "request_status"),
                                                  default=RequestStatus.PENDING)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitations.id", ondelete="SET NULL"))

    event: Mapped[Event] = relationship()

    @property
    def display_name(self) -> str:
        """Written as a guest's would be: own script and order, the Latin form beside."""
        return Delegate(family_name=self.family_name, given_name=self.given_name,
                        family_name_latin=self.family_name_latin, given_name_latin=self.given_name_latin).display_name


class ThrottleHit(Base):
    """One counted attempt (a bad token, a registration) by one address, hashed: the address is not kept."""

    __tablename__ = "throttle_hits"
    __table_args__ = (Index("ix_throttle_hits_scope_key_at", "scope", "key", "at"),
                      Index("ix_throttle_hits_at", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(30))
    key: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
