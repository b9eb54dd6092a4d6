"""Door staff scan badges: every result of the API's table, each scan logged, one admission per guest
however many doors scan at once, and a retried request answered once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from threading import Barrier

import pytest
import time_machine
from flask import Flask
from sqlalchemy import func, select

from eventdesk.badges import codec
from eventdesk.door import service
from eventdesk.errors import Refused
from eventdesk.extensions import db
from eventdesk.models import Badge, CheckIn, Event, Invitation, ScanResult, utcnow
from tests.factories import make_delegate, make_event, make_invitation, make_staff


def badge_for(invitation: Invitation, serial: int | None = None, revoked: bool = False) -> str:
    serial = serial or invitation.id
    db.session.add(Badge(event_id=invitation.event_id, invitation_id=invitation.id, serial=serial,
                         revoked_at=utcnow() if revoked else None))
    db.session.commit()
    from flask import current_app

    return codec.encode(invitation.event_id, invitation.id, serial, current_app.config)


def guest(event: Event, status: str = "accepted", mode: str | None = "in_person",
          name: str = "山田 太郎") -> Invitation:
    return make_invitation(event, make_delegate(name=name), status=status, mode=mode)


def results(event: Event) -> list[str]:
    return [r.value for r in db.session.scalars(select(CheckIn.result).where(CheckIn.event_id == event.id)
                                                .order_by(CheckIn.id))]


def test_first_scan_admits_and_the_second_says_when_and_where(app: Flask) -> None:
    event, staff = make_event(), make_staff("door")
    code = badge_for(guest(event))
    first = service.scan(event, code, door="North door", staff=staff)
    assert first.result == ScanResult.ADMITTED
    assert first.answer["invitation"]["name"] == "山田太郎"
    assert first.answer["invitation"]["name_latin"] == "Taro YAMADA"
    second = service.scan(event, code, door="South door", staff=staff)
    assert second.result == ScanResult.ALREADY_ADMITTED
    assert second.answer["first_admitted_door"] == "North door"
    assert second.answer["first_admitted_at"] == first.answer["first_admitted_at"]
    assert results(event) == ["admitted", "already_admitted"]


@pytest.mark.parametrize("case, expected", [
    ("forged", "invalid"), ("garbage", "invalid"), ("other_event", "wrong_event"), ("revoked", "revoked"),
    ("online", "not_in_person"), ("declined", "not_in_person"), ("no_answer", "not_in_person"),
])
def test_each_refusal_is_answered_and_logged_with_its_reason(app: Flask, case: str, expected: str) -> None:
    event, staff = make_event(), make_staff("door")
    codes = {
        "forged": lambda: badge_for(guest(event)),
        "garbage": lambda: "https://example.org/not-a-badge",
        "other_event": lambda: badge_for(guest(make_event(slug="other"))),
        "revoked": lambda: badge_for(guest(event), revoked=True),
        "online": lambda: badge_for(guest(event, mode="online")),
        "declined": lambda: badge_for(guest(event, status="declined", mode=None)),
        "no_answer": lambda: badge_for(guest(event, status="invited", mode=None)),
    }
    code = codes[case]()
    if case == "forged":  # one changed character: the signature no longer verifies
        code = code[:-1] + ("B" if code[-1] != "B" else "C")
    outcome = service.scan(event, code, door="East", staff=staff)
    assert outcome.result.value == expected
    assert results(event) == [expected]
    logged = db.session.scalars(select(CheckIn)).one()
    assert logged.staff_id == staff.id and logged.door.name == "East"


def test_a_guest_who_moved_online_holds_a_revoked_badge(app: Flask) -> None:
    event = make_event()
    invitation = guest(event, mode="online")
    code = badge_for(invitation, revoked=True)
    assert service.scan(event, code, door="North", staff=None).result == ScanResult.REVOKED


def test_a_retry_with_the_same_scan_id_returns_the_first_answer_and_records_nothing(app: Flask) -> None:
    event = make_event()
    code = badge_for(guest(event))
    first = service.scan(event, code, door="North", staff=None, scan_id="tablet-3:0001")
    again = service.scan(event, "whatever it says now", door="South", staff=None, scan_id="tablet-3:0001")
    assert again.answer == first.answer and again.result == ScanResult.ADMITTED
    assert results(event) == ["admitted"]


def test_an_offline_scan_is_admitted_at_the_time_it_was_made(app: Flask) -> None:
    event = make_event()  # Asia/Shanghai
    with time_machine.travel(datetime(2027, 3, 15, 1, 0, tzinfo=UTC), tick=False):
        code = badge_for(guest(event))
    with time_machine.travel(datetime(2027, 3, 15, 2, 0, tzinfo=UTC), tick=False):
        outcome = service.scan(event, code, door="North", staff=None,
                               scanned_at=datetime(2027, 3, 15, 1, 42, tzinfo=UTC))
    assert outcome.answer["first_admitted_at"] == "2027-03-15T09:42:00+08:00"


def test_an_empty_code_or_door_is_refused(app: Flask) -> None:
    event = make_event()
    with pytest.raises(Refused):
        service.scan(event, "  ", door="North", staff=None)
    with pytest.raises(Refused):
        service.scan(event, "EDT", door="", staff=None)
    assert results(event) == []


def test_twenty_doors_scanning_one_badge_at_once_admit_exactly_once(app: Flask) -> None:
    """50 rounds of 20 simultaneous scans, each from its own thread and database connection."""
    event = make_event()
    staff = make_staff("door")
    codes = [badge_for(guest(event, name=f"王 {n}")) for n in range(50)]

    def scan_at(door: int, code: str, barrier: Barrier) -> str:
        with app.app_context():
            ev = db.session.merge(event, load=False)  # no query: no connection held while waiting
            barrier.wait(timeout=30)
            return service.scan(ev, code, door=f"Door {door}", staff=staff).result.value

    with ThreadPoolExecutor(max_workers=20) as pool:
        for code in codes:
            barrier = Barrier(20)
            outcome = list(pool.map(scan_at, range(20), [code] * 20, [barrier] * 20))
            assert outcome.count("admitted") == 1, outcome
            assert outcome.count("already_admitted") == 19
    admitted = db.session.scalar(select(func.count()).select_from(CheckIn).where(
        CheckIn.result == ScanResult.ADMITTED))
    assert admitted == 50
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 1000


def test_forgotten_badge_admitted_by_name_once_and_undone_by_the_same_account(app: Flask) -> None:
    event, staff, other = make_event(), make_staff("door"), make_staff("door")
    invitation = guest(event)
    assert service.admit_manually(event, invitation, door="Desk", staff=staff).result == ScanResult.ADMITTED
    assert service.admit_manually(event, invitation, door="Desk", staff=staff).result \
        == ScanResult.ALREADY_ADMITTED
    with pytest.raises(Refused):
        service.undo_last_admission(event, other)
    undone = service.undo_last_admission(event, staff)
    assert undone.manual and undone.undone_at is not None
    assert service.stats(event).admitted == 0
    assert service.admit_manually(event, invitation, door="Desk", staff=staff).result == ScanResult.ADMITTED


def test_live_counts_by_door_and_kind(app: Flask) -> None:
    event = make_event()
    for n, door in enumerate(["North", "North", "South"]):
        service.scan(event, badge_for(guest(event, name=f"李 {n}")), door=door, staff=None)
    guest(event, name="张 伟")  # expected but not yet here
    stats = service.stats(event)
    assert (stats.admitted, stats.expected) == (3, 4)
    assert stats.by_door == {"North": 2, "South": 1}
    assert stats.by_organisation_kind == {"government": 3}
    assert sum(n for _, n in service.arrivals(event)) == 3
