"""An agreement as people write it (an import row or the edit form), checked and resolved to database objects.

Both edges use the same field names as the import's columns, so a problem found here names the column or the
form field directly. Every problem is collected, not just the first, so a file is fixed in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from babel.numbers import list_currencies
from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from eventdesk.extensions import db
from eventdesk.models import AgreementKind, Delegate, Event, Invitation, Organisation
from eventdesk.models.agreement import decimal_places, largest, major_units, minor_digits, minor_units
from eventdesk.signing import money

REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")  # it goes into URLs: /agreements/<ref>
LANGUAGES = ("zh", "ja", "en")
MAX_POSITION = 100_000
SPLIT = re.compile(r"[;\n]")
EMAILS = re.compile(r"[\s,;]+")

Problem = tuple[str, str]  # (field, message)


@dataclass(frozen=True)
class PartyEntry:
    source: str  # the field it came from: "parties", or "party_2" when the file has a column per party
    organisation: str
    side: str | None


@dataclass
class Spec:
    """A checked agreement, ready to be saved: organisations and delegates are database objects."""

    ref: str
    title: str
    titles: dict[str, str]
    summary: str | None
    kind: AgreementKind
    amount: Decimal | None
    currency: str
    position: int | None
    parties: list[tuple[Organisation, str | None]] = field(default_factory=list)
    signatories: list[tuple[Delegate, bool]] = field(default_factory=list)  # (delegate, remote)


def storable(text: str) -> bool:
    """PostgreSQL refuses NUL characters, and UTF-8 cannot carry a lone surrogate."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


def party_entries(text: str, source: str = "parties") -> list[PartyEntry]:
    """`四川省商务厅:CN; 日本貿易振興機構:JP` (or one a line): an organisation, then optionally its side."""
    entries = []
    for chunk in SPLIT.split(text or ""):
        name, side = _split_side(chunk)
        if name:
            entries.append(PartyEntry(source, name, side))
    return entries


def _split_side(chunk: str) -> tuple[str, str | None]:
    chunk = chunk.strip()
    for colon in (":", "："):  # a full-width colon is what a Chinese or Japanese keyboard types
        name, found, side = chunk.rpartition(colon)
        if found and side.strip() and len(side.strip()) <= 50 and name.strip():
            return name.strip(), side.strip().upper()
    return chunk, None


def emails(text: str) -> list[str]:
    return [e.lower() for e in EMAILS.split(text or "") if e]


def parse(event: Event, values: Mapping[str, str], parties: list[PartyEntry]) -> tuple[Spec | None, list[Problem]]:
    """Check one agreement's fields (strings, as typed); returns the spec, or None and every problem found."""
    problems = [(name, _("contains a NUL character or an unpaired surrogate, which cannot be stored"))
                for name, text in [*values.items(), *((p.source, p.organisation + (p.side or "")) for p in parties)]
                if not storable(text)]
    if problems:
        return None, list(dict.fromkeys(problems))
    ref = values.get("ref", "").strip()
    if not ref:
        problems.append(("ref", _("a reference number is required")))
    elif not REF.match(ref):
        problems.append(("ref", _("use 1-40 letters, digits, dots, hyphens or underscores (it goes into links)")))
    title = " ".join(values.get("title", "").split())
    if not title:
        problems.append(("title", _("a title is required")))
    elif len(title) > 300:
        problems.append(("title", _("at most %(count)s characters", count=300)))
    titles = {}
    for language in LANGUAGES:
        text = " ".join(values.get(f"title_{language}", "").split())
        if len(text) > 300:
            problems.append((f"title_{language}", _("at most %(count)s characters", count=300)))
        elif text:
            titles[language] = text
    summary = values.get("summary", "").strip() or None
    if summary and len(summary) > 5000:
        problems.append(("summary", _("at most %(count)s characters", count="5,000")))
    kind = _kind(values.get("kind", ""), problems)
    currency = (values.get("currency", "").strip() or "CNY").upper()
    amount = _amount(values.get("amount", ""), currency if currency in _currencies() else None, problems)
    if currency not in _currencies():
        problems.append(("currency", _("%(currency)s is not an ISO 4217 currency code (CNY, JPY, USD, EUR ...)",
                                       currency=repr(currency))))
    position = _position(values.get("position", ""), problems)
    organisations = _organisations(parties, problems)
    signatories = _signatories(event, values, organisations, problems)
    if problems:
        return None, problems
    return Spec(ref, title, titles, summary, kind, amount, currency, position, organisations, signatories), []


