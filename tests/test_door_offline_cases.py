"""The door's result rules live in three places: the PostgreSQL statement, the Python path and the browser (for
scans decided offline). One table of cases, tests/door_cases.json, runs against all three, so they cannot drift."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from flask import Flask, current_app
from sqlalchemy import event as sa_event

from eventdesk.badges import codec
from eventdesk.database import autocommit_engine
from eventdesk.door import bundle, service
from eventdesk.extensions import db
from eventdesk.models import Badge, CheckIn, Door, Event, ScanResult
from tests.factories import make_delegate, make_event, make_invitation

TABLE = json.loads((Path(__file__).parent / "door_cases.json").read_text(encoding="utf-8"))
CASES = TABLE["cases"]
ISSUED = datetime(2027, 3, 15, 0, 0, tzinfo=UTC)
SCANNED = ISSUED + timedelta(hours=2)  # every case's scan; earlier admissions an hour before or after it
NOW = ISSUED + timedelta(hours=4)  # when the scans reach the server
ANSWERS = {"accepted, in person": ("accepted", "in_person"), "accepted, online": ("accepted", "online"),
           "declined": ("declined", None), "invited": ("invited", None), "waiting": ("waiting", None),
           "withdrawn": ("withdrawn", None)}


@dataclass
class World:
    event: Event
    codes: dict[str, str]  # case → the text scanned
    admissions: dict[str, tuple[int, datetime]]  # case → (invitation id, admitted at) for "before this scan"


def build_world() -> World:
    """One guest per case, in its event, with its badge, answer and earlier admission."""
    with time_machine.travel(ISSUED, tick=False):
        event, other = make_event(), make_event(slug="other")
        door = Door(event_id=event.id, name="West door", created_at=ISSUED)
        db.session.add(door)
        db.session.flush()
        codes, admissions = {}, {}
        for number, case in enumerate(CASES, start=1):
            host = other if case["code"] == "another event" else event
            status, mode = ANSWERS[case["answer"]]
            invitation = make_invitation(host, make_delegate(name=f"山田 {number}号", latin=f"Case{number} YAMADA"),
                                         status=status, mode=mode)
            serial = number * 10
            db.session.add(Badge(event_id=host.id, invitation_id=invitation.id, serial=serial, issued_at=ISSUED,
                                 revoked_at=ISSUED if case["badge"] == "revoked" else None))
            if case["badge"] == "revoked" and case["answer"] == "accepted, in person":  # re-issued
                db.session.add(Badge(event_id=host.id, invitation_id=invitation.id, serial=serial + 1,
                                     issued_at=ISSUED))
            admitted_at = {"before this scan": SCANNED - timedelta(hours=1), "taken back": SCANNED - timedelta(hours=1),
                           "after this scan": SCANNED + timedelta(hours=1)}.get(case["admitted"])
            if admitted_at is not None:
                db.session.add(CheckIn(event_id=host.id, invitation_id=invitation.id, door_id=door.id,
                                       result=ScanResult.ADMITTED, scanned_at=admitted_at, recorded_at=admitted_at,
                                       undone_at=NOW if case["admitted"] == "taken back" else None))
            if case["admitted"] == "before this scan":
                admissions[case["case"]] = (invitation.id, admitted_at)
            codes[case["case"]] = scanned_text(case["code"], host, invitation.id, serial)
        db.session.commit()
    return World(event, codes, admissions)


def scanned_text(kind: str, event: Event, invitation_id: int, serial: int) -> str:
    genuine = codec.encode(event.id, invitation_id, serial, current_app.config)
    return {
        "genuine": genuine, "another event": genuine, "lower case": genuine.lower(),
        "forged": genuine[:-1] + ("B" if genuine[-1] != "B" else "C"),
        "not a badge": "https://example.org/not-a-badge",
        "unknown serial": codec.encode(event.id, invitation_id, 99_999, current_app.config),
        "with spaces around": f"  {genuine} \n", "with a NUL": genuine + "\x00",
    }[kind]


def expected() -> dict[str, str]:
    return {case["case"]: case["result"] for case in CASES}


def test_the_python_path_answers_every_case_of_the_table(app: Flask) -> None:
    world = build_world()
    with time_machine.travel(NOW, tick=False):
        found = {name: service.scan(world.event, code, door="Case door", staff=None, scanned_at=SCANNED,
                                    scan_id=f"case-{number}").result.value  # a scan_id: statement by statement
                 for number, (name, code) in enumerate(world.codes.items())}
    assert found == expected()


def test_the_one_statement_path_answers_every_case_of_the_table(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a scan_id, PostgreSQL looks the badge up, decides and records in one statement (SQLite has no
    INSERT inside WITH and takes the Python path). The statement goes to the driver itself, past SQLAlchemy."""
    world = build_world()
    statements: list[str] = []
    sent_to_driver = service._lookup_and_record

    def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    def one_statement_sent(conn: Any, params: dict[str, Any]) -> Any:
        statements.append(service._LOOKUP_AND_RECORD_DRIVER)
        return sent_to_driver(conn, params)

    monkeypatch.setattr(service, "_lookup_and_record", one_statement_sent)
    sa_event.listen(autocommit_engine(), "before_cursor_execute", seen)
    try:
        with time_machine.travel(NOW, tick=False):
            found = {name: service.scan(world.event, code, door="Case door", staff=None,
                                        scanned_at=SCANNED).result.value for name, code in world.codes.items()}
    finally:
        sa_event.remove(autocommit_engine(), "before_cursor_execute", seen)
    assert found == expected()
    one_statement = sum("WITH holder AS" in s for s in statements)
    decided_there = sum(case["code"] in ("genuine", "unknown serial", "with spaces around") for case in CASES)
    assert one_statement == (decided_there if db.engine.dialect.name == "postgresql" else 0)


