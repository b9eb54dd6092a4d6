"""The clerk records signings: both modes, the signatory rules, corrections as new entries, one signing per tap."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from eventdesk.errors import Refused
from eventdesk.extensions import db
from eventdesk.models import AgreementStatus, AuditEntry, SigningEntry, SigningMode, utcnow
from eventdesk.signing import service
from tests.factories import make_event, make_staff, signed_in
from tests.signing_factories import admit, post, signing_pair


def entries(agreement) -> list[SigningEntry]:
    return list(db.session.scalars(select(SigningEntry).where(SigningEntry.agreement_id == agreement.id)
                                   .order_by(SigningEntry.id)))


def audit_actions(agreement) -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).where(AuditEntry.entity == "agreement",
                                                                   AuditEntry.entity_id == str(agreement.id))
                                   .order_by(AuditEntry.id)))


def test_clerk_signs_the_next_agreement_in_the_hall_with_one_tap(app: Flask, clerk_client) -> None:
    event = make_event()
    agreement, wang, sato = signing_pair(event)
    admit(wang)
    admit(sato, door="South")
    page = clerk_client.get("/events/ceremony/signing")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Next to sign" in html and "EV battery plant" in html and "王伟" in html and "South" in html

    answer = post(clerk_client, "/events/ceremony/signing/CJ-01/sign", data={"mode": "in_person"})
    assert answer.status_code == 302
    db.session.expire_all()
    assert agreement.status == AgreementStatus.SIGNED and agreement.signing_mode == SigningMode.IN_PERSON
    assert abs(agreement.signed_at - utcnow()) < timedelta(seconds=30)
    [entry] = entries(agreement)
    assert entry.status == AgreementStatus.SIGNED and entry.staff_id is not None
    assert audit_actions(agreement) == ["agreement.sign"]
    assert "Signed: CJ-01" in clerk_client.get("/events/ceremony/signing").get_data(as_text=True)


def test_a_remote_signatory_signs_by_video_after_answering_online(app: Flask) -> None:
    event = make_event()
    agreement, wang, _sato = signing_pair(event, remote=True)
    admit(wang)
    service.sign(agreement, "remote")
    assert agreement.status == AgreementStatus.SIGNED and agreement.signing_mode == SigningMode.REMOTE


def test_signing_is_refused_naming_the_signatory_not_admitted(app: Flask, clerk_client) -> None:
    event = make_event()
    agreement, wang, _sato = signing_pair(event)
    admit(wang)
    with pytest.raises(Refused) as refused:
        service.sign(agreement, "in_person")
    assert refused.value.code == "signatory_not_present" and refused.value.status == 409
    assert "佐藤花子" in refused.value.message and "admitted" in refused.value.message
    assert "王伟" not in refused.value.message
    answer = post(clerk_client, "/events/ceremony/signing/CJ-01/sign", data={"mode": "in_person"},
                               follow_redirects=True)
    assert "佐藤花子" in answer.get_data(as_text=True)
    db.session.expire_all()
    assert agreement.status == AgreementStatus.PLANNED and entries(agreement) == []


def test_a_remote_signatory_without_an_online_answer_cannot_sign(app: Flask) -> None:
    event = make_event()
    agreement, wang, sato = signing_pair(event, remote=True)
    admit(wang)
    sato.mode = None
    sato.status = "invited"
    db.session.commit()
    with pytest.raises(Refused) as refused:
        service.sign(agreement, "remote")
    assert refused.value.code == "signatory_not_present" and "online" in refused.value.message


def test_an_undone_admission_no_longer_counts(app: Flask) -> None:
    event = make_event()
    agreement, wang, sato = signing_pair(event)
    admit(wang)
    admit(sato).undone_at = utcnow()
    db.session.commit()
    with pytest.raises(Refused, match="佐藤花子"):
        service.sign(agreement, "in_person")


def test_signing_twice_answers_already_signed(app: Flask, clerk_client) -> None:
    event = make_event()
    agreement, wang, sato = signing_pair(event)
    admit(wang), admit(sato)
    service.sign(agreement, "in_person")
    with pytest.raises(Refused) as refused:
        service.sign(agreement, "remote")
    assert refused.value.code == "already_signed" and refused.value.status == 409
    answer = post(clerk_client, "/events/ceremony/signing/CJ-01/sign", data={"mode": "in_person"},
                               follow_redirects=True)
    assert "already signed" in answer.get_data(as_text=True)
    assert len(entries(agreement)) == 1


def test_a_correction_is_a_new_entry_and_the_audit_log_shows_it(app: Flask, clerk_client) -> None:
    event = make_event()
    agreement, wang, sato = signing_pair(event)
    admit(wang), admit(sato)
    post(clerk_client, "/events/ceremony/signing/CJ-01/sign", data={"mode": "in_person"})
    earlier = event.local(utcnow() - timedelta(minutes=7)).replace(microsecond=0)
    answer = post(clerk_client, "/events/ceremony/signing/CJ-01/correct",
                               data={"signed_at": earlier.strftime("%Y-%m-%dT%H:%M:%S"), "mode": "remote",
                                     "note": "tapped late"}, follow_redirects=True)
    assert "Corrected: CJ-01" in answer.get_data(as_text=True)
    db.session.expire_all()
    first, correction = entries(agreement)
    assert correction.corrects_id == first.id and correction.note == "tapped late"
    assert first.mode == SigningMode.IN_PERSON  # the first entry is kept as it was
    assert agreement.signed_at == earlier and agreement.signing_mode == SigningMode.REMOTE
    assert audit_actions(agreement) == ["agreement.sign", "agreement.correct"]
    change = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "agreement.correct"))
    assert change.changes["mode"] == ["in_person", "remote"] and change.staff.email == "clerk@eventdesk.test"


def test_a_correction_of_nothing_or_of_an_unsigned_agreement_is_refused(app: Flask) -> None:
    event = make_event()
    agreement, wang, sato = signing_pair(event)
    with pytest.raises(Refused, match="not signed"):
        service.correct(agreement, mode="remote")
    admit(wang), admit(sato)
    service.sign(agreement, "in_person")
    with pytest.raises(Refused) as refused:
        service.correct(agreement, mode="in_person")
    assert refused.value.code == "nothing_to_correct"
    with pytest.raises(Refused, match="future"):
        service.correct(agreement, signed_at=utcnow() + timedelta(hours=1))
    assert len(entries(agreement)) == 1


def test_postpone_withdraw_and_reopen_are_entries_in_the_ledger(app: Flask) -> None:
    event = make_event()
    agreement, wang, sato = signing_pair(event)
    admit(wang), admit(sato)
    service.postpone(agreement, note="delegation delayed")
    service.sign(agreement, "in_person")  # a postponed agreement may be signed later in the session
    service.reopen(agreement, note="tapped the wrong one")
    service.withdraw(agreement)
    with pytest.raises(Refused) as refused:
        service.sign(agreement, "in_person")
    assert refused.value.code == "withdrawn"
    service.reopen(agreement)
    statuses = [(e.status.value, e.corrects_id is not None) for e in entries(agreement)]
    assert statuses == [("postponed", False), ("signed", False), ("planned", True), ("withdrawn", False),
                        ("planned", False)]
    assert audit_actions(agreement) == ["agreement.postpone", "agreement.sign", "agreement.reopen",
                                        "agreement.withdraw", "agreement.reopen"]
    assert agreement.status == AgreementStatus.PLANNED and agreement.signed_at is None


def test_two_clerks_tapping_at_once_record_one_signing(app: Flask) -> None:
    event = make_event()
    agreement, wang, sato = signing_pair(event)
    admit(wang), admit(sato)
    agreement_id = agreement.id
    db.session.remove()
    outcomes: list[str] = []
    start = threading.Barrier(4)

    def tap(mode: str) -> None:
        with app.app_context():
            from eventdesk.models import Agreement

            mine = db.session.get(Agreement, agreement_id)
            assert mine.parties and mine.event  # load what the rules read before racing
            start.wait()
            try:
                service.sign(mine, mode)
                outcomes.append("signed")
            except Refused as refused:
                outcomes.append(refused.code)
            finally:
                db.session.remove()

    clerks = [threading.Thread(target=tap, args=(mode,)) for mode in ("in_person", "remote") * 2]
    for clerk in clerks:
        clerk.start()
    for clerk in clerks:
        clerk.join(timeout=30)
    assert sorted(outcomes) == ["already_signed"] * 3 + ["signed"]
    assert db.session.scalar(select(db.func.count()).select_from(SigningEntry)) == 1


def test_door_staff_may_not_open_the_clerk_pages(app: Flask, door_client, client, organiser_client) -> None:
    event = make_event()
    signing_pair(event)
    assert door_client.get("/events/ceremony/signing").status_code == 403
    assert post(door_client, "/events/ceremony/signing/CJ-01/sign", data={"mode": "in_person"}).status_code == 403
    assert door_client.get("/events/ceremony/agreements").status_code == 403
    assert client.get("/events/ceremony/signing").status_code == 302  # to the sign-in page
    assert organiser_client.get("/events/ceremony/signing").status_code == 200
    clerk = signed_in(app, make_staff("clerk"))
    assert clerk.get("/events/ceremony/agreements").status_code == 403  # editing is for organisers
    assert clerk.get("/events/ceremony/signing").status_code == 200
