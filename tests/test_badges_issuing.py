"""Organisers and answers decide who holds a badge: one valid badge per in-person guest, a new serial on
re-issue, the old badge revoked, and no badge once the answer moves online or is withdrawn."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from flask import Flask
from sqlalchemy import select

from eventdesk.badges import codec, service
from eventdesk.badges.service import BadgeState
from eventdesk.errors import Refused
from eventdesk.extensions import db
from eventdesk.models import AuditEntry, Badge, Invitation, Mode, Status
from tests.factories import make_delegate, make_event, make_invitation, make_staff


def attending(event, name: str = "山田 太郎", **fields) -> Invitation:
    return make_invitation(event, make_delegate(name=name, **fields), status="accepted", mode="in_person")


def badges_of(invitation: Invitation) -> list[Badge]:
    return list(db.session.scalars(select(Badge).where(Badge.invitation_id == invitation.id).order_by(Badge.serial)))


def test_serials_count_up_per_event(app: Flask) -> None:
    ceremony, other = make_event(), make_event("other")
    first, second = service.issue(attending(ceremony)), service.issue(attending(ceremony))
    elsewhere = service.issue(attending(other))
    assert (first.serial, second.serial, elsewhere.serial) == (1, 2, 1)


def test_issuing_twice_keeps_the_one_valid_badge(app: Flask) -> None:
    invitation = attending(make_event())
    assert service.issue(invitation).id == service.issue(invitation).id
    assert len(badges_of(invitation)) == 1


@pytest.mark.parametrize("status, mode", [("accepted", "online"), ("declined", None), ("invited", None),
                                          ("waiting", "in_person"), ("withdrawn", None)])
def test_no_badge_unless_accepted_in_person(app: Flask, status: str, mode: str | None) -> None:
    invitation = make_invitation(make_event(), status=status, mode=mode)
    with pytest.raises(Refused) as refused:
        service.issue(invitation)
    assert refused.value.code == "not_in_person"
    assert badges_of(invitation) == []


def test_reissue_gives_a_new_serial_revokes_the_old_and_is_audited(app: Flask) -> None:
    invitation, organiser = attending(make_event()), make_staff("organiser")
    old = service.issue(invitation)
    new = service.reissue(invitation, organiser)
    assert new.serial == old.serial + 1
    db.session.refresh(old)
    assert old.revoked_at is not None and old.revoked_reason == "reissued"
    assert service.current(invitation).id == new.id
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "badge.reissue"))
    assert entry.staff_id == organiser.id and entry.changes == {"serial": [old.serial, new.serial]}


def test_lookup_tells_a_valid_badge_from_a_revoked_one(app: Flask) -> None:
    invitation = attending(make_event())
    old = service.issue(invitation)
    old_code = codec.verify(service.code_for(old), app.config)
    new_code = codec.verify(service.code_for(service.reissue(invitation)), app.config)
    assert service.lookup(old_code).state == BadgeState.REVOKED
    assert service.lookup(new_code).state == BadgeState.VALID
    assert service.lookup(new_code).badge.invitation_id == invitation.id
    stranger = codec.BadgeCode(invitation.event_id, invitation.id + 1000, new_code.serial, "T")
    assert service.lookup(stranger).state == BadgeState.UNKNOWN


@pytest.mark.parametrize("status, mode", [("accepted", "online"), ("declined", None), ("withdrawn", None)])
def test_changing_the_answer_away_from_in_person_revokes_the_badge(app: Flask, status: str,
                                                                   mode: str | None) -> None:
    invitation = attending(make_event())
    badge = service.issue(invitation)
    invitation.status, invitation.mode = Status(status), Mode(mode) if mode else None
    assert service.sync(invitation) is None
    db.session.commit()
    db.session.refresh(badge)
    assert badge.revoked_at is not None
    assert badge.revoked_reason == f"answer changed: {(mode or status).replace('_', ' ')}"
    assert service.current(invitation) is None


def test_accepting_in_person_again_issues_a_new_serial(app: Flask) -> None:
    invitation = attending(make_event())
    first = service.issue(invitation)
    invitation.mode = Mode.ONLINE
    service.sync(invitation)
    invitation.mode = Mode.IN_PERSON
    again = service.sync(invitation)
    db.session.commit()
    assert again.serial == first.serial + 1
    assert [b.valid for b in badges_of(invitation)] == [False, True]


def test_revoke_withdraws_the_valid_badge(app: Flask) -> None:
    invitation = attending(make_event())
    badge = service.issue(invitation)
    assert service.revoke(invitation, "lost, not replaced").id == badge.id
    assert service.current(invitation) is None
    assert service.revoke(invitation, "again") is None


def test_many_issuing_at_once_keep_one_badge_each_and_distinct_serials(app: Flask) -> None:
    event = make_event()
    invitations = [attending(event, email=f"guest{i}@example.jp") for i in range(6)]
    ids = [i.id for i in invitations] + [invitations[0].id] * 4  # four more racing for the first guest
    barrier = Barrier(len(ids))

    def issue(invitation_id: int) -> int:
        with app.app_context():
            invitation = db.session.get(Invitation, invitation_id)
            barrier.wait()
            return service.issue(invitation).serial

    with ThreadPoolExecutor(len(ids)) as pool:
        serials = list(pool.map(issue, ids))
    db.session.expire_all()
    badges = list(db.session.scalars(select(Badge).where(Badge.event_id == event.id)))
    assert len(badges) == 6 and all(b.valid for b in badges)
    assert sorted(b.serial for b in badges) == list(range(1, 7))
    assert len(set(serials[6:] + serials[:1])) == 1  # everyone racing for one guest got the same badge
