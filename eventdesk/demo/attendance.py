"""The demo ceremony's day as it went: admissions at three doors; online guests joining through their personal
links; and the Zoom room's own participant report, written here as Zoom writes it and imported like any report,
with its host, a staff member, the waiting room, rejoins and a dial-in nobody can name. So the dashboard and the
post-event report show a realistic picture of the seed event. Times are those of the demo's (future) day; the
same seed gives the same day.
"""

from __future__ import annotations

import csv
import io
import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from eventdesk.attendance import imports, joins
from eventdesk.extensions import db
from eventdesk.models import (
    CheckIn,
    Delegate,
    Door,
    Event,
    Invitation,
    Mode,
    OnlineRoom,
    Role,
    ScanResult,
    Status,
)

SEED = 20261
DOORS = ("North entrance", "South entrance", "VIP entrance")
NO_SHOWS = 0.07  # of the guests who accepted in person, about this many never came (signatories always come)
ONLINE_NO_SHOWS = 0.12  # of those who answered online
THROUGH_THE_LINK = 0.6  # of the online guests who came, this many opened their personal link first
IN_THE_REPORT = 0.9  # the rest joined with the meeting number and show only in Zoom's report
ALSO_ONLINE = 5  # guests in the hall who followed the afternoon online too
REPORT_NAME = "participants_81234567890.csv"
HOST = "Rongnan Protocol Office"


@dataclass(frozen=True)
class Stay:
    """One row of Zoom's report: a name as the guest typed it, maybe an e-mail, local times."""

    name: str
    email: str
    joined: datetime
    left: datetime
    waiting: bool = False

    @property
    def minutes(self) -> int:  # Zoom rounds each row up
        return math.ceil((self.left - self.joined).total_seconds() / 60)


def load(event: Event) -> None:
    rng = random.Random(SEED)
    accepted = list(db.session.scalars(
        select(Invitation).join(Delegate, Delegate.id == Invitation.delegate_id)
        .where(Invitation.event_id == event.id, Invitation.status == Status.ACCEPTED)
        .options(contains_eager(Invitation.delegate)).order_by(Invitation.id)))
    admitted = _admissions(rng, event, [i for i in accepted if i.mode == Mode.IN_PERSON])
    db.session.add(OnlineRoom(event_id=event.id, name="Zoom", url=event.online_url, platform="zoom", position=0))
    db.session.commit()
    stays = _online(rng, event, [i for i in accepted if i.mode == Mode.ONLINE], admitted)
    imports.import_report(event, zoom_report(event, stays), REPORT_NAME)


def _admissions(rng: random.Random, event: Event, in_person: list[Invitation]) -> list[Invitation]:
    doors = {name: Door(event_id=event.id, name=name, created_at=event.starts_at - timedelta(hours=2))
             for name in DOORS}
    db.session.add_all(doors.values())
    db.session.flush()
    admitted = []
    for invitation in in_person:
        role = invitation.delegate.role
        if role != Role.SIGNATORY and rng.random() < NO_SHOWS:
            continue
        at = event.starts_at + timedelta(minutes=_arrival(rng, role), seconds=rng.randint(0, 59))
        door = doors["VIP entrance" if role in (Role.VIP, Role.SIGNATORY) else rng.choice(DOORS[:2])]
        db.session.add(CheckIn(event_id=event.id, invitation_id=invitation.id, door_id=door.id,
                               result=ScanResult.ADMITTED, scanned_at=at, recorded_at=at))
        admitted.append(invitation)
    return admitted


def _arrival(rng: random.Random, role: Role) -> float:
    """Minutes from the start (09:30): staff and interpreters an hour early; the rest around registration, a few
    after the opening."""
    if role in (Role.STAFF, Role.INTERPRETER):
        return rng.uniform(-75, -40)
    if rng.random() < 0.06:
        return rng.uniform(35, 110)
    return min(max(rng.gauss(5, 14), -35), 30)


