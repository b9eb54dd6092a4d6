"""An event (the ceremony) and its programme."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventdesk.models.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from eventdesk.models.agreement import Agreement
    from eventdesk.models.invitation import Invitation


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),
                      CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"))

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    # Translations of the title by language code ({"zh": ..., "ja": ...}); `title` is the fallback.
    titles: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    description: Mapped[str | None] = mapped_column(Text)
    timezone: Mapped[str] = mapped_column(String(64))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    rsvp_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())
    venue: Mapped[str | None] = mapped_column(String(300))
    # The venue's name by language code, as `titles` for the title; `venue` is the fallback.
    venues: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, server_default="{}")
    venue_address: Mapped[str | None] = mapped_column(String(500))
    latitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    longitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    capacity: Mapped[int | None] = mapped_column(Integer)
    online_url: Mapped[str | None] = mapped_column(String(500))
    # The join link opens this many minutes before the start; earlier, a waiting page counts down.
    online_opens_minutes: Mapped[int] = mapped_column(Integer, default=30)
    organiser_name: Mapped[str | None] = mapped_column(String(200))
    organiser_email: Mapped[str | None] = mapped_column(String(254))
    open_registration: Mapped[bool] = mapped_column(Boolean, default=False)
    # Exchange rates to CNY for the signing totals, by ISO 4217 code ({"JPY": "0.0482"}).
    exchange_rates: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    # Raised whenever the time or place changes, so calendar programs update instead of adding a copy.
    schedule_sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    programme: Mapped[list[ProgrammeItem]] = relationship(
        back_populates="event", order_by="ProgrammeItem.starts_at", cascade="all, delete-orphan")
    invitations: Mapped[list[Invitation]] = relationship(back_populates="event", lazy="dynamic",
                                                         cascade="all, delete-orphan")
    agreements: Mapped[list[Agreement]] = relationship(
        back_populates="event", order_by="Agreement.position", cascade="all, delete-orphan")
    doors: Mapped[list[Door]] = relationship(back_populates="event", cascade="all, delete-orphan")

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def local(self, instant: datetime) -> datetime:
        return instant.astimezone(self.tz)

    def title_in(self, language: str | None) -> str:
        return (self.titles or {}).get(language or "", "") or self.title

    def venue_in(self, language: str | None) -> str | None:
        return (self.venues or {}).get(language or "", "") or self.venue


class ProgrammeItem(Base):
    __tablename__ = "programme_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="other")  # arrival, opening, signing, press, ...
    title: Mapped[str] = mapped_column(String(300))
    titles: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    location: Mapped[str | None] = mapped_column(String(300))
    # Online guests attend only items that are streamed.
    streamed: Mapped[bool] = mapped_column(Boolean, default=True)

    event: Mapped[Event] = relationship(back_populates="programme")

    def title_in(self, language: str | None) -> str:
        return (self.titles or {}).get(language or "", "") or self.title


class Door(Base):
    """An entrance; created on first use by the name door staff give it."""

    __tablename__ = "doors"
    __table_args__ = (UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    event: Mapped[Event] = relationship(back_populates="doors")
