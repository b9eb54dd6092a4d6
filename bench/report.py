"""The post-event report for an event of 50,000 invitations, 3,000 online rows (an imported report and joins
through the link), 30,000 admissions and 28 signed agreements: the figures, each file format and the page,
against the target.

    .venv/bin/python bench/report.py                       # SQLite, in a temporary folder
    EVENTDESK_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test .venv/bin/python bench/report.py

On PostgreSQL it works in a schema of its own and drops it afterwards. Target (2-core machine): the report, in
any format or as the page, under 10 s. Each line also gives the CPU time of this process (on SQLite, all of the
work): on a machine busy with other work the wall time grows, the CPU time does not.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select  # noqa: E402

from bench.figures import timed  # noqa: E402
from bench.guests import FAMILY_JA, FAMILY_ZH, GIVEN_JA, GIVEN_ZH, KINDS, database  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", "50000"))
ONLINE_ROWS = 3_000
ADMITTED = 30_000
AGREEMENTS = 28
TARGET = 10.0


def main() -> None:
    from eventdesk import create_app
    from eventdesk.extensions import db
    from eventdesk.models import Base, Staff, StaffRole

    with database() as (url, engine_options), tempfile.TemporaryDirectory() as instance:
        os.environ["EVENTDESK_INSTANCE_PATH"] = instance
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                          "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, **engine_options}})
        from eventdesk.reports import files, service
        with app.app_context():
            Base.metadata.create_all(db.engine)
            organiser = Staff(email="bench@example.org", role=StaffRole.ORGANISER, name="Bench")
            db.session.add(organiser)
            db.session.commit()
            event = _ceremony(db)
            print(f"database: {db.engine.dialect.name}; {ROWS:,} invitations, {ONLINE_ROWS:,} online rows, "
                  f"{ADMITTED:,} admissions, {AGREEMENTS} agreements signed")
            report = timed("report: the figures (service.build)", TARGET, lambda: service.build(event))
            assert report.overall.invited == ROWS and report.signing.totals.count == AGREEMENTS
            for format_ in files.FORMATS:
                timed(f"report: figures and {format_} (zh)", TARGET,
                      lambda f=format_: files.render(service.build(event), f, "zh"))
            client = app.test_client()
            with client.session_transaction() as session:
                session["_user_id"] = organiser.get_id()
                session["_fresh"] = True
        page = timed("report: the page (zh)", TARGET, lambda: client.get("/events/bench/report?lang=zh"))
        assert page.status_code == 200, page.status_code


def _ceremony(db: Any) -> Any:
    """The event's rows written in bulk: organisations, delegates, invitations with answers, admissions, online
    stretches and signed agreements."""
    from eventdesk.events import service as events
    from eventdesk.models import (
        Agreement,
        AgreementParty,
        AgreementStatus,
        AttendanceReport,
        AttendanceReportRow,
        CheckIn,
        Delegate,
        Door,
        Invitation,
        Mode,
        OnlineAttendance,
        Organisation,
        RowOutcome,
        ScanResult,
        Signatory,
        SigningMode,
        Status,
    )

    rng = random.Random(11)
    start = datetime.now(UTC) - timedelta(days=1)
    event = events.create(slug="bench", title="Bench ceremony 基准", starts_at=start,
                          ends_at=start + timedelta(hours=8), timezone="Asia/Shanghai", capacity=40_000)
    event.exchange_rates = {"JPY": "0.0482"}
    countries = ["CN", "JP", "KR", "US", "DE", "SG", "TH", "VN", "FR", "GB"]
    db.session.execute(insert(Organisation), [
        {"name": f"组织{i:03d}", "name_latin": f"Organisation {i:03d}", "kind": KINDS[i % 5],
         "country": countries[i % len(countries)]} for i in range(500)])
    organisations = db.session.scalars(select(Organisation.id).order_by(Organisation.id)).all()
    delegates = []
    for n in range(ROWS):
        japanese = n % 2
        family, family_latin = rng.choice(FAMILY_JA if japanese else FAMILY_ZH)
        given, given_latin = rng.choice(GIVEN_JA if japanese else GIVEN_ZH)
        delegates.append({"email": f"guest{n:05d}@example.org", "family_name": family, "given_name": given,
                          "family_name_latin": family_latin, "given_name_latin": given_latin,
                          "organisation_id": organisations[n % len(organisations)],
                          "language": "ja" if japanese else "zh", "role": "delegate"})
    db.session.execute(insert(Delegate), delegates)
    delegate_ids = db.session.scalars(select(Delegate.id).order_by(Delegate.id)).all()
    answers = [(Status.ACCEPTED, Mode.IN_PERSON)] * 6 + [(Status.ACCEPTED, Mode.ONLINE)] * 2 + \
        [(Status.DECLINED, None), (Status.INVITED, None)]
    db.session.execute(insert(Invitation), [
        {"event_id": event.id, "delegate_id": d, "status": answers[i % 10][0], "mode": answers[i % 10][1],
         "details": {}, "sequence": 0} for i, d in enumerate(delegate_ids)])
    invitations = db.session.execute(select(Invitation.id, Invitation.mode, Invitation.delegate_id)
                                     .where(Invitation.event_id == event.id).order_by(Invitation.id)).all()
    doors = [Door(event_id=event.id, name=name) for name in ("North", "South", "VIP")]
    db.session.add_all(doors)
    db.session.flush()
    in_person = [i for i in invitations if i.mode == Mode.IN_PERSON]
    db.session.execute(insert(CheckIn), [
        {"event_id": event.id, "invitation_id": i.id, "door_id": doors[n % 3].id, "result": ScanResult.ADMITTED,
         "manual": False, "scanned_at": start + timedelta(minutes=rng.gauss(0, 20)),
         "recorded_at": start} for n, i in enumerate(in_person[:ADMITTED])])
    report = AttendanceReport(event_id=event.id, layout="zoom_meeting", digest="bench", filename="participants.csv",
                              timezone=event.timezone)
    db.session.add(report)
    db.session.flush()
    online = [i for i in invitations if i.mode == Mode.ONLINE][:ONLINE_ROWS * 5 // 6]
    joins = [online[n % len(online)] for n in range(ONLINE_ROWS)]  # a sixth rejoined
    db.session.execute(insert(AttendanceReportRow), [
        {"report_id": report.id, "line": n + 2, "name": f"guest {i.id}", "outcome": RowOutcome.MATCHED,
         "how": "email", "invitation_id": i.id} for n, i in enumerate(joins)])
    rows = db.session.scalars(select(AttendanceReportRow.id).where(AttendanceReportRow.report_id == report.id)
                              .order_by(AttendanceReportRow.line)).all()
    stretches = []
    for row, invitation in zip(rows, joins, strict=True):
        joined = start + timedelta(minutes=rng.uniform(-20, 120))
        stretches.append({"invitation_id": invitation.id, "report_row_id": row, "source": "report",
                          "joined_at": joined, "left_at": joined + timedelta(minutes=rng.uniform(5, 200))})
    db.session.execute(insert(OnlineAttendance), stretches)
    signers = {i.delegate_id for i in in_person[:ADMITTED]}
    for n in range(AGREEMENTS):
        agreement = Agreement(event_id=event.id, ref=f"B-{n + 1:02d}", title=f"合作协议 {n + 1}", position=n + 1,
                              amount_minor=rng.randrange(10**9, 10**12), currency="JPY" if n % 4 == 0 else "CNY",
                              status=AgreementStatus.SIGNED, signed_at=start + timedelta(minutes=60 + 3 * n),
                              signing_mode=SigningMode.IN_PERSON)
        for side in range(2):
            index = (10 * n + side) % len(organisations)  # organisations whose delegates came in person
            party = AgreementParty(organisation_id=organisations[index], position=side)
            delegate = next(d for d in delegate_ids[index::len(organisations)] if d in signers)
            party.signatories.append(Signatory(delegate_id=delegate))
            agreement.parties.append(party)
        db.session.add(agreement)
    db.session.commit()
    return event


if __name__ == "__main__":
    main()
