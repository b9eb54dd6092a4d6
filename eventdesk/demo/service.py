"""The demo ceremony: modelled on the seed event, fictional people, loaded once in one transaction.

The same seed gives the same people and answers on every machine; times follow the day of the first load.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from eventdesk import audit
from eventdesk.demo import attendance, people
from eventdesk.demo.data import (
    AGREEMENT_SUMMARY,
    AGREEMENT_TITLE,
    AGREEMENTS,
    DECLINE_NOTES,
    DIETARY,
    ORGANISATIONS,
    PROGRAMME,
)
from eventdesk.events import service as events
from eventdesk.extensions import db
from eventdesk.models import (
    Agreement,
    AgreementParty,
    AgreementStatus,
    Delegate,
    Event,
    Invitation,
    Mode,
    Organisation,
    ProgrammeItem,
    Role,
    Signatory,
    Staff,
    Status,
    utcnow,
)
from eventdesk.models.agreement import minor_units
from eventdesk.signing import money
from eventdesk.staff import service as staff_service

SLUG = "demo"
SEED = 20260
TZ = ZoneInfo("Asia/Shanghai")
DAYS_AHEAD = 14
CAPACITY = 400
# Answers of the guests without a fixed part; the rest have not answered yet.
TARGETS = {"in_person": 262, "online": 91, "declined": 41, "waiting": 4}
REMOTE_SIGNATORIES = 6  # Japanese signatories who sign by video
ANSWER = {"in_person": (Status.ACCEPTED, Mode.IN_PERSON), "online": (Status.ACCEPTED, Mode.ONLINE),
          "declined": (Status.DECLINED, None), "waiting": (Status.WAITING, Mode.IN_PERSON),
          "invited": (Status.INVITED, None)}


@dataclass(frozen=True)
class Login:
    role: str
    email: str
    password: str
    name: str


LOGINS = (
    Login("organiser", "organiser@demo.example.org", "demo-organiser-2026", "Demo organiser"),
    Login("door", "door@demo.example.org", "demo-door-2026", "Demo door staff"),
    Login("clerk", "clerk@demo.example.org", "demo-clerk-2026", "Demo signing clerk"),
)


@dataclass(frozen=True)
class Summary:
    organisations: int
    delegates: int
    counts: events.Counts
    agreements: int
    total_cny: Decimal


def find() -> Event | None:
    return db.session.scalar(select(Event).where(Event.slug == SLUG))


def load(now: datetime | None = None) -> tuple[Event, bool]:
    """The demo event and whether this call created it; an existing one is left exactly as it is."""
    existing = find()
    if existing is not None:
        return existing, False
    now = now or utcnow()
    rng = random.Random(SEED)
    with db.session.no_autoflush:  # nothing half-built reaches the database before the one flush
        event = _event(now)
        organisations = _organisations()
        by_org = people.build(rng, organisations)
        signers = _signers(by_org)
        _reuse_existing(by_org, signers)
        modes = _signatory_modes(rng, signers)
        _agreements(event, organisations, signers, modes)
        delegates = [d for group in by_org.values() for d in group]
        _invitations(rng, event, delegates, modes, now)
    db.session.add(event)
    try:
        db.session.flush()
        audit.record("demo.load", "event", event.id, event=event,
                     changes={"slug": [None, SLUG], "delegates": [None, len(delegates)],
                              "agreements": [None, len(AGREEMENTS)]})
        db.session.commit()
    except IntegrityError:  # another `eventdesk demo` won the race; keep its rows
        db.session.rollback()
        existing = find()
        if existing is None:
            raise
        return existing, False
    attendance.load(event)
    return event, True


def ensure_staff() -> list[tuple[Login, bool]]:
    """The demo logins, creating missing accounts; False where an account no longer takes the demo password."""
    result = []
    for login in LOGINS:
        staff = db.session.scalar(select(Staff).where(Staff.email == login.email))
        if staff is None:
            staff = staff_service.create(login.email, login.role, name=login.name, password=login.password)
        works = staff.active and staff.role == login.role and staff.check_password(login.password)
        result.append((login, works))
    return result


def summary(event: Event) -> Summary:
    delegates = db.session.execute(
        select(func.count(), func.count(func.distinct(Delegate.organisation_id)))
        .select_from(Invitation).join(Delegate).where(Invitation.event_id == event.id)).one()
    return Summary(organisations=delegates[1], delegates=delegates[0], counts=events.counts([event.id])[event.id],
                   agreements=len(event.agreements), total_cny=money.totals(event, list(event.agreements)).cny)


def _event(now: datetime) -> Event:
    day = now.astimezone(TZ).date() + timedelta(days=DAYS_AHEAD)
    starts_at = datetime.combine(day, time(9, 30), TZ)
    event = Event(
        slug=SLUG, title="中日地方经济合作推介会",
        titles={"zh": "中日地方经济合作推介会", "ja": "日中地方経済協力推進会",
                "en": "China–Japan Regional Economic Cooperation Promotion"},
        description="A day of regional promotion and the signing of 28 China–Japan agreements, in the hall "
                    "and online. All organisations and people in this demo are fictional.",
        timezone=TZ.key, starts_at=starts_at, ends_at=datetime.combine(day, time(17, 30), TZ),
        rsvp_deadline=starts_at - timedelta(hours=72),
        venue="Rongnan International Conference Centre, Chengdu Hi-tech Zone",
        venues={"zh": "成都高新区蓉南国际会议中心", "ja": "成都ハイテクゾーン蓉南国際会議センター",
                "en": "Rongnan International Conference Centre, Chengdu Hi-tech Zone"},
        venue_address="四川省成都市高新区天府大道中段 1 号 / 1 Middle Tianfu Avenue, Hi-tech Zone, Chengdu, Sichuan",
        latitude=Decimal("30.572800"), longitude=Decimal("104.066800"), capacity=CAPACITY,
        online_url="https://meet.example.org/cj-regional-promotion",
        organiser_name="Rongnan Hi-tech Zone Investment Promotion Bureau",
        organiser_email="protocol@rongnan-hitech.example.cn",
        exchange_rates={"JPY": "0.0482", "USD": "7.10", "EUR": "7.70"}, schedule_sequence=0,
        open_registration=False)
    for kind, start, end, zh, ja, en, location, streamed in PROGRAMME:
        event.programme.append(ProgrammeItem(
            kind=kind, title=en, titles={"zh": zh, "ja": ja, "en": en}, location=location, streamed=streamed,
            starts_at=datetime.combine(day, time.fromisoformat(start), TZ),
            ends_at=datetime.combine(day, time.fromisoformat(end), TZ)))
    return event


def _organisations() -> dict[str, Organisation]:
    """One per spec, reusing an organisation of the same name that another event brought in."""
    names = [spec.name for spec in ORGANISATIONS]
    existing = {o.name: o for o in db.session.scalars(select(Organisation).where(Organisation.name.in_(names)))}
    result = {}
    for spec in ORGANISATIONS:
        organisation = existing.get(spec.name) or Organisation(
            name=spec.name, name_latin=spec.name_latin, kind=spec.kind, country=spec.country)
        db.session.add(organisation)
        result[spec.key] = organisation
    return result


def _signers(by_org: dict[str, list[Delegate]]) -> dict[str, list[Delegate]]:
    """Who signs for each party: the deputy, and also the next in rank where a party signs three or more."""
    appearances: dict[str, int] = {}
    for spec in AGREEMENTS:
        for key in spec.parties:
            appearances[key] = appearances.get(key, 0) + 1
    signers = {key: by_org[key][1:3 if count >= 3 else 2] for key, count in appearances.items()}
    for group in signers.values():
        for delegate in group:
            delegate.role = Role.SIGNATORY
    return signers


def _reuse_existing(by_org: dict[str, list[Delegate]], signers: dict[str, list[Delegate]]) -> None:
    """Swap in delegates (by e-mail) that an earlier load or another event left, keeping them as they are."""
    emails = [d.email for group in by_org.values() for d in group]
    found = {d.email: d for d in db.session.scalars(select(Delegate).where(Delegate.email.in_(emails)))}
    for group in (*by_org.values(), *signers.values()):
        for index, delegate in enumerate(group):
            if delegate.email in found and delegate is not found[delegate.email]:
                if delegate.organisation is not None:
                    delegate.organisation.delegates.remove(delegate)
                group[index] = found[delegate.email]


def _signatory_modes(rng: random.Random, signers: dict[str, list[Delegate]]) -> dict[int, Mode]:
    """A few Japanese signatories sign by video, so they answer online. Keyed by id() of the delegate."""
    modes = {id(d): Mode.IN_PERSON for group in signers.values() for d in group}
    japanese = list({id(d): d for group in signers.values() for d in group if d.language == "ja"}.values())
    for delegate in rng.sample(japanese, REMOTE_SIGNATORIES):
        modes[id(delegate)] = Mode.ONLINE
    return modes


def _agreements(event: Event, organisations: dict[str, Organisation], signers: dict[str, list[Delegate]],
                modes: dict[int, Mode]) -> None:
    signed: dict[str, int] = {}
    by_key = {spec.key: spec for spec in ORGANISATIONS}
    for position, spec in enumerate(AGREEMENTS, start=1):
        zh, ja, en = (template.format(project) for template, project in
                      zip(AGREEMENT_TITLE[spec.kind], (spec.zh, spec.ja, spec.en), strict=True))
        amount = Decimal(spec.amount)
        agreement = Agreement(
            ref=f"CJ-{event.starts_at.year}-{position:02d}", title=zh, titles={"zh": zh, "ja": ja, "en": en},
            summary=AGREEMENT_SUMMARY[spec.kind].format(
                cn=by_key[spec.parties[0]].name_latin, jp=by_key[spec.parties[1]].name_latin, project=spec.en,
                amount=f"{amount / 1_000_000:,.1f}".removesuffix(".0")),
            kind=spec.kind, amount_minor=minor_units(amount, "CNY"), currency="CNY", position=position,
            status=AgreementStatus.PLANNED)
        for order, key in enumerate(spec.parties):
            signer = signers[key][signed.get(key, 0) % len(signers[key])]
            signed[key] = signed.get(key, 0) + 1
            party = AgreementParty(organisation=organisations[key], side=by_key[key].country, position=order)
            party.signatories.append(Signatory(delegate=signer, remote=modes[id(signer)] == Mode.ONLINE))
            agreement.parties.append(party)
        event.agreements.append(agreement)


def _invitations(rng: random.Random, event: Event, delegates: list[Delegate], modes: dict[int, Mode],
                 now: datetime) -> None:
    answers = {id(d): _fixed_answer(rng, d, modes) for d in delegates}
    taken = {kind: sum(1 for a in answers.values() if a == kind) for kind in TARGETS}
    # The rest fill the targets; Japanese guests lean towards attending online.
    rest = sorted((d for d in delegates if answers[id(d)] is None),
                  key=lambda d: rng.random() - (0.45 if d.language == "ja" else 0))
    need_online = max(TARGETS["online"] - taken["online"], 0)
    online, rest = rest[:need_online], rest[need_online:]
    rng.shuffle(rest)
    for delegate in online:
        answers[id(delegate)] = "online"
    start = 0
    for kind in ("in_person", "declined", "waiting"):
        need = max(TARGETS[kind] - taken[kind], 0)
        for delegate in rest[start:start + need]:
            answers[id(delegate)] = kind
        start += need
    invited_at = now - timedelta(days=12)
    for index, delegate in enumerate(delegates):
        answer = answers[id(delegate)] or "invited"
        sent = invited_at + timedelta(minutes=index // 40)  # the mail went out in batches
        db.session.add(_invitation(rng, event, delegate, answer, sent, now))


def _fixed_answer(rng: random.Random, delegate: Delegate, modes: dict[int, Mode]) -> str | None:
    """Signatories, the host's staff and interpreters come; VIPs and the press mostly do."""
    if id(delegate) in modes:
        return modes[id(delegate)].value
    if delegate.role in (Role.STAFF, Role.INTERPRETER):
        return "in_person"
    draw = rng.random()
    if delegate.role == Role.VIP:
        return "in_person" if draw < 0.72 else "online" if draw < 0.84 else "declined" if draw < 0.94 else "invited"
    if delegate.role == Role.PRESS:
        return "in_person" if draw < 0.8 else "online" if draw < 0.9 else "invited"
    return None


