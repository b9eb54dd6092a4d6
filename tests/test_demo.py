"""An operator loads the demo ceremony, runs it again, and signs in with the logins it prints."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from eventdesk.demo import service as demo
from eventdesk.extensions import db
from eventdesk.models import Base, Delegate, Event, Invitation, Mode, Organisation, Role, Status, utcnow
from tests.test_staff_sign_in import sign_in

SHANGHAI = ZoneInfo("Asia/Shanghai")
KANA = re.compile(r"[\u3041-\u309f\u30a0-\u30ff]")
HAN = re.compile(r"[\u4e00-\u9fff]")


def demo_event() -> Event:
    return db.session.scalars(select(Event).where(Event.slug == "demo")).one()


def snapshot() -> dict:
    with db.engine.connect() as conn:
        rows = {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in Base.metadata.sorted_tables}
        tokens = dict(conn.execute(select(Invitation.delegate_id, Invitation.token)).all())
    return {"rows": rows, "tokens": tokens}


def test_demo_loads_a_ceremony_like_the_seed_event(app: Flask, runner) -> None:
    today = datetime.now(SHANGHAI).date()
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    event = demo_event()

    starts = event.local(event.starts_at)
    assert starts.date() in (today + timedelta(days=14), datetime.now(SHANGHAI).date() + timedelta(days=14))
    assert starts.time() == time(9, 30) and event.timezone == "Asia/Shanghai"
    assert event.local(event.ends_at).date() == starts.date() and event.ends_at > event.starts_at
    assert event.rsvp_deadline == event.starts_at - timedelta(hours=72) and event.rsvp_deadline > utcnow()
    assert set(event.titles) == {"zh", "ja", "en"} and "Chengdu Hi-tech Zone" in event.venue
    assert event.latitude and event.longitude and event.online_url.startswith("https://meet.example.org/")
    assert event.organiser_email and event.exchange_rates["JPY"] == "0.0482"
    programme = {item.kind: item for item in event.programme}
    assert {"arrival", "opening", "signing", "press", "reception"} <= set(programme)
    assert not programme["reception"].streamed and programme["signing"].streamed
    assert all(event.local(item.starts_at).date() == starts.date() and set(item.titles) == {"zh", "ja", "en"}
               for item in event.programme)

    invitations = list(db.session.scalars(select(Invitation).where(Invitation.event_id == event.id)))
    delegates = [i.delegate for i in invitations]
    assert 480 <= len(delegates) <= 520
    assert 55 <= len({d.organisation_id for d in delegates}) <= 65
    assert {o.kind.value for o in db.session.scalars(select(Organisation))} == {
        "government", "trade_body", "corporate", "media"}
    assert {d.language.value for d in delegates} == {"zh", "ja", "en"}
    assert any(HAN.search(d.family_name or "") and d.family_name_latin for d in delegates)
    assert any(KANA.search(d.given_name or "") and HAN.search(d.family_name or "") for d in delegates)
    assert any(KANA.search(d.family_name or "") for d in delegates)
    assert any(d.family_name is None and d.family_name_latin for d in delegates)
    assert all(d.email == d.email.lower() and d.honorific and d.position and d.phone for d in delegates)
    roles = Counter(d.role for d in delegates)
    assert all(roles[role] for role in Role)
    assert len({i.token for i in invitations}) == len(invitations)

    answers = Counter((i.status, i.mode) for i in invitations)
    in_person = answers[(Status.ACCEPTED, Mode.IN_PERSON)]
    assert event.capacity == 400 and 200 < in_person < 300
    assert answers[(Status.ACCEPTED, Mode.ONLINE)] and answers[(Status.DECLINED, None)]
    assert answers[(Status.INVITED, None)] and sum(n for (s, _), n in answers.items() if s == Status.WAITING)
    assert all(i.waiting_since for i in invitations if i.status == Status.WAITING)
    assert all((i.answered_at is None) == (i.status == Status.INVITED) for i in invitations)
    assert all(i.invited_at < i.answered_at < utcnow() for i in invitations if i.answered_at)
    assert any(i.details.get("dietary") for i in invitations)

    assert len(event.agreements) == 28
    assert sum(a.amount for a in event.agreements) == Decimal("21750000000.00")
    assert {a.currency for a in event.agreements} == {"CNY"}
    assert [a.position for a in event.agreements] == list(range(1, 29))
    assert event.agreements[0].ref == f"CJ-{starts.year}-01" and set(event.agreements[0].titles) == {"zh", "ja", "en"}
    by_delegate = {i.delegate_id: i for i in invitations}
    remote = 0
    for agreement in event.agreements:
        assert agreement.status.value == "planned" and agreement.summary
        assert {"CN", "JP"} <= {p.side for p in agreement.parties} and len(agreement.parties) >= 2
        for party in agreement.parties:
            assert party.signatories and party.side == party.organisation.country
            for signatory in party.signatories:
                answer = by_delegate[signatory.delegate_id]
                assert signatory.delegate.organisation_id == party.organisation_id
                assert signatory.delegate.role == Role.SIGNATORY and answer.status == Status.ACCEPTED
                assert answer.mode == (Mode.ONLINE if signatory.remote else Mode.IN_PERSON)
                remote += signatory.remote
    assert remote > 0
    assert "21,750,000,000.00" in result.output and "500 delegates" in result.output


def test_demo_day_is_counted_in_chengdu_not_utc(app: Flask) -> None:
    # 17:00 UTC on 1 March is already 2 March in Chengdu.
    event, created = demo.load(now=datetime(2026, 3, 1, 17, 0, tzinfo=UTC))
    assert created
    assert event.local(event.starts_at) == datetime(2026, 3, 16, 9, 30, tzinfo=SHANGHAI)
    assert event.rsvp_deadline == datetime(2026, 3, 13, 1, 30, tzinfo=UTC)


def test_loading_the_demo_twice_changes_nothing(app: Flask, runner) -> None:
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    before = snapshot()
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0, second.output
    assert "already loaded" in second.output
    assert snapshot() == before
    assert before["rows"]["events"] == 1 and before["rows"]["staff"] == 3
    for login in demo.LOGINS:
        assert login.email in first.output and login.email in second.output and login.password in second.output


def test_demo_prints_logins_that_work(app: Flask, runner) -> None:
    output = runner.invoke(args=["demo"]).output
    logins = re.findall(r"^\s+(organiser|door|clerk)\s+(\S+@\S+)\s+(\S+)$", output, re.MULTILINE)
    assert [role for role, _, _ in logins] == ["organiser", "door", "clerk"]
    assert "http://eventdesk.test/login" in output  # the configured public address
    for _role, email, password in logins:
        client: FlaskClient = app.test_client()
        response = sign_in(client, email, password)
        assert response.status_code == 302, (email, response.status_code)
        assert client.get("/").status_code == 200


def test_demo_loads_again_after_its_event_was_deleted(app: Flask) -> None:
    event, _ = demo.load()
    delegates = db.session.scalar(select(func.count()).select_from(Delegate))
    db.session.delete(event)
    db.session.commit()
    again, created = demo.load()
    assert created and len(again.agreements) == 28
    assert db.session.scalar(select(func.count()).select_from(Delegate)) == delegates
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 60
    assert demo.summary(again).delegates == delegates


def test_demo_warns_that_its_logins_are_public_and_not_for_production(app: Flask, runner) -> None:
    for result in (runner.invoke(args=["demo"]), runner.invoke(args=["demo"])):
        assert result.exit_code == 0, result.output
        assert "demo logins and passwords are public" in result.output
        assert "never load the demo into a production instance" in result.output
