"""Organisations and their delegates: who is invited, named in native script and in Latin letters."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventdesk.models.base import Base, UTCDateTime, str_enum, utcnow
from eventdesk.names import search_key

if TYPE_CHECKING:
    from eventdesk.models.invitation import Invitation


class OrganisationKind(enum.StrEnum):
    GOVERNMENT = "government"
    TRADE_BODY = "trade_body"
    CORPORATE = "corporate"
    MEDIA = "media"
    OTHER = "other"


class Role(enum.StrEnum):
    VIP = "vip"
    SIGNATORY = "signatory"
    DELEGATE = "delegate"
    PRESS = "press"
    STAFF = "staff"
    INTERPRETER = "interpreter"


class Language(enum.StrEnum):
    EN = "en"
    ZH = "zh"
    JA = "ja"


class Organisation(Base):
    __tablename__ = "organisations"
    __table_args__ = (UniqueConstraint("name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))  # in its own script: 四川省商务厅, 日本貿易振興機構
    name_latin: Mapped[str | None] = mapped_column(String(300))
    kind: Mapped[OrganisationKind] = mapped_column(str_enum(OrganisationKind, "organisation_kind"),
                                                   default=OrganisationKind.OTHER)
    country: Mapped[str | None] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    delegates: Mapped[list[Delegate]] = relationship(back_populates="organisation")


class Delegate(Base):
    __tablename__ = "delegates"
    __table_args__ = (
        # The guest list's sort orders, so a page is read in index order rather than sorted.
        Index("ix_delegates_name_order", "family_name_latin", "given_name_latin", "family_name", "id"),
        Index("ix_delegates_organisation_order", "organisation_id", "family_name_latin", "id"),
        Index("ix_delegates_updated", "updated_at"),  # the offline door's deltas: names changed since
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-case
    family_name: Mapped[str | None] = mapped_column(String(100))
    given_name: Mapped[str | None] = mapped_column(String(100))
    family_name_latin: Mapped[str | None] = mapped_column(String(100))
    given_name_latin: Mapped[str | None] = mapped_column(String(100))
    # How the native name is read (yomigana あべ for 阿部, pinyin for 张): searched, never printed on a badge.
    family_name_reading: Mapped[str | None] = mapped_column(String(100))
    given_name_reading: Mapped[str | None] = mapped_column(String(100))
    honorific: Mapped[str | None] = mapped_column(String(50))
    position: Mapped[str | None] = mapped_column(String(200))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    phone: Mapped[str | None] = mapped_column(String(50))
    language: Mapped[Language] = mapped_column(str_enum(Language, "language"), default=Language.EN)
    role: Mapped[Role] = mapped_column(str_enum(Role, "delegate_role"), default=Role.DELEGATE)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # Every name form and the e-mail, folded (eventdesk.names): the guest list searches this one column.
    search_key: Mapped[str] = mapped_column(Text, default=lambda context: _search_key(
        context.get_current_parameters()), server_default="")

    organisation: Mapped[Organisation] = relationship(back_populates="delegates")
    invitations: Mapped[list[Invitation]] = relationship(back_populates="delegate")

    @property
    def native_name(self) -> str:
        """Family name first, as Chinese and Japanese write it; falls back to the Latin form."""
        if self.family_name:
            joiner = "" if _is_cjk(self.family_name + (self.given_name or "")) else " "
            return joiner.join(p for p in (self.family_name, self.given_name) if p)
        return self.latin_name

    @property
    def latin_name(self) -> str:
        return " ".join(p for p in (self.given_name_latin, (self.family_name_latin or "").upper()) if p)

    @property
    def display_name(self) -> str:
        native, latin = self.native_name, self.latin_name
        return native if not latin or native == latin else f"{native} ({latin})"


NAME_FIELDS = ("family_name", "given_name", "family_name_latin", "given_name_latin", "email", "family_name_reading",
               "given_name_reading")


def _search_key(values: Any) -> str:
    return search_key(*(values.get(name) if isinstance(values, dict) else getattr(values, name)
                        for name in NAME_FIELDS))


@event.listens_for(Delegate, "before_update")
def _refresh_search_key(_mapper: Any, _connection: Any, delegate: Delegate) -> None:
    delegate.search_key = _search_key(delegate)


def _is_cjk(text: str) -> bool:
    return any(ord(c) >= 0x2E80 for c in text)