def _kind(text: str, problems: list[Problem]) -> AgreementKind:
    text = text.strip().lower()
    if not text:
        return AgreementKind.COOPERATION
    try:
        return AgreementKind(text)
    except ValueError:
        problems.append(("kind", _("%(value)s is not one of: %(choices)s", value=repr(text),
                                   choices=", ".join(k.value for k in AgreementKind))))
        return AgreementKind.COOPERATION


def _amount(text: str, currency: str | None, problems: list[Problem]) -> Decimal | None:
    """The amount in major units, exactly as stored for `currency` (checked against it once the currency is known)."""
    try:
        amount = money.read_number(text)
    except ValueError as e:
        problems.append(("amount", str(e)))
        return None
    if amount is None or currency is None:
        return amount
    if amount < 0:
        problems.append(("amount", _("the amount must be a positive number")))
    elif amount > largest(currency):
        problems.append(("amount", _("the amount is too large: at most %(amount)s %(currency)s",
                                     amount=f"{largest(currency):,}", currency=currency)))
    elif decimal_places(amount) > minor_digits(currency):
        problems.append(("amount", _("%(currency)s has no minor unit: write a whole number", currency=currency)
                         if minor_digits(currency) == 0 else
                         _("%(currency)s has at most %(places)d decimal places", currency=currency,
                           places=minor_digits(currency))))
    else:
        return major_units(minor_units(amount, currency), currency)
    return None


def _position(text: str, problems: list[Problem]) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= MAX_POSITION:
        problems.append(("position", _("the position in the running order is a whole number from 1 to %(last)s",
                                       last=MAX_POSITION)))
        return None
    return int(text)


def _organisations(parties: list[PartyEntry], problems: list[Problem]) -> list[tuple[Organisation, str | None]]:
    if len(parties) < 2:
        problems.append((parties[0].source if parties else "parties",
                         _("an agreement needs at least two parties, e.g. 四川省商务厅:CN; 日本貿易振興機構:JP")))
    found: list[tuple[Organisation, str | None]] = []
    for entry in parties:
        organisation = db.session.scalar(select(Organisation).where(or_(
            Organisation.name == entry.organisation,
            func.lower(Organisation.name_latin) == entry.organisation.lower())))
        if organisation is None:
            problems.append((entry.source, _("no organisation named %(name)s: import the guest list first, or write "
                                             "the name as it is there", name=repr(entry.organisation))))
        elif any(organisation.id == o.id for o, _side in found):
            problems.append((entry.source, _("%(name)s is named twice", name=repr(entry.organisation))))
        else:
            found.append((organisation, entry.side))
    return found


def _signatories(event: Event, values: Mapping[str, str], organisations: list[tuple[Organisation, str | None]],
                 problems: list[Problem]) -> list[tuple[Delegate, bool]]:
    """Signatories are guests of this event and delegates of one of the parties; `remote_signatories` sign by
    video (they may be listed under `signatories` too)."""
    remote = emails(values.get("remote_signatories", ""))
    result: list[tuple[Delegate, bool]] = []
    seen: set[str] = set()
    for column, addresses in (("signatories", emails(values.get("signatories", ""))), ("remote_signatories", remote)):
        for address in addresses:
            if address in seen:
                continue
            seen.add(address)
            delegate = db.session.scalar(
                select(Delegate).join(Invitation).where(Invitation.event_id == event.id, Delegate.email == address))
            if delegate is None:
                problems.append((column, _("%(address)s is not on this event's guest list", address=address)))
            elif organisations and delegate.organisation_id not in {o.id for o, _side in organisations}:
                problems.append((column, _("%(address)s is a delegate of %(organisation)s, which is not a party to "
                                           "this agreement", address=address,
                                           organisation=delegate.organisation.name)))
            else:
                result.append((delegate, address in remote))
    return result


@cache
def _currencies() -> frozenset[str]:
    return frozenset(list_currencies())
