"""Each guest's online time: rejoins add up, overlaps (two devices, two reports) count once, a link join
without an end gives the first join but no minutes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from eventdesk.attendance.tally import PLACED, OnlineTally, online_by_invitation
from eventdesk.extensions import db
from eventdesk.models import OnlineAttendance, OnlineRoom
from tests.factories import make_event, make_invitation

T0 = datetime(2026, 6, 16, 1, 30, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def stretch(invitation, start: float, end: float | None, room=None, source: str = "report") -> None:
    db.session.add(OnlineAttendance(invitation_id=invitation.id, joined_at=at(start),
                                    left_at=None if end is None else at(end), room=room, source=source))


def test_rejoins_add_up_and_two_devices_count_once(app):
    event = make_event()
    zoom = OnlineRoom(event_id=event.id, name="Zoom", url="https://zoom.example/j/1", position=0)
    tencent = OnlineRoom(event_id=event.id, name="腾讯会议", url="https://meeting.example/1", position=1)
    db.session.add_all([zoom, tencent])
    rejoined, two_devices, link_only, absent = (make_invitation(event) for _ in range(4))
    stretch(rejoined, 0, 20, tencent)
    stretch(rejoined, 30, 45, zoom)  # 20 + 15
    stretch(two_devices, 0, 60, zoom)
    stretch(two_devices, 10, 70, zoom)  # phone too: 0–70
    stretch(two_devices, 65, 90, tencent)  # a second report overlapping the first: 0–90
    stretch(link_only, -5, None, source="link")
    db.session.commit()

    tallies = online_by_invitation(event.id)

    assert tallies[rejoined.id] == OnlineTally(at(0), 35, ("Zoom", "腾讯会议"))
    assert tallies[two_devices.id] == OnlineTally(at(0), 90, ("Zoom", "腾讯会议"))
    assert tallies[link_only.id] == OnlineTally(at(-5), 0, ())
    assert absent.id not in tallies


def test_link_join_before_the_report_is_the_first_join_and_placed_totals_are_not(app):
    event = make_event()
    guest, totals_only = make_invitation(event), make_invitation(event)
    stretch(guest, -3, None, source="link")
    stretch(guest, 0, 50)
    stretch(totals_only, 0, 42, source=PLACED)
    db.session.commit()

    tallies = online_by_invitation(event.id)

    assert tallies[guest.id] == OnlineTally(at(-3), 50, ())
    assert tallies[totals_only.id] == OnlineTally(None, 42, ())


def test_asking_for_some_guests_gives_only_theirs_and_no_other_events(app):
    event, other = make_event(), make_event("other")
    first, second = make_invitation(event), make_invitation(event)
    elsewhere = make_invitation(other, first.delegate)
    stretch(first, 0, 10)
    stretch(second, 0, 20)
    stretch(elsewhere, 0, 30)
    db.session.commit()

    assert set(online_by_invitation(event.id, [second.id])) == {second.id}
    assert online_by_invitation(event.id, []) == {}
    assert set(online_by_invitation(event.id, range(1, 1000))) == {first.id, second.id}
    assert online_by_invitation(other.id)[elsewhere.id].minutes == 30
