"""Badges: the signed QR code a guest shows at the door. A re-issue revokes the old serial."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventdesk.models.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from eventdesk.models.invitation import Invitation


class Badge(Base):
    __tablename__ = "badges"
    __table_args__ = (
        UniqueConstraint("event_id", "serial"),
        # At most one valid badge per invitation, whatever code issues it.
        Index("uq_badges_one_valid", "invitation_id", unique=True,
              sqlite_where=text("revoked_at IS NULL"), postgresql_where=text("revoked_at IS NULL")),
        # The offline door's deltas: badges issued or revoked since.
        Index("ix_badges_event_issued", "event_id", "issued_at"),
        Index("ix_badges_event_revoked", "event_id", "revoked_at", sqlite_where=text("revoked_at IS NOT NULL"),
              postgresql_where=text("revoked_at IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitations.id", ondelete="CASCADE"))
    serial: Mapped[int] = mapped_column(Integer)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    printed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_reason: Mapped[str | None] = mapped_column(String(200))

    invitation: Mapped[Invitation] = relationship(back_populates="badges")

    @property
    def valid(self) -> bool:
        return self.revoked_at is None
