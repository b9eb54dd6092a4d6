"""The organiser dashboard's figures: answers overall, by organisation kind and by country, and over time.

Charts are drawn as SVG in the template from these numbers: served by the app, no chart library."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from eventdesk.attendance import picture
from eventdesk.extensions import db
from eventdesk.guests.listing import has_detail
from eventdesk.models import Delegate, Event, Invitation, Mode, Organisation, Status

# The answer categories, in the order charts stack them.
ANSWERS = ("in_person", "online", "waiting", "declined", "no_answer")


def answer_of(status: Status | str, mode: Mode | str | None) -> str | None:
    status = Status(status)
    if status == Status.ACCEPTED:
        return "in_person" if mode == Mode.IN_PERSON else "online"
    return {Status.WAITING: "waiting", Status.DECLINED: "declined", Status.INVITED: "no_answer"}.get(status)


@dataclass
class Breakdown:
    label: str
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Needs:
    """What caterers and the interpreters' desk plan with: among guests who accepted."""

    dietary: int = 0  # in the hall, with a dietary need
    accessibility: int = 0  # in the hall, with an accessibility need
    dietary_kinds: list[tuple[str, int]] = field(default_factory=list)  # the needs as written, most common first
    interpretation: dict[str, Counter[str]] = field(default_factory=dict)  # language → in_person / online → count


@dataclass
class Dashboard:
    totals: Counter[str]
    invited: int
    withdrawn: int
    by_kind: list[Breakdown]
    by_country: list[Breakdown]
    over_time: list[tuple[date, Counter[str]]]  # per day in the event's timezone: answers given that day
    capacity: int | None
    needs: Needs = field(default_factory=Needs)
    attendance: picture.Counts = field(default_factory=picture.Counts)  # in the hall, online, both, absent

    @property
    def timeline(self) -> list[tuple[date, Counter[str], int]]:
        """Each day with its answers and the answers received up to that day."""
        running, points = 0, []
        for day, counts in self.over_time:
            running += sum(counts.values())
            points.append((day, counts, running))
        return points

    @property
    def busiest_day(self) -> int:
        return max((sum(counts.values()) for _day, counts in self.over_time), default=0)

    @property
    def cumulative(self) -> list[tuple[date, int]]:
        return [(day, running) for day, _counts, running in self.timeline]


def dashboard(event: Event, top_countries: int = 12) -> Dashboard:
    rows = db.session.execute(
        select(Invitation.status, Invitation.mode, Organisation.kind, Organisation.country, func.count())
        .join(Delegate, Delegate.id == Invitation.delegate_id)
        .join(Organisation, Organisation.id == Delegate.organisation_id)
        .where(Invitation.event_id == event.id)
        .group_by(Invitation.status, Invitation.mode, Organisation.kind, Organisation.country)).all()
    totals: Counter[str] = Counter()
    kinds: dict[str, Breakdown] = {}
    countries: dict[str, Breakdown] = {}
    withdrawn = 0
    for status, mode, kind, country, number in rows:
        answer = answer_of(status, mode)
        if answer is None:
            withdrawn += number
            continue
        totals[answer] += number
        kinds.setdefault(kind.value, Breakdown(kind.value)).counts[answer] += number
        countries.setdefault(country or "", Breakdown(country or "")).counts[answer] += number
    by_country = sorted(countries.values(), key=lambda b: -b.total)
    if len(by_country) > top_countries:  # the long tail in one bar
        rest = Breakdown("*")
        for breakdown in by_country[top_countries - 1:]:
            rest.counts.update(breakdown.counts)
        by_country = [*by_country[:top_countries - 1], rest]
    return Dashboard(totals=totals, invited=sum(totals.values()), withdrawn=withdrawn,
                     by_kind=sorted(kinds.values(), key=lambda b: -b.total), by_country=by_country,
                     over_time=_over_time(event), capacity=event.capacity, needs=needs(event),
                     attendance=picture.counts(event))


def needs(event: Event, kinds_shown: int = 8) -> Needs:
    accepted = (Invitation.event_id == event.id, Invitation.status == Status.ACCEPTED)
    in_hall = (*accepted, Invitation.mode == Mode.IN_PERSON)
    dietary = Invitation.details["dietary"].as_string()
    kinds = db.session.execute(select(dietary, func.count()).where(*in_hall, has_detail("dietary"))
                               .group_by(dietary).order_by(func.count().desc(), dietary)).all()
    accessibility = db.session.scalar(select(func.count()).select_from(Invitation)
                                      .where(*in_hall, has_detail("accessibility")))
    language = Invitation.details["interpreter"].as_string()
    interpretation: dict[str, Counter[str]] = {}
    for code, mode, number in db.session.execute(
            select(language, Invitation.mode, func.count()).where(*accepted, has_detail("interpreter"))
            .group_by(language, Invitation.mode)):
        interpretation.setdefault(code, Counter())[Mode(mode).value] += number
    return Needs(dietary=sum(n for _kind, n in kinds), accessibility=accessibility or 0,
                 dietary_kinds=[(kind, n) for kind, n in kinds[:kinds_shown]], interpretation=interpretation)


def _over_time(event: Event) -> list[tuple[date, Counter[str]]]:
    """Each day's answers (by the current answer of those who answered that day), oldest first."""
    days: dict[date, Counter[str]] = {}
    for answered_at, status, mode in db.session.execute(
            select(Invitation.answered_at, Invitation.status, Invitation.mode)
            .where(Invitation.event_id == event.id, Invitation.answered_at.is_not(None))):
        answer = answer_of(status, mode)
        if answer is not None:
            days.setdefault(answered_at.astimezone(event.tz).date(), Counter())[answer] += 1
    return sorted(days.items())
