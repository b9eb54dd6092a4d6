"""Words and numbers as the signing pages, the board and the report show them, in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import lazy_gettext as _l

from eventdesk.models import AgreementKind, AgreementStatus, OrganisationKind, SigningMode
from eventdesk.models.agreement import minor_digits

AGREEMENT_KINDS = {AgreementKind.INVESTMENT: _l("Investment"), AgreementKind.COOPERATION: _l("Cooperation"),
                   AgreementKind.MEMORANDUM: _l("Memorandum")}
STATUSES = {AgreementStatus.PLANNED: _l("Planned"), AgreementStatus.SIGNED: _l("Signed"),
            AgreementStatus.POSTPONED: _l("Postponed"), AgreementStatus.WITHDRAWN: _l("Withdrawn")}
MODES = {SigningMode.IN_PERSON: _l("At the signing table"), SigningMode.REMOTE: _l("By video link")}
ORGANISATION_KINDS = {OrganisationKind.GOVERNMENT: _l("Government"), OrganisationKind.TRADE_BODY: _l("Trade bodies"),
                      OrganisationKind.CORPORATE: _l("Companies"), OrganisationKind.MEDIA: _l("Media"),
                      OrganisationKind.OTHER: _l("Other")}


def exact(amount: Decimal | None, currency: str = "CNY") -> str:
    """Major units with thousands separators and the currency's decimal places, the same in every language:
    21,750,000,000.00 (CNY), 5,000,000,000 (JPY)."""
    return "" if amount is None else f"{amount:,.{minor_digits(currency)}f}"


def plain(amount: Decimal | None, currency: str = "CNY") -> str:
    """Major units as a plain decimal string for files and the API: 21750000000.00 (CNY), 5000000000 (JPY)."""
    return "" if amount is None else f"{amount:.{minor_digits(currency)}f}"


@dataclass(frozen=True)
class Headline:
    """A large amount as a hall reads it: 217.5 亿元, 217.5億元, RMB 21.75 billion."""

    prefix: str
    value: str
    unit: str

    def __str__(self) -> str:  # CJK units follow the number directly; English words are spaced
        return " ".join(p for p in (self.prefix, self.value, self.unit) if p) if self.prefix else self.value + self.unit


# (threshold, divisor, unit) from the largest; Chinese and Japanese count in 万 and 亿 (億), English in thousands.
SCALES = {
    "zh": [(Decimal(10) ** 8, Decimal(10) ** 8, "亿元"), (Decimal(10) ** 4, Decimal(10) ** 4, "万元"), (0, 1, "元")],
    "ja": [(Decimal(10) ** 8, Decimal(10) ** 8, "億元"), (Decimal(10) ** 4, Decimal(10) ** 4, "万元"), (0, 1, "元")],
    "en": [(Decimal(10) ** 9, Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, Decimal(10) ** 6, "million"),
           (0, 1, "")],
}


def headline(amount: Decimal, language: str) -> Headline:
    scales = SCALES.get(language, SCALES["en"])
    for threshold, divisor, unit in scales:
        if amount >= threshold:
            scaled = (amount / divisor).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            value = f"{scaled:,.2f}".rstrip("0").rstrip(".")
            return Headline("" if language in ("zh", "ja") else "RMB", value, unit)
    return Headline("", exact(amount), "")
