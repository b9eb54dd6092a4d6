"""An event's online rooms (a Zoom room, a Tencent Meeting room), each with its own link, and the join link's
opening time. Organisers add, change and remove them; every change goes to the audit log.

A room where attendance was recorded (joins, report rows) is never removed: the picture would lose where those
guests were. It can be renamed, or given another link.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from eventdesk import audit
from eventdesk.errors import NotFound, Refused
from eventdesk.extensions import db
from eventdesk.models import AttendanceReport, Event, Invitation, OnlineAttendance, OnlineRoom, Staff
from eventdesk.names import NotText, normalise

PLATFORMS = {"zoom": _l("Zoom"), "teams": _l("Microsoft Teams"), "tencent": _l("Tencent Meeting"),
             "other": _l("Other platform")}
LONGEST_OPENING = 24 * 60  # the join link opens at most a day before the start


@dataclass(frozen=True)
class RoomUse:
    guests: int  # invitations placed in the room
    joins: int  # attendance recorded in it (joins and report stretches)
    reports: int


def get(event: Event, room_id: int) -> OnlineRoom:
    room = db.session.get(OnlineRoom, room_id)
    if room is None or room.event_id != event.id:
        raise NotFound("room", _("No such online room in this event."))
    return room


def use(room: OnlineRoom) -> RoomUse:
    return RoomUse(
        guests=db.session.scalar(select(func.count()).where(Invitation.room_id == room.id)) or 0,
        joins=db.session.scalar(select(func.count()).where(OnlineAttendance.room_id == room.id)) or 0,
        reports=db.session.scalar(select(func.count()).where(AttendanceReport.room_id == room.id)) or 0)


def is_link(url: str) -> bool:
    """An http(s) address with a host, at most 500 characters, without spaces or control characters."""
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed [ in the host
        return False
    return parts.scheme in ("https", "http") and bool(parts.netloc) and len(url) <= 500 \
        and not any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url)


def checked_link(url: str | None, field: str) -> str | None:
    """A meeting link as people paste it: trimmed; an http(s) address of at most 500 characters, or nothing."""
    url = (url or "").strip()
    if not url:
        return None
    if not is_link(url):
        raise Refused("invalid_link", _("A meeting link is a web address starting with https:// (at most 500 "
                                        "characters)."), field=field)
    return url


def _values(event: Event, name: str, url: str, platform: str | None, room: OnlineRoom | None) -> dict[str, object]:
    try:
        name = normalise(name or "")
    except NotText as e:
        raise Refused("invalid_name", _("The room's name contains a control character."), field="name") from e
    if not name or len(name) > 100:
        raise Refused("invalid_name", _("Give the room a name of at most 100 characters."), field="name")
    taken = db.session.scalar(select(OnlineRoom.id).where(OnlineRoom.event_id == event.id, OnlineRoom.name == name,
                                                          OnlineRoom.id != (room.id if room else -1)))
    if taken is not None:
        raise Refused("room_exists", _("This event already has a room named %(name)s.", name=name), status=409,
                      field="name")
    link = checked_link(url, "url")
    if link is None:
        raise Refused("invalid_link", _("Give the room's meeting link."), field="url")
    if platform and platform not in PLATFORMS:
        raise Refused("invalid_platform", _("Choose the platform from the list."), field="platform")
    return {"name": name, "url": link, "platform": platform or None}


def add(event: Event, *, name: str, url: str, platform: str | None, staff: Staff | None) -> OnlineRoom:
    values = _values(event, name, url, platform, None)
    last = db.session.scalar(select(func.max(OnlineRoom.position)).where(OnlineRoom.event_id == event.id))
    room = OnlineRoom(event_id=event.id, position=(last or 0) + 1, **values)
    db.session.add(room)
    db.session.flush()
    audit.record("room.add", "online_room", room.id, staff=staff, event=event,
                 changes={k: [None, v] for k, v in values.items()})
    db.session.commit()
    return room


def change(event: Event, room: OnlineRoom, *, name: str, url: str, platform: str | None,
           staff: Staff | None) -> OnlineRoom:
    changes = audit.diff(room, _values(event, name, url, platform, room))
    if changes:
        audit.record("room.update", "online_room", room.id, staff=staff, event=event, changes=changes)
    db.session.commit()
    return room


def remove(event: Event, room: OnlineRoom, *, staff: Staff | None) -> None:
    """Remove a room nobody attended yet; its guests fall back to the event's other rooms or link."""
    used = use(room)
    if used.joins or used.reports:
        raise Refused("room_in_use", _("Attendance was recorded in %(name)s, so it stays: rename it or change its "
                                       "link instead.", name=room.name), status=409)
    audit.record("room.remove", "online_room", room.id, staff=staff, event=event,
                 changes={"name": [room.name, None], "url": [room.url, None], "guests": [used.guests, 0]})
    db.session.execute(Invitation.__table__.update().where(Invitation.room_id == room.id).values(room_id=None))
    db.session.delete(room)
    db.session.commit()


def set_opening(event: Event, minutes: int, *, staff: Staff | None) -> Event:
    """How long before the start the join link opens (earlier, it shows a countdown)."""
    if not 0 <= minutes <= LONGEST_OPENING:
        raise Refused("invalid_opening", _("The link opens between 0 and %(most)s minutes before the start.",
                                           most=LONGEST_OPENING), field="online_opens_minutes")
    changes = audit.diff(event, {"online_opens_minutes": minutes})
    if changes:
        audit.record("event.update", "event", event.id, staff=staff, event=event, changes=changes)
    db.session.commit()
    return event
