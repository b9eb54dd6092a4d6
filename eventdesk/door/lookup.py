"""The door's side of the guest list: find a guest who forgot the badge, and what the door dashboard lists.

The search is the organisers' guest search (eventdesk.guests.listing): part of a name in any script (Han, kana
in either form, Latin), an e-mail or an organisation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from eventdesk.door.service import ADMISSION_WHERE, arrivals, aware_wall, wall_slot
from eventdesk.events import service as events
from eventdesk.extensions import db
from eventdesk.guests import listing
from eventdesk.models import Badge, CheckIn, Delegate, Door, Event, Invitation, Mode, ScanResult, Staff, Status
from eventdesk.names import fold

FOUND_AT_MOST = 20  # a door needs a few candidates, not a list to scroll


@dataclass(frozen=True)
class Found:
    invitation: Invitation
    admitted_at: datetime | None
    admitted_door: str | None

    @property
    def admissible(self) -> bool:
        """Accepted in person and not yet admitted: the one case a door may admit by name."""
        return (self.admitted_at is None and self.invitation.status == Status.ACCEPTED
                and self.invitation.mode == Mode.IN_PERSON)

    @property
    def answer(self) -> str | None:
        """What stands in the way of admitting by name: online, declined, invited (no answer), waiting or
        withdrawn; None for a guest expected in the hall."""
        invitation = self.invitation
        if invitation.status == Status.ACCEPTED:
            return None if invitation.mode == Mode.IN_PERSON else "online"
        return invitation.status.value

    @property
    def may_admit_anyway(self) -> bool:
        """Not expected in the hall, not admitted, and not withdrawn by the organisers: the door may decide."""
        return self.admitted_at is None and self.answer not in (None, "withdrawn")


def find(event: Event, q: str) -> list[Found]:
    """Guests matching `q`, the holder of the badge whose printed number it is first; nothing for an empty search
    (a door never lists everyone)."""
    q = (q or "").strip()[:200]
    if not fold(q):
        return []
    holders = badge_holders(event, q)
    page = listing.guest_page(event, listing.GuestFilter(q=q, per_page=FOUND_AT_MOST))
    found = holders + [i for i in page.invitations if i not in holders]
    admitted = admissions(event, [i.id for i in found])
    return [Found(i, *admitted.get(i.id, (None, None))) for i in found]


# The number printed on a badge as staff type it: "No. 000267", "编号 000267", "番号 000267", "000267", "267",
# full-width digits from a phone's keyboard too (NFKC makes them ASCII).
PRINTED_NUMBER = re.compile(r"(?:no\.?|#|№|编号|番号)?\s*0*(\d{1,9})", re.IGNORECASE)


def badge_holders(event: Event, q: str) -> list[Invitation]:
    """The guest whose badge carries this printed number (a replaced badge's number finds its guest too); serials
    are unique in an event, so at most one."""
    match = PRINTED_NUMBER.fullmatch(unicodedata.normalize("NFKC", q).strip())
    if match is None:
        return []
    return list(db.session.scalars(select(Invitation).join(Badge, Badge.invitation_id == Invitation.id)
                                   .where(Badge.event_id == event.id, Badge.serial == int(match[1]))))


def admissions(event: Event, invitation_ids: list[int]) -> dict[int, tuple[datetime, str | None]]:
    if not invitation_ids:
        return {}
    return {invitation_id: (at, door) for invitation_id, at, door in db.session.execute(
        select(CheckIn.invitation_id, CheckIn.scanned_at, Door.name).outerjoin(Door, Door.id == CheckIn.door_id)
        .where(CheckIn.event_id == event.id, CheckIn.invitation_id.in_(invitation_ids), ADMISSION_WHERE))}


@dataclass(frozen=True)
class Scan:
    at: datetime
    result: str
    door: str | None
    guest: str | None
    staff: str | None
    manual: bool
    undone: bool
    duplicate_entry: bool


def recent_scans(event: Event, limit: int = 15) -> list[Scan]:
    """The latest scans at every door, refused ones included, for the organisers' dashboard."""
    rows = db.session.execute(
        select(CheckIn.recorded_at, CheckIn.result, Door.name, Delegate, Staff.name, Staff.email, CheckIn.manual,
               CheckIn.undone_at, CheckIn.duplicate_entry)
        .outerjoin(Door, Door.id == CheckIn.door_id)
        .outerjoin(Invitation, Invitation.id == CheckIn.invitation_id)
        .outerjoin(Delegate, Delegate.id == Invitation.delegate_id)
        .outerjoin(Staff, Staff.id == CheckIn.staff_id)
        .where(CheckIn.event_id == event.id).order_by(CheckIn.recorded_at.desc(), CheckIn.id.desc()).limit(limit))
    return [Scan(at, result.value, door, delegate.display_name if delegate else None, name or email, manual,
                 undone is not None, duplicate)
            for at, result, door, delegate, name, email, manual, undone, duplicate in rows]


@dataclass(frozen=True)
class DuplicateEntry:
    """A guest let in at two doors on one badge (offline doors): the later entry, and the admission that stands."""

    guest: str
    at: datetime
    door: str | None
    admitted_at: datetime | None
    admitted_door: str | None


def duplicate_entries(event: Event, limit: int = 50) -> list[DuplicateEntry]:
    """The latest duplicate entries, for organisers to check (a copied badge, or one guest scanned at two doors)."""
    admission, admission_door = aliased(CheckIn), aliased(Door)
    rows = db.session.execute(
        select(Delegate, CheckIn.scanned_at, Door.name, admission.scanned_at, admission_door.name)
        .join(Invitation, Invitation.id == CheckIn.invitation_id)
        .join(Delegate, Delegate.id == Invitation.delegate_id)
        .outerjoin(Door, Door.id == CheckIn.door_id)
        .outerjoin(admission, and_(admission.invitation_id == CheckIn.invitation_id,
                                   admission.result == ScanResult.ADMITTED, admission.undone_at.is_(None)))
        .outerjoin(admission_door, admission_door.id == admission.door_id)
        .where(CheckIn.event_id == event.id, CheckIn.duplicate_entry.is_(True))
        .order_by(CheckIn.scanned_at.desc(), CheckIn.id.desc()).limit(limit))
    return [DuplicateEntry(delegate.display_name, at, door, admitted_at, admitted_door)
            for delegate, at, door, admitted_at, admitted_door in rows]


SLOT_MINUTES = (5, 10, 15, 30, 60, 120, 360, 1440)
MOST_SLOTS = 120  # bars a chart can show side by side
FEWEST_SLOTS = 12  # the first arrivals are drawn after an hour of empty slots, not as one bar the chart's width


@dataclass(frozen=True)
class Arrivals:
    """Admissions per slot from the first to the last, gaps filled with zero, and the running total."""

    slots: list[tuple[datetime, int, int]]  # slot start (event's timezone), admitted in the slot, up to its end
    minutes: int

    @property
    def busiest(self) -> int:
        return max((n for _, n, _ in self.slots), default=0)

    @property
    def total(self) -> int:
        return self.slots[-1][2] if self.slots else 0


def arrivals_over_time(event: Event) -> Arrivals:
    return over_time(event, arrivals(event, SLOT_MINUTES[0]))


def over_time(event: Event, five_minutes: list[tuple[datetime, int]]) -> Arrivals:
    """Counts per five-minute slot (admissions, or the post-event report's online joins) as a chart's slots: five
    minutes, or wider ones when they span more than MOST_SLOTS of them (offline scans synced with old times, a
    test day before the event). Slots are counted on the event's clock from its midnight, so a slot the clocks
    skip when they go forward holds nobody and is left out."""
    counted = [(at.replace(tzinfo=None), n) for at, n in five_minutes]
    if not counted:
        return Arrivals([], SLOT_MINUTES[0])
    first, last = counted[0][0], counted[-1][0]
    minutes = next((m for m in SLOT_MINUTES if (last - first) / timedelta(minutes=m) < MOST_SLOTS), SLOT_MINUTES[-1])
    width = timedelta(minutes=minutes)
    slots: dict[datetime, int] = {}
    for wall, n in counted:
        slot = wall_slot(wall, minutes)
        slots[slot] = slots.get(slot, 0) + n
    filled, running, slot = [], 0, min(min(slots), max(slots) - (FEWEST_SLOTS - 1) * width)
    while slot <= max(slots) and len(filled) < MOST_SLOTS * 2:
        if slot in slots or events.wall_exists(slot, event.tz):
            running += slots.get(slot, 0)
            filled.append((aware_wall(event, slot), slots.get(slot, 0), running))
        slot += width
    if filled[-1][2] != sum(slots.values()):  # spread over months: the busy slots alone, in order
        running, filled = 0, []
        for slot, n in sorted(slots.items()):
            running += n
            filled.append((aware_wall(event, slot), n, running))
    return Arrivals(filled, minutes)
