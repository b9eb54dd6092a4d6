"""Money: numbers as people type them, amounts in CNY at the event's exchange rates, exact to the fen (Decimal),
and totals by currency, by kind of agreement and by kind of organisation. An amount whose currency has no rate is
kept apart and shown as such, never dropped."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import (
    NumberFormatError,
    get_decimal_symbol,
    get_group_symbol,
    get_minus_sign_symbol,
    get_plus_sign_symbol,
    parse_decimal,
)
from flask_babel import get_locale
from flask_babel import gettext as _

from eventdesk.errors import Refused
from eventdesk.models import Agreement, AgreementKind, Event, OrganisationKind

CENT = Decimal("0.01")
MAX_RATE = Decimal(100_000)  # CNY for one unit; the dearest currency is worth a few dozen


def read_number(text: str, example: str = "1250000000.00") -> Decimal | None:
    """A number as typed in the reader's language (en, zh and ja all write 1,234,567.89; full-width digits count),
    or None when empty. A comma that cannot be grouping, as in 7,10, is refused, never guessed: ValueError saying so.
    """
    text = "".join(unicodedata.normalize("NFKC", text).split())
    if not text:
        return None
    locale = get_locale() or "en"
    symbols = {get_group_symbol(locale), get_decimal_symbol(locale), get_minus_sign_symbol(locale),
               get_plus_sign_symbol(locale)}
    not_a_number = ValueError(_("%(text)s is not a number (write it like %(example)s)", text=repr(text),
                                example=example))
    if not all(c.isascii() and c.isdigit() or c in symbols for c in text) or not any(c.isdigit() for c in text):
        raise not_a_number
    try:
        return parse_decimal(text, locale=locale, strict=True)
    except NumberFormatError as e:
        if not e.suggestions:  # unreadable, not merely grouped wrongly
            raise not_a_number from e
        raise ValueError(_("%(text)s is ambiguous: commas group thousands (1,234,567) and a point starts the "
                           "decimals (7.10)", text=repr(text))) from e


def read_rates(typed: Mapping[str, str]) -> dict[str, str]:
    """Exchange rates as typed ({"JPY": "0.0482", "USD": ""}), empty ones left out; Refused for the first that is
    not one, naming it."""
    rates = {}
    for code, text in typed.items():
        try:
            value = read_number(text, example="0.0482")
        except ValueError as e:
            raise Refused("invalid_rate", f"{code}: {e}", field=f"rate_{code}") from e
        if value is None:
            continue
        if not 0 < value <= MAX_RATE:
            raise Refused("invalid_rate", _("%(code)s: %(value)s is not an exchange rate (CNY for one unit, "
                                            "e.g. 0.0482).", code=code, value=text.strip()), field=f"rate_{code}")
        rates[code] = format(value, "f")
    return rates


def rate(event: Event, currency: str) -> Decimal | None:
    """CNY per unit of `currency` from the event's exchange rates; None when not set or not a positive number."""
    if currency == "CNY":
        return Decimal(1)
    raw = (event.exchange_rates or {}).get(currency)
    try:
        value = Decimal(str(raw)) if raw is not None else None
    except InvalidOperation:
        return None
    return value if value is not None and value.is_finite() and value > 0 else None


def in_cny(event: Event, agreement: Agreement) -> Decimal | None:
    """The amount in CNY to the fen, or None when there is no amount or no rate for its currency."""
    found = rate(event, agreement.currency)
    if agreement.amount is None or found is None:
        return None
    return (agreement.amount * found).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Line:
    count: int = 0
    cny: Decimal = field(default_factory=lambda: Decimal("0.00"))


@dataclass
class Totals:
    """Sums of a set of agreements. Amounts whose currency has no rate are kept apart, never dropped."""

    count: int = 0
    cny: Decimal = field(default_factory=lambda: Decimal("0.00"))
    by_currency: dict[str, Decimal] = field(default_factory=dict)
    cny_by_currency: dict[str, Decimal] = field(default_factory=dict)  # what each currency adds to `cny`
    unconverted: dict[str, Decimal] = field(default_factory=dict)
    rates: dict[str, Decimal] = field(default_factory=dict)
    by_agreement_kind: dict[AgreementKind, Line] = field(default_factory=dict)
    # An agreement counts once for each kind of organisation among its parties, so these lines overlap.
    by_organisation_kind: dict[OrganisationKind, Line] = field(default_factory=dict)


def totals(event: Event, chosen: list[Agreement]) -> Totals:
    """The totals of `chosen` (the signed ones, or all not withdrawn)."""
    result = Totals(count=len(chosen))
    by_currency: dict[str, Decimal] = defaultdict(Decimal)
    unconverted: dict[str, Decimal] = defaultdict(Decimal)
    by_agreement_kind: dict[AgreementKind, Line] = defaultdict(Line)
    by_organisation_kind: dict[OrganisationKind, Line] = defaultdict(Line)
    cny_by_currency: dict[str, Decimal] = defaultdict(Decimal)
    for agreement in chosen:
        converted = in_cny(event, agreement)
        cny = converted or Decimal("0.00")
        if agreement.amount is not None:
            by_currency[agreement.currency] += agreement.amount
            if converted is None:
                unconverted[agreement.currency] += agreement.amount
            else:
                result.rates[agreement.currency] = rate(event, agreement.currency)
                cny_by_currency[agreement.currency] += converted
        result.cny += cny
        by_agreement_kind[agreement.kind].count += 1
        by_agreement_kind[agreement.kind].cny += cny
        for kind in {party.organisation.kind for party in agreement.parties}:
            by_organisation_kind[kind].count += 1
            by_organisation_kind[kind].cny += cny
    result.by_currency = dict(sorted(by_currency.items(), key=lambda item: (item[0] != "CNY", item[0])))
    result.cny_by_currency = {c: cny_by_currency[c] for c in result.by_currency if c in cny_by_currency}
    result.unconverted = dict(sorted(unconverted.items()))
    result.by_agreement_kind = {k: by_agreement_kind[k] for k in AgreementKind if k in by_agreement_kind}
    result.by_organisation_kind = {k: by_organisation_kind[k] for k in OrganisationKind if k in by_organisation_kind}
    return result
