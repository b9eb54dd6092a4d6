"""Money: amounts in CNY at the event's exchange rates, exact to the fen (Decimal), and
totals by currency, by kind of agreement and by kind of organisation. An amount whose currency has no rate is
kept apart and shown as such, never dropped."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from eventdesk.models import Agreement, AgreementKind, Event, OrganisationKind

CENT = Decimal("0.01")


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
