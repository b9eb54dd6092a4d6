"""The demo's fictional delegates: names in Han, kanji, kana and Latin letters, positions, e-mails, phones."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from eventdesk.demo.data import (
    FOREIGN_POSITIONS,
    GOV,
    INTERPRETER_POSITION,
    JA_FAMILY,
    JA_GIVEN_F,
    JA_GIVEN_M,
    JA_KANA_FULL,
    JA_KANA_GIVEN_F,
    JA_KANA_GIVEN_M,
    LATIN,
    MEDIA,
    ORGANISATIONS,
    POSITIONS,
    STAFF_POSITION,
    ZH_FAMILY,
    ZH_GIVEN_F,
    ZH_GIVEN_M,
    OrgSpec,
)
from eventdesk.models import Delegate, Language, Organisation, Role


@dataclass(frozen=True)
class Name:
    family: str | None
    given: str | None
    family_latin: str
    given_latin: str
    female: bool
    doctor: bool = False


class Names:
    """Draws names from the pools; whole-kana and Latin-only names are used once each, in order."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.kana_full = list(JA_KANA_FULL)
        self.latin = list(LATIN)

    def draw(self, language: str, senior: bool = False) -> Name:
        """A name for someone speaking `language`; seniors (heads, deputies) get kanji names."""
        rng = self.rng
        if language == "zh":
            female = rng.random() < 0.4
            (family, family_latin), (given, given_latin) = rng.choice(ZH_FAMILY), rng.choice(
                ZH_GIVEN_F if female else ZH_GIVEN_M)
            return Name(family, given, family_latin, given_latin, female)
        if language == "ja":
            female, style = rng.random() < 0.35, rng.random()
            if style < 0.03 and self.kana_full and not senior:
                (family, family_latin), (given, given_latin), female = self.kana_full.pop(0)
                return Name(family, given, family_latin, given_latin, female)
            family, family_latin = rng.choice(JA_FAMILY)
            pool = (JA_KANA_GIVEN_F if female else JA_KANA_GIVEN_M) if style < 0.09 and not senior else (
                JA_GIVEN_F if female else JA_GIVEN_M)
            given, given_latin = rng.choice(pool)
            return Name(family, given, family_latin, given_latin, female)
        family_latin, given_latin, female, doctor = self.latin.pop(0)
        return Name(None, None, family_latin, given_latin, female, doctor)


def build(rng: random.Random, organisations: Mapping[str, Organisation]) -> dict[str, list[Delegate]]:
    """Every organisation's delegates, head first. Roles other than signatory are set here."""
    names, emails = Names(rng), set[str]()
    by_org: dict[str, list[Delegate]] = {}
    for spec in ORGANISATIONS:
        own = "zh" if spec.country == "CN" else "ja"
        natives = spec.size - spec.foreign - spec.latin
        languages = [own] * natives + ["ja" if own == "zh" else "zh"] * spec.foreign + ["en"] * spec.latin
        # Government delegations bring their own interpreter, placed just before the host's staff.
        interpreter = natives - spec.staff - 1 if spec.kind == GOV and natives >= 6 else None
        people = []
        for rank, language in enumerate(languages):
            if spec.kind == MEDIA:
                role = Role.PRESS
            elif rank == 0:
                role = Role.VIP
            elif natives - spec.staff <= rank < natives:
                role = Role.STAFF
            elif rank == interpreter:
                role = Role.INTERPRETER
            else:
                role = Role.DELEGATE
            name = names.draw(language, senior=rank < 2)
            people.append(Delegate(
                email=_unique_email(emails, name, spec.mail_domain), family_name=name.family,
                given_name=name.given, family_name_latin=name.family_latin, given_name_latin=name.given_latin,
                honorific=_honorific(language, name), position=_position(rng, spec, own, language, rank, role),
                organisation=organisations[spec.key], phone=_phone(rng, language, spec.country),
                language=Language(language), role=role))
        by_org[spec.key] = people
    return by_org


def _position(rng: random.Random, spec: OrgSpec, own: str, language: str, rank: int, role: Role) -> str:
    if role == Role.STAFF:
        return STAFF_POSITION
    if role == Role.INTERPRETER:
        return INTERPRETER_POSITION[own]
    if language not in (own, "en"):
        return rng.choice(FOREIGN_POSITIONS[language])
    top, others = POSITIONS[(language, spec.kind)]
    if rank < 2:
        return (spec.head if spec.head and language == own else top)[rank]
    return rng.choice(others)


def _honorific(language: str, name: Name) -> str:
    if language == "zh":
        return "女士" if name.female else "先生"
    if language == "ja":
        return "様"
    return "Dr" if name.doctor else "Ms" if name.female else "Mr"


def _phone(rng: random.Random, language: str, country: str) -> str:
    def digits(n: int) -> str:
        return "".join(str(rng.randrange(10)) for _ in range(n))

    if language == "zh":
        return f"+86 1{rng.choice('3589')}{digits(1)} {digits(4)} {digits(4)}"
    if language == "ja":
        return f"+81 {rng.choice(('90', '80', '70'))}-{digits(4)}-{digits(4)}"
    return f"+86 28 {digits(4)} {digits(4)}" if country == "CN" else f"+81 3-{digits(4)}-{digits(4)}"


def _unique_email(taken: set[str], name: Name, domain: str) -> str:
    local = f"{_ascii(name.given_latin)}.{_ascii(name.family_latin)}"
    email, n = f"{local}@{domain}", 1
    while email in taken:
        n += 1
        email = f"{local}{n}@{domain}"
    taken.add(email)
    return email


def _ascii(text: str) -> str:
    """López → lopez, O'Neill → oneill, Ana María → ana-maria: safe in the local part of an address."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c for c in word if c.isalnum()) for word in plain.split())