def _online(rng: random.Random, event: Event, online: list[Invitation], admitted: list[Invitation]) -> list[Stay]:
    """Joins through the link (recorded by the join service at the moment they happened) and the report's rows."""
    start = event.starts_at
    stays = [Stay(HOST, event.organiser_email or "", _wall(event, start - timedelta(minutes=40)),
                  _wall(event, event.ends_at - timedelta(hours=4)))]
    staff = next((i for i in admitted if i.delegate.role == Role.STAFF), None)
    if staff is not None:  # the organisers' own people check the stream; the import leaves them out
        stays.append(_stay(event, staff.delegate, start - timedelta(minutes=30), 200, email=True))
    for invitation in online:
        remote_signatory = invitation.delegate.role == Role.SIGNATORY
        if not remote_signatory and rng.random() < ONLINE_NO_SHOWS:
            continue
        first = start + timedelta(minutes=min(max(rng.gauss(-4, 11), -28), 70), seconds=rng.randint(0, 59))
        if rng.random() < THROUGH_THE_LINK:
            joins.join(invitation, now=first - timedelta(seconds=rng.randint(20, 90)))
        if not remote_signatory and rng.random() > IN_THE_REPORT:
            continue
        delegate, email, native = invitation.delegate, rng.random() < 0.5, rng.random() < 0.5
        if rng.random() < 0.08:  # held in the waiting room a moment first
            stays.append(_stay(event, delegate, first - timedelta(minutes=2), 2, email=email, waiting=True))
        minutes = rng.uniform(60, 190)
        if rng.random() < 0.15:  # dropped out and came back
            stays.append(_stay(event, delegate, first, minutes / 2, email=email, native=native))
            first += timedelta(minutes=minutes / 2 + rng.uniform(2, 12))
            minutes /= 2
        stays.append(_stay(event, delegate, first, minutes, email=email, native=native))
    afternoon = start + timedelta(hours=4, minutes=30)
    for invitation in rng.sample(admitted, min(ALSO_ONLINE, len(admitted))):
        stays.append(_stay(event, invitation.delegate, afternoon + timedelta(minutes=rng.uniform(0, 20)),
                           rng.uniform(40, 100), email=True))
    for name, minute in (("+86 138****0417", 12), ("iPad", 35)):  # a dial-in and a device nobody can name
        stays.append(Stay(name, "", _wall(event, start + timedelta(minutes=minute)),
                          _wall(event, start + timedelta(minutes=minute + 47))))
    return sorted(stays, key=lambda s: s.joined)


def _stay(event: Event, delegate: Delegate, joined: datetime, minutes: float, *, email: bool = False,
          waiting: bool = False, native: bool = False) -> Stay:
    """A row as Zoom names a guest: the e-mail when signed in, and the name they typed, in their own script or in
    Latin letters."""
    name = delegate.native_name if native else delegate.latin_name or delegate.native_name
    return Stay(name, delegate.email if email else "", _wall(event, joined),
                _wall(event, joined + timedelta(minutes=minutes)), waiting)


def _wall(event: Event, instant: datetime) -> datetime:
    """As Zoom writes times: on the account's clock (here the event's), without an offset."""
    return event.local(instant).replace(tzinfo=None, microsecond=0)


def zoom_report(event: Event, stays: list[Stay]) -> bytes:
    """Zoom's "Export with meeting data" (2023+): UTF-8 with BOM, the meeting block, a trailing empty column."""

    def us(moment: datetime) -> str:
        return moment.strftime("%m/%d/%Y %I:%M:%S %p")

    start, end = _wall(event, event.starts_at - timedelta(minutes=40)), _wall(event, event.ends_at)
    rows = [["Topic", "ID", "Host", "Duration (minutes)", "Start time", "End time", "Participants", ""],
            [event.title, "812 3456 7890", f"{HOST} ({event.organiser_email})",
             str(math.ceil((end - start).total_seconds() / 60)), us(start), us(end), str(len(stays)), ""], [],
            ["Name (original name)", "Email", "Join time", "Leave time", "Duration (minutes)", "Guest",
             "Recording disclaimer response", "In waiting room", ""]]
    rows += [[s.name, s.email, us(s.joined), us(s.left), str(s.minutes), "No" if s.email else "Yes", "OK",
              "Yes" if s.waiting else "No", ""] for s in stays]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8-sig")