def test_the_browser_decides_every_case_of_the_table_offline(app: Flask, live_server, page) -> None:
    """The offline decision in Chromium, from the bundle the server builds; an earlier admission is known either
    from the bundle or from this device's own scans."""
    world = build_world()
    with time_machine.travel(NOW, tick=False):
        offline_bundle = bundle.build(world.event)
    page.goto(f"{live_server.url}/login")
    page.add_script_tag(url="/static/js/door-decide.js")
    scanned_ms = int(SCANNED.timestamp() * 1000)
    local_only = {name: {"invitation": invitation_id, "at": int(at.timestamp() * 1000)}
                  for name, (invitation_id, at) in world.admissions.items()}
    found = page.evaluate("""async ([bundle, codes, at, localOnly]) => {
        const decide = window.EventdeskDecide, found = {}, fromDevice = {};
        const index = decide.prepare(bundle);
        for (const [name, code] of Object.entries(codes)) {
            found[name] = (await decide.decide(index, code, at, {})).result;
        }
        // The same admissions known only to this device: the bundle does not have them yet.
        for (const [name, admission] of Object.entries(localOnly)) {
            const guest = index.guests.get(admission.invitation);
            guest.admitted_at = 0;
            const local = {[admission.invitation]: {at: admission.at, door: "West door"}};
            fromDevice[name] = (await decide.decide(index, codes[name], at, local)).result;
        }
        return [found, fromDevice];
    }""", [offline_bundle, world.codes, scanned_ms, local_only])
    assert found[0] == expected()
    assert found[1] == {name: expected()[name] for name in world.admissions}
    assert len(found[1]) == 3


def test_the_case_table_covers_every_result_and_every_kind_of_code() -> None:
    assert {case["result"] for case in CASES} == {r.value for r in ScanResult}
    assert {case["code"] for case in CASES} == set(TABLE["codes"])
    assert len({case["case"] for case in CASES}) == len(CASES)

