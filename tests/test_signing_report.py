"""After the session the organisers take away the record of what was signed, as PDF and CSV."""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from eventdesk.extensions import db
from eventdesk.models import CheckIn, Event, Invitation, Mode, ScanResult, Status, utcnow
from eventdesk.signing import service
from tests.factories import make_event
from tests.signing_factories import admit, signing_pair


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def test_report_lists_signings_with_parties_signatories_times_and_totals(app: Flask, organiser_client,
                                                                         tmp_path: Path) -> None:
    event = make_event(exchange_rates={"JPY": "0.0482"})
    first, wang, sato = signing_pair(event, "CJ-01", titles={"zh": "新能源电池工厂项目", "ja": "EV電池工場"})
    second, li, tanaka = signing_pair(event, "CJ-02", remote=True, amount="5000000000", currency="JPY",
                                      title="Robotics joint venture")
    signing_pair(event, "CJ-03", amount="1000000", currency="EUR")  # planned, not signed
    for invitation in (wang, sato, li):
        admit(invitation)
    service.sign(first, "in_person", signed_at="2026-05-20T10:05:00")
    service.sign(second, "remote", signed_at="2026-05-20T10:20:00")

    answer = organiser_client.get("/events/ceremony/agreements/report.csv")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert answer.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(answer.data.decode("utf-8-sig"))))
    header, one, two = rows[:3]
    record = dict(zip(header, one, strict=True))
    assert record["ref"] == "CJ-01" and record["title_zh"] == "新能源电池工厂项目"
    assert record["parties"] == "四川省商务厅 (CN); 日本貿易振興機構 (JP)"
    assert record["signatories"] == "王伟 (Wei WANG); 佐藤花子 (Hanako SATO)"
    assert (record["signed_at"], record["mode"], record["amount"], record["amount_cny"]) == (
        "2026-05-20T10:05:00+08:00", "in_person", "1250000000.00", "1250000000.00")
    assert dict(zip(header, two, strict=True))["amount_cny"] == "241000000.00"
    totals = {(row[0], row[1]): row for row in rows[4:]}
    assert totals[("in_cny", "all convertible amounts")][3] == "1491000000.00"
    assert totals[("by_currency", "JPY")][3] == "5000000000"  # the yen has no minor unit
    assert totals[("by_organisation_kind", "trade_body")][2:4] == ["2", "1491000000.00"]
    assert totals[("planned", "agreements")][2] == "3"

    pdf = organiser_client.get("/events/ceremony/agreements/report.pdf?lang=ja")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    text = pdf_text(pdf.data, tmp_path)
    for expected in ("EV電池工場", "四川省商务厅", "佐藤花子", "10:05", "1,491,000,000.00", "5,000,000,000 JPY",
                     "241,000,000.00"):
        assert expected in text, expected
    assert "2/3" in "".join(text.split())  # signed of planned
    assert b"/FontFile2" in pdf.data  # the TrueType fonts are embedded, not referenced


def test_the_demos_28_agreements_signed_add_up_to_rmb_21_75_billion(app: Flask, runner, tmp_path: Path) -> None:
    assert runner.invoke(args=["demo"]).exit_code == 0
    event = db.session.scalar(select(Event).where(Event.slug == "demo"))
    running = service.agreements(event)
    assert len(running) == 28
    for agreement in running:  # the door admits each signatory in the hall; those by video answered online
        for signatory in service.signatories(agreement):
            invitation = db.session.scalar(select(Invitation).where(Invitation.event_id == event.id,
                                                                    Invitation.delegate_id == signatory.delegate_id))
            invitation.status = Status.ACCEPTED
            if signatory.remote:
                invitation.mode = Mode.ONLINE
                continue
            invitation.mode = Mode.IN_PERSON
            if db.session.scalar(select(CheckIn.id).where(CheckIn.invitation_id == invitation.id)) is None:
                db.session.add(CheckIn(event_id=event.id, invitation_id=invitation.id, result=ScanResult.ADMITTED,
                                       manual=True, scanned_at=utcnow()))
    db.session.commit()
    for agreement in running:
        remote = any(s.remote for s in service.signatories(agreement))
        service.sign(agreement, "remote" if remote else "in_person")

    output = tmp_path / "record.csv"
    result = runner.invoke(args=["agreements", "report", "demo", "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "28 of 28 agreements signed, 21,750,000,000.00 CNY" in result.output
    assert "21750000000.00" in output.read_text(encoding="utf-8-sig")
    pdf = tmp_path / "record.pdf"
    assert runner.invoke(args=["agreements", "report", "demo", "-o", str(pdf), "--lang", "zh"]).exit_code == 0
    text = pdf_text(pdf.read_bytes(), tmp_path)
    assert "21,750,000,000.00 CNY" in text and "28/28" in "".join(text.split())
    assert runner.invoke(args=["agreements", "report", "nosuch", "-o", str(pdf)]).exit_code == 1
    assert runner.invoke(args=["agreements", "report", "demo"]).exit_code == 2  # -o is required
