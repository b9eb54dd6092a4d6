"""Agreements signed at the ceremony: parties, signatories, and the signing ledger (append-only)."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from babel.numbers import get_currency_precision
from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventdesk.models.base import Base, UTCDateTime, str_enum, utcnow
from eventdesk.models.people import Delegate, Organisation

if TYPE_CHECKING:
    from eventdesk.models.event import Event


# Amounts are whole numbers of the currency's minor unit (fen, cent; a yen has none), so SQLite keeps them as exactly
# as PostgreSQL does. 18 digits fit a BIGINT: up to 9,999,999,999,999,999.99 CNY or 999,999,999,999,999,999 JPY.
MAX_MINOR_UNITS = 10**18 - 1


def minor_digits(currency: str) -> int:
    """Decimal places of the currency's minor unit, from CLDR: CNY 2, JPY 0, KWD 3."""
    return get_currency_precision(currency)


def minor_units(amount: Decimal | None, currency: str) -> int | None:
    """An amount in major units as the whole number stored; ValueError if it has more decimal places than the
    currency or does not fit (the edges check both first, with messages)."""
    if amount is None:
        return None
    digits = minor_digits(currency)
    if not amount.is_finite() or not 0 <= amount <= largest(currency) or decimal_places(amount) > digits:
        raise ValueError(f"{amount} {currency} cannot be stored exactly")
    return int(amount.scaleb(digits))


def largest(currency: str) -> Decimal:
    return Decimal(MAX_MINOR_UNITS).scaleb(-minor_digits(currency))


def decimal_places(amount: Decimal) -> int:
    """Places after the point that are not trailing zeros (1500.00 has none), counted without rounding."""
    _sign, digits, exponent = amount.as_tuple()
    places = -exponent if isinstance(exponent, int) else 0
    for digit in reversed(digits):
        if places <= 0 or digit:
            break
        places -= 1
    return max(places, 0)


def major_units(minor: int | None, currency: str) -> Decimal | None:
    """The stored whole number as an amount with the currency's decimal places: 125000000000 CNY -> 1250000000.00."""
    return None if minor is None else Decimal(minor).scaleb(-minor_digits(currency))


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
        CheckConstraint("amount_minor IS NULL OR amount_minor >= 0", name="amount_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    ref: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    titles: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    summary: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[AgreementKind] = mapped_column(str_enum(AgreementKind, "agreement_kind"),
                                                default=AgreementKind.COOPERATION)
    amount_minor: Mapped[int | None] = mapped_column(BigInteger)  # set with minor_units(amount, currency)
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

    @property
    def amount(self) -> Decimal | None:
        """In major units, with the currency's decimal places: 1250000000.00 CNY, 5000000000 JPY."""
        return major_units(self.amount_minor, self.currency)

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
