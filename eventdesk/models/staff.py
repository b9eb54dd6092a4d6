"""Staff accounts (organiser, door, clerk), the events an account is limited to, and their API tokens (stored
hashed)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash

from eventdesk.models.base import Base, UTCDateTime, str_enum, utcnow

if TYPE_CHECKING:
    from eventdesk.models.event import Event


class StaffRole(enum.StrEnum):
    ORGANISER = "organiser"
    DOOR = "door"
    CLERK = "clerk"


# An account with rows here works only on those events; one without any works on every event. Events are never
# deleted (no cascade from them), so a limit can never silently vanish and leave the account unlimited.
staff_events = Table(
    "staff_events", Base.metadata,
    Column("staff_id", ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True),
    Column("event_id", ForeignKey("events.id"), primary_key=True, index=True),
)


class Staff(UserMixin, Base):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-case
    name: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[StaffRole] = mapped_column(str_enum(StaffRole, "staff_role"))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Part of the id kept in the session cookie; signing out and a new password raise it, so earlier
    # sessions (and copies of their cookies) stop working.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="staff", cascade="all, delete-orphan")
    # Read through staff.service.event_limits, which the role checks of every route use.
    events: Mapped[list[Event]] = relationship(secondary=staff_events,
                                                  order_by="(Event.starts_at, Event.slug)")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    def get_id(self) -> str:
        return f"{self.id}.{self.session_version}"

    def end_sessions(self) -> None:
        self.session_version = (self.session_version or 0) + 1

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def may(self, *roles: StaffRole) -> bool:
        """Organisers may do everything; others only what their role names."""
        return self.role == StaffRole.ORGANISER or self.role in roles

    @property
    def label(self) -> str:
        return self.name or self.email


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 hex of a 256-bit token
    prefix: Mapped[str] = mapped_column(String(12))  # shown in lists so a token can be recognised
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    staff: Mapped[Staff] = relationship(back_populates="tokens")
