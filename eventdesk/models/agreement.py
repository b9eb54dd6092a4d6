"""Agreements signed at the ceremony: parties, signatories, and the signing ledger (append-only)."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventdesk.models.base import Base, UTCDateTime, str_enum, utcnow
from eventdesk.models.people import Delegate, Organisation

if TYPE_CHECKING:
    from eventdesk.models.event import Event


class AgreementKind(enum.StrEnum):
    INVESTMENT = "investment"
    COOPERATION = "cooperation"
    MEMORANDUM = "memorandum"


class AgreementStatus(enum.StrEnum):
    PLANNED = "planned"
    SIGNED = "signed"
    POSTPONED = "postponed"
    WITHDRAWN = "withdrawn"


class SigningMode(enum.StrEnum):
    IN_PERSON = "in_person"
    REMOTE = "remote"


class Agreement(Base):
    __tablename__ = "agreements"
    __table_args__ = (
        UniqueConstraint("event_id", "ref"),
        CheckConstraint("amount IS NULL OR amount >= 0", name="amount_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    ref: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    titles: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    summary: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[AgreementKind] = mapped_column(str_enum(AgreementKind, "agreement_kind"),
                                                default=AgreementKind.COOPERATION)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    position: Mapped[int] = mapped_column(Integer)  # running order
    # Status, time and mode of the latest ledger entry, kept here so lists need no aggregate.
    status: Mapped[AgreementStatus] = mapped_column(str_enum(AgreementStatus, "agreement_status"),
                                                    default=AgreementStatus.PLANNED)
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    signing_mode: Mapped[SigningMode | None] = mapped_column(str_enum(SigningMode, "signing_mode"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship(back_populates="agreements")
    parties: Mapped[list[AgreementParty]] = relationship(
        back_populates="agreement", order_by="AgreementParty.position", cascade="all, delete-orphan")
    entries: Mapped[list[SigningEntry]] = relationship(
        back_populates="agreement", order_by="SigningEntry.id", cascade="all, delete-orphan")
    documents: Mapped[list[AgreementDocument]] = relationship(
        back_populates="agreement", order_by="AgreementDocument.id", cascade="all, delete-orphan")

    def title_in(self, language: str | None) -> str:
        return (self.titles or {}).get(language or "", "") or self.title


class AgreementParty(Base):
    __tablename__ = "agreement_parties"
    __table_args__ = (UniqueConstraint("agreement_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    side: Mapped[str | None] = mapped_column(String(50))  # e.g. "CN" or "JP"
    position: Mapped[int] = mapped_column(Integer, default=0)

    agreement: Mapped[Agreement] = relationship(back_populates="parties")
    organisation: Mapped[Organisation] = relationship()
    signatories: Mapped[list[Signatory]] = relationship(back_populates="party", cascade="all, delete-orphan")


class Signatory(Base):
    __tablename__ = "agreement_signatories"
    __table_args__ = (UniqueConstraint("party_id", "delegate_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("agreement_parties.id", ondelete="CASCADE"))
    delegate_id: Mapped[int] = mapped_column(ForeignKey("delegates.id"))
    remote: Mapped[bool] = mapped_column(default=False)  # signs by video, so must have answered online

    party: Mapped[AgreementParty] = relationship(back_populates="signatories")
    delegate: Mapped[Delegate] = relationship()


class SigningEntry(Base):
    """The ledger: every signing, correction or change of status is a new row; nothing is erased."""

    __tablename__ = "signing_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    status: Mapped[AgreementStatus] = mapped_column(str_enum(AgreementStatus, "entry_status"))
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    mode: Mapped[SigningMode | None] = mapped_column(str_enum(SigningMode, "entry_mode"))
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("signing_entries.id"))
    note: Mapped[str | None] = mapped_column(String(500))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    agreement: Mapped[Agreement] = relationship(back_populates="entries")


class AgreementDocument(Base):
    """A scan of the signed document, stored in the instance folder and served only to staff."""

    __tablename__ = "agreement_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    stored_name: Mapped[str] = mapped_column(String(100), unique=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    agreement: Mapped[Agreement] = relationship(back_populates="documents")