def _invitation(rng: random.Random, event: Event, delegate: Delegate, answer: str, invited_at: datetime,
                now: datetime) -> Invitation:
    status, mode = ANSWER[answer]
    leans_online = delegate.language == "ja" and rng.random() < 0.25
    proposed = Mode.ONLINE if mode == Mode.ONLINE and rng.random() < 0.8 or leans_online else Mode.IN_PERSON
    invitation = Invitation(event=event, delegate=delegate, status=status, mode=mode, proposed_mode=proposed,
                            invited_at=invited_at, details=_details(rng, delegate, answer), sequence=0)
    if status != Status.INVITED:
        span = int((now - invited_at).total_seconds()) - 3600
        invitation.answered_at = invited_at + timedelta(seconds=rng.randint(2 * 3600, span))
        invitation.sequence = 2 if rng.random() < 0.1 else 1  # some changed their answer once
        if status == Status.WAITING:
            invitation.waiting_since = invitation.answered_at
    return invitation


def _details(rng: random.Random, delegate: Delegate, answer: str) -> dict[str, str]:
    details: dict[str, str] = {}
    if answer == "in_person":
        if rng.random() < 0.1:
            details["dietary"] = rng.choice(DIETARY)
        if rng.random() < 0.015:
            details["accessibility"] = "wheelchair access"
    if answer in ("in_person", "online") and delegate.language != "zh" and rng.random() < 0.25:
        details["interpreter"] = delegate.language  # interpretation into their own language
    if answer == "declined":
        note = rng.choice(DECLINE_NOTES)
        if note:
            details["note"] = note
    return details
