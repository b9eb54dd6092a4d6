"""The personal join link (/i/<token>/join): who may follow online, when the meeting opens, which link each
guest gets, and the record that they joined.

A guest who answered online may join, and so may an in-person guest whom the organisers let follow online too;
declined, withdrawn, waiting and unanswered invitations get no link. The link is the guest's personal meeting
link where the platform issued one, else their room's, else the event's first room (or one they choose from the
invitation page), else the event's own online link.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from eventdesk.errors import Refused
from eventdesk.extensions import db
from eventdesk.models import Event, Invitation, Mode, OnlineAttendance, OnlineRoom, Status, utcnow

# A second click within this time (a double click, a reload) records no second join.
SAME_JOIN = timedelta(minutes=1)
LINK_SCHEMES = ("https://", "http://")


class JoinState(enum.StrEnum):
    OPEN = "open"  # recorded; redirect to the meeting
    NOT_YET = "not_yet"  # the waiting page, with a countdown to `opens_at`
    ENDED = "ended"
    NO_LINK = "no_link"  # nobody has set a meeting link yet


@dataclass(frozen=True)
class Choice:
    """One meeting a guest may open: a room of the event, or the guest's or the event's own link."""

    room: OnlineRoom | None
    url: str


@dataclass(frozen=True)
class Join:
    state: JoinState
    opens_at: datetime
    choice: Choice | None = None


def may_join(invitation: Invitation) -> bool:
    if invitation.status != Status.ACCEPTED:
        return False
    return invitation.mode == Mode.ONLINE or (invitation.mode == Mode.IN_PERSON and invitation.online_allowed)


def opens_at(event: Event) -> datetime:
    return event.starts_at - timedelta(minutes=event.online_opens_minutes or 0)


def rooms(event: Event) -> list[OnlineRoom]:
    return list(db.session.scalars(select(OnlineRoom).where(OnlineRoom.event_id == event.id)
                                   .order_by(OnlineRoom.position, OnlineRoom.id)))


def choices(invitation: Invitation) -> list[Choice]:
    """The meetings this guest may open, the default first: one unless the event has several rooms and the guest
    has neither a personal link nor a room of their own."""
    event = invitation.event
    own_room = db.session.get(OnlineRoom, invitation.room_id) if invitation.room_id else None
    if invitation.meeting_url:
        found = [Choice(own_room, invitation.meeting_url)]
    elif own_room is not None:
        found = [Choice(own_room, own_room.url)]
    else:
        found = [Choice(room, room.url) for room in rooms(event)] or \
            ([Choice(None, event.online_url)] if event.online_url else [])
    return [choice for choice in found if choice.url.startswith(LINK_SCHEMES)]


def join(invitation: Invitation, room_id: int | None = None, *, now: datetime | None = None) -> Join:
    """What the join link does now; while the meeting is open, records the join (once per click)."""
    if not may_join(invitation):
        raise Refused("not_online", _("This link is for guests who attend online."), status=403)
    now = now or utcnow()
    event = invitation.event
    opening = opens_at(event)
    if now < opening:
        return Join(JoinState.NOT_YET, opening)
    if now >= event.ends_at:
        return Join(JoinState.ENDED, opening)
    found = choices(invitation)
    if not found:
        return Join(JoinState.NO_LINK, opening)
    chosen = next((c for c in found if c.room is not None and c.room.id == room_id), found[0])
    _record(invitation, chosen.room, now)
    return Join(JoinState.OPEN, opening, chosen)


def _record(invitation: Invitation, room: OnlineRoom | None, now: datetime) -> None:
    room_id = room.id if room else None
    recent = db.session.scalar(select(OnlineAttendance.id).where(
        OnlineAttendance.invitation_id == invitation.id, OnlineAttendance.source == "link",
        OnlineAttendance.room_id.is_(None) if room_id is None else OnlineAttendance.room_id == room_id,
        OnlineAttendance.joined_at > now - SAME_JOIN).limit(1))
    if recent is None:
        db.session.add(OnlineAttendance(invitation_id=invitation.id, room_id=room_id, joined_at=now, source="link"))
    db.session.commit()
