"""Each guest's online time: the union of their stretches in every room and report, so a rejoin adds up and
two devices, or two reports covering the same moment, count once. A join through our link has no end: it
gives the first join but no minutes.

One query for a whole event (the stretches with their rooms), folded here in Python in one pass, so an
event of 50,000 invitations is counted at once.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select

from eventdesk.extensions import db
from eventdesk.models import Invitation, OnlineAttendance, OnlineRoom

# A stretch placed from the report's first join (or the meeting's start) because the report gives a total
# duration only: it counts for minutes, but its start is no join time anyone saw.
PLACED = "report_total"
IN_LIST_LIMIT = 500  # beyond this, filter in Python rather than send thousands of bound parameters


class OnlineTally(NamedTuple):
    first_joined_at: datetime | None
    minutes: int
    rooms: tuple[str, ...]  # in the event's room order


def online_by_invitation(event_id: int, invitation_ids: Collection[int] | None = None) -> dict[int, OnlineTally]:
    """The online time of every guest of the event who has any (or of those among `invitation_ids`)."""
    query = (select(OnlineAttendance.invitation_id, OnlineAttendance.joined_at, OnlineAttendance.left_at,
                    OnlineAttendance.source, OnlineRoom.name, OnlineRoom.position)
             .join(Invitation, Invitation.id == OnlineAttendance.invitation_id)
             .outerjoin(OnlineRoom, OnlineRoom.id == OnlineAttendance.room_id)
             .where(Invitation.event_id == event_id))
    wanted = None if invitation_ids is None else set(invitation_ids)
    if wanted is not None and len(wanted) <= IN_LIST_LIMIT:
        if not wanted:
            return {}
        query = query.where(OnlineAttendance.invitation_id.in_(wanted))
    stretches: dict[int, list[tuple[datetime, datetime]]] = {}
    first: dict[int, datetime] = {}
    rooms: dict[int, dict[str, int]] = {}
    for invitation_id, joined_at, left_at, source, room, position in db.session.execute(query):
        if wanted is not None and invitation_id not in wanted:
            continue
        stretches.setdefault(invitation_id, [])
        if left_at is not None and left_at > joined_at:
            stretches[invitation_id].append((joined_at, left_at))
        if source != PLACED and (invitation_id not in first or joined_at < first[invitation_id]):
            first[invitation_id] = joined_at
        if room is not None:
            rooms.setdefault(invitation_id, {})[room] = position or 0
    return {invitation_id: OnlineTally(first.get(invitation_id), union_minutes(intervals),
                                       tuple(sorted(rooms.get(invitation_id, {}),
                                                    key=lambda name, i=invitation_id: (rooms[i][name], name))))
            for invitation_id, intervals in stretches.items()}


def union_minutes(intervals: list[tuple[datetime, datetime]]) -> int:
    """Whole minutes covered by at least one interval."""
    seconds = 0.0
    end: datetime | None = None
    start: datetime | None = None
    for joined, left in sorted(intervals):
        if end is None or joined > end:
            if end is not None and start is not None:
                seconds += (end - start).total_seconds()
            start, end = joined, left
        elif left > end:
            end = left
    if end is not None and start is not None:
        seconds += (end - start).total_seconds()
    return int(seconds // 60)
