"""The post-event report's figures for one event, from a handful of queries whatever its size: the invitations
with their organisations (one row each, no ORM objects), each guest's attendance picture (eventdesk.attendance.
picture, which the guest list, the dashboard and the API read too) and the signing record (eventdesk.signing.report,
whose totals are the one rule for money). Everything else is counted here in one pass.

Groups count invitations that are not withdrawn, as the dashboard does; withdrawn ones are counted apart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple

from sqlalchemy import select

from eventdesk.attendance.picture import InHall, Online, Summary, picture
from eventdesk.door.lookup import Arrivals, over_time
from eventdesk.door.service import per_slot
from eventdesk.extensions import db
from eventdesk.guests.dashboard import answer_of
from eventdesk.models import Delegate, Event, Invitation, Mode, Organisation, OrganisationKind, Status, utcnow
from eventdesk.signing import report as signing

ANSWERS = ("in_person", "online", "declined", "waiting", "no_answer")
# The picture's summaries: in the hall only, online only, both; an accepted guest seen nowhere is a no-show once
# the event has ended and not there yet before. A guest who did not accept and was not seen is neither.
ATTENDANCE = tuple(s.value for s in Summary)
ATTENDED = (Summary.IN_PERSON.value, Summary.ONLINE.value, Summary.BOTH.value)
FIVE_MINUTES = 5
# Each stored (status, mode) as the dashboard names the answer; None for a withdrawn invitation.
ANSWER_OF = {(status, mode): answer_of(status, mode) for status in Status for mode in (None, *Mode)}


class Guest(NamedTuple):
    """One invitation: its answer, and where it was seen."""

    invitation_id: int
    delegate_id: int
    kind: OrganisationKind
    country: str  # ISO 3166-1 alpha-2, or "" when not given
    answer: str  # one of ANSWERS
    in_hall: InHall | None
    online: Online | None
    attendance: str | None  # one of ATTENDANCE; None for a guest who did not accept and was not seen


@dataclass
class Group:
    """Counts of answers and attendance for all guests, one kind of organisation or one country."""

    key: str
    answers: Counter[str] = field(default_factory=Counter)
    attendance: Counter[str] = field(default_factory=Counter)

    @property
    def invited(self) -> int:
        return sum(self.answers.values())

    @property
    def attended(self) -> int:
        return sum(self.attendance[key] for key in ATTENDED)

    def add(self, answer: str, attendance: str | None, count: int) -> None:
        self.answers[answer] += count
        if attendance:
            self.attendance[attendance] += count


@dataclass(frozen=True)
class Report:
    event: Event
    generated_at: datetime
    overall: Group
    withdrawn: int
    by_kind: list[Group]  # in OrganisationKind's order
    by_country: list[Group]  # most invited first
    arrivals: Arrivals  # first admissions per slot
    joins: Arrivals  # first online joins per slot
    signing: signing.Record
    guests: list[Guest]  # in invitation order
    invitation_of: dict[int, int]  # delegate id to invitation id (signatories are delegates)

    @property
    def shown(self) -> tuple[str, ...]:
        """The attendance columns worth a column: "not seen yet" only while there are such guests."""
        return ATTENDANCE if self.overall.attendance["not_yet"] else ATTENDANCE[:4]

    @property
    def absent(self) -> str:
        """How accepted guests seen nowhere are counted: not yet while any are, else as no-shows."""
        return self.shown[-1] if self.overall.attendance["not_yet"] else "no_show"

    @property
    def online_minutes(self) -> int:
        return sum(g.online.minutes for g in self.guests if g.online)


def build(event: Event, now: datetime | None = None) -> Report:
    now = now or utcnow()
    found = picture(event, now=now)
    rows = db.session.execute(
        select(Invitation.id, Invitation.delegate_id, Invitation.status, Invitation.mode, Organisation.kind,
               Organisation.country)
        .join(Delegate, Delegate.id == Invitation.delegate_id)
        .join(Organisation, Organisation.id == Delegate.organisation_id)
        .where(Invitation.event_id == event.id).order_by(Invitation.id))
    guests, withdrawn = [], 0
    for invitation_id, delegate_id, status, mode, kind, country in rows:
        answer = ANSWER_OF[status, mode]
        if answer is None:
            withdrawn += 1
            continue
        seen = found.of(invitation_id)
        summary = seen.summary.value
        expected = answer in ("in_person", "online")
        guests.append(Guest(invitation_id, delegate_id, kind, country or "", answer, seen.in_hall, seen.online,
                            summary if summary in ATTENDED or expected else None))
    # Counted once per distinct (kind, country, answer, attendance), a few hundred at most.
    overall, kinds, countries = Group("all"), {}, {}
    for (kind, country, answer, attendance), count in Counter(
            (g.kind, g.country, g.answer, g.attendance) for g in guests).items():
        overall.add(answer, attendance, count)
        kinds.setdefault(kind, Group(kind.value)).add(answer, attendance, count)
        countries.setdefault(country, Group(country)).add(answer, attendance, count)
    return Report(
        event=event, generated_at=now, overall=overall, withdrawn=withdrawn,
        by_kind=[kinds[kind] for kind in OrganisationKind if kind in kinds],
        by_country=sorted(countries.values(), key=lambda g: (-g.invited, g.key == "", g.key)),
        arrivals=over_time(event, five_minutes(event, (g.in_hall.at for g in guests if g.in_hall))),
        joins=over_time(event, five_minutes(event, (g.online.first_joined_at for g in guests
                                                    if g.online and g.online.first_joined_at))),
        signing=signing.record(event), guests=guests, invitation_of={g.delegate_id: g.invitation_id for g in guests})


def five_minutes(event: Event, instants: Iterable[datetime]) -> list[tuple[datetime, int]]:
    """Instants counted per five minutes of the event's clock. Every zone's offset from UTC is whole quarter hours,
    so five minutes of UTC are five minutes of the event's clock: counted in UTC first (no timezone arithmetic per
    guest), then each slot placed once on the event's clock as the door places arrivals."""
    seconds = FIVE_MINUTES * 60
    slots: Counter[datetime] = Counter()
    for bucket, count in Counter(int(at.timestamp()) // seconds for at in instants).items():
        [(slot, _one)] = per_slot(event, [datetime.fromtimestamp(bucket * seconds, UTC)], FIVE_MINUTES)
        slots[slot] += count
    return sorted(slots.items())
