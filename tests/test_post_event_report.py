"""The day after, organisers tell their superiors exactly who was there, in the hall or online, and what was
signed: `eventdesk report` in text, JSON, CSV and PDF, and the report page, with numbers right to the guest."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select
from time_machine import TimeMachineFixture

from eventdesk.extensions import db
from eventdesk.models import (
    AttendanceReport,
    CheckIn,
    Event,
    Invitation,
    Mode,
    ScanResult,
    Status,
    utcnow,
)
from eventdesk.reports import service as reports
from eventdesk.signing import service as signing
from tests.factories import make_event, make_invitation
from tests.report_factories import ceremony


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture
def after_the_event(app: Flask, time_machine: TimeMachineFixture) -> Event:
    return ceremony(time_machine)


def test_numbers_are_right_to_the_guest_overall_by_kind_and_by_country(after_the_event: Event) -> None:
    found = reports.build(after_the_event)

    overall = found.overall
    assert overall.invited == 9 and found.withdrawn == 1
    assert dict(overall.answers) == {"in_person": 3, "online": 2, "declined": 2, "waiting": 1, "no_answer": 1}
    assert dict(overall.attendance) == {"in_person": 1, "both": 1, "online": 2, "no_show": 2}
    assert overall.attended == 4 and found.online_minutes == 75 + 30
    kinds = {g.key: (g.invited, dict(g.attendance)) for g in found.by_kind}
    assert kinds == {"government": (3, {"in_person": 1, "no_show": 1}), "trade_body": (3, {"both": 1, "online": 1}),
                     "corporate": (2, {"no_show": 1}), "media": (1, {"online": 1})}
    assert [g.key for g in found.by_kind] == ["government", "trade_body", "corporate", "media"]
    assert [(g.key, g.invited, g.attended) for g in found.by_country] == [("CN", 3, 1), ("JP", 3, 2), ("KR", 2, 0),
                                                                         ("", 1, 1)]
    assert found.arrivals.total == 2 and found.joins.total == 3
    assert found.signing.totals.count == 2


def test_before_the_event_ends_accepted_guests_not_seen_are_not_yet_no_shows(app: Flask) -> None:
    event = make_event()
    make_invitation(event, status="accepted", mode="in_person")

    found = reports.build(event)

    assert dict(found.overall.attendance) == {"not_yet": 1} and found.shown[-1] == "not_yet"


def test_json_numbers_are_exact(after_the_event: Event, runner) -> None:
    result = runner.invoke(args=["report", "ceremony", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)

    assert report["invited"] == 9 and report["withdrawn"] == 1 and report["online_minutes"] == 105
    assert report["answers"] == {"in_person": 3, "online": 2, "declined": 2, "waiting": 1, "no_answer": 1}
    assert report["attendance"] == {"in_person": 1, "online": 2, "both": 1, "no_show": 2, "not_yet": 0,
                                    "attended": 4}
    kinds = {k["kind"]: k for k in report["by_organisation_kind"]}
    assert kinds["trade_body"]["attendance"]["both"] == 1 and kinds["corporate"]["answers"]["waiting"] == 1
    assert [(c["country"], c["invited"], c["attendance"]["attended"]) for c in report["by_country"]] == [
        ("CN", 3, 1), ("JP", 3, 2), ("KR", 2, 0), (None, 1, 1)]
    arrivals = report["arrivals"]
    assert arrivals["slot_minutes"] == 5 and arrivals["total"] == 2
    assert [(s["from"][11:16], s["count"]) for s in arrivals["slots"] if s["count"]] == [("09:10", 1), ("09:25", 1)]
    assert arrivals["slots"][0]["from"].endswith("+08:00")
    joins = report["online_joins"]
    assert joins["total"] == 3 and sum(s["count"] for s in joins["slots"]) == 3
    agreements = report["agreements"]
    assert (agreements["signed"], agreements["planned"]) == (2, 3)
    first, second = agreements["items"]
    assert first["ref"] == "CJ-01" and first["signed_at"].endswith("10:50:00+08:00") and first["mode"] == "in_person"
    assert first["parties"][0] == {"organisation": "四川省商务厅", "kind": "government", "side": "CN",
                                   "organisation_latin": "Sichuan Department of Commerce"}
    assert [s["name"] for s in first["signatories"]] == ["王伟", "佐藤花子"]
    assert all(isinstance(s["invitation_id"], int) for s in first["signatories"])
    assert (second["amount"], second["currency"], second["amount_cny"], second["mode"]) == (
        "5000000000", "JPY", "241000000.00", "remote")
    assert second["signatories"][1]["remote"] is True
    assert agreements["totals"] == {"in_cny": "1491000000.00",
                                    "by_currency": {"CNY": "1250000000.00", "JPY": "5000000000"},
                                    "cny_by_currency": {"CNY": "1250000000.00", "JPY": "241000000.00"},
                                    "without_rate": {}, "rates": {"CNY": "1", "JPY": "0.0482"}}


def test_csv_has_one_row_per_guest_for_excel(after_the_event: Event, runner, tmp_path: Path) -> None:
    output = tmp_path / "report.csv"
    result = runner.invoke(args=["report", "ceremony", "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "9 invited, 4 attended" in result.output and "1,491,000,000.00 CNY" in result.output

    data = output.read_bytes()
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 9  # the withdrawn invitation is not a guest of the report
    by_name = {row["name"]: row for row in rows}
    sato = by_name["佐藤花子"]
    assert (sato["attendance"], sato["in_hall_at"], sato["door"], sato["in_hall_source"]) == (
        "both", after_the_event.local(after_the_event.starts_at - timedelta(minutes=5)).strftime("%Y-%m-%d %H:%M"),
        "VIP", "manual_admission")
    assert sato["online_sources"] == "join_link" and sato["signed"] == "CJ-01"
    suzuki = by_name["鈴木一郎"]
    assert (suzuki["answer"], suzuki["attendance"], suzuki["online_minutes"]) == ("online", "online", "75")
    assert by_name["王伟"]["signed"] == "CJ-01 CJ-02" and by_name["김민준"]["attendance"] == "no_show"
    assert by_name["张强"]["attendance"] == "" and by_name["Olivia"]["attendance"] == "online"
    assert by_name["Olivia"]["organisation"] == "'+Plus Media"  # no formula runs in Excel


def test_text_report_speaks_the_chosen_language_and_carries_the_totals(after_the_event: Event, runner) -> None:
    english = runner.invoke(args=["report", "ceremony"])
    assert english.exit_code == 0, english.output
    for expected in ("Post-event report", "Invited: 9", "No-show", "Agreements signed: 2 of 3", "Korea",
                     "1,491,000,000.00 CNY", "佐藤花子 (Hanako SATO)", "5,000,000,000 JPY"):
        assert expected in english.output, expected

    chinese = runner.invoke(args=["report", "ceremony", "--lang", "zh"])
    assert chinese.exit_code == 0, chinese.output
    for expected in ("韩国", "日本", "1,491,000,000.00 CNY", "新能源电池工厂项目"):
        assert expected in chinese.output, expected


def test_pdf_has_cjk_names_and_the_signed_total_as_text(after_the_event: Event, runner, tmp_path: Path) -> None:
    output = tmp_path / "report.pdf"
    result = runner.invoke(args=["report", "ceremony", "-o", str(output), "--lang", "ja"])
    assert result.exit_code == 0, result.output
    data = output.read_bytes()
    assert data.startswith(b"%PDF") and b"/FontFile2" in data

    text = pdf_text(data, tmp_path)
    for expected in ("佐藤花子", "鈴木一郎", "四川省商务厅", "EV電池工場", "1,491,000,000.00", "韓国"):
        assert expected in text, expected
    assert "2/3" in "".join(text.split())


def test_unknown_event_exits_1_and_unknown_format_exits_2(app: Flask, runner) -> None:
    missing = runner.invoke(args=["report", "nosuch"])
    assert missing.exit_code == 1 and "nosuch" in missing.output
    assert runner.invoke(args=["report", "nosuch", "--format", "xlsx"]).exit_code == 2


def test_report_of_the_demo_in_all_four_formats(app: Flask, runner, tmp_path: Path) -> None:
    assert runner.invoke(args=["demo"]).exit_code == 0
    event = db.session.scalar(select(Event).where(Event.slug == "demo"))
    for agreement in signing.agreements(event)[:3]:  # the first three signed, their signatories there
        for signatory in signing.signatories(agreement):
            invitation = db.session.scalar(select(Invitation).where(Invitation.event_id == event.id,
                                                                    Invitation.delegate_id == signatory.delegate_id))
            assert invitation.status == Status.ACCEPTED
            if invitation.mode == Mode.IN_PERSON and db.session.scalar(
                    select(CheckIn.id).where(CheckIn.invitation_id == invitation.id)) is None:
                db.session.add(CheckIn(event_id=event.id, invitation_id=invitation.id, result=ScanResult.ADMITTED,
                                       manual=True, scanned_at=utcnow()))
        db.session.commit()
        signing.sign(agreement, "remote" if any(s.remote for s in signing.signatories(agreement)) else "in_person")
    record = signing.board(event)
    total = f"{record.totals.cny:,.2f}"
    signatory = signing.signatories(record.signed[0])[0].delegate.native_name

    text = runner.invoke(args=["report", "demo"])
    assert text.exit_code == 0 and f"{total} CNY" in text.output and "Invited: 500" in text.output
    as_json = json.loads(runner.invoke(args=["report", "demo", "--format", "json"]).output)
    assert as_json["invited"] == 500 and as_json["agreements"]["signed"] == 3
    assert as_json["attendance"]["attended"] == sum(as_json["attendance"][k] for k in ("in_person", "online", "both"))
    table = runner.invoke(args=["report", "demo", "--format", "csv"]).stdout_bytes
    assert len(list(csv.DictReader(io.StringIO(table.decode("utf-8-sig"))))) == 500
    pdf = tmp_path / "demo.pdf"
    assert runner.invoke(args=["report", "demo", "-o", str(pdf), "--lang", "zh"]).exit_code == 0
    text = pdf_text(pdf.read_bytes(), tmp_path)
    assert signatory in text and total in text and "中日地方经济合作推介会" in text


def test_the_demo_day_has_arrivals_joins_and_an_imported_zoom_report(app: Flask, runner) -> None:
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    event = db.session.scalar(select(Event).where(Event.slug == "demo"))
    found = reports.build(event)

    seen = found.overall.attendance
    assert 200 < seen["in_person"] + seen["both"] <= 262 and 50 < seen["online"] <= 91 and seen["both"] > 0
    assert f"{seen['in_person']} in the hall, {seen['online']} online, {seen['both']} both" in result.output
    assert found.arrivals.total == seen["in_person"] + seen["both"]
    sources = {s for g in found.guests if g.online for s in g.online.sources}
    assert sources == {"join_link", "participants_81234567890.csv"}
    report = db.session.scalars(select(AttendanceReport).where(AttendanceReport.event_id == event.id)).one()
    outcomes = {(row.outcome.value, row.how) for row in report.rows}
    assert {("left_out", "host"), ("left_out", "staff"), ("left_out", "waiting_room"), ("matched", "email"),
            ("matched", "name"), ("unmatched", None)} <= outcomes
    assert all(g.in_hall for g in found.guests if g.answer == "in_person" and g.invitation_id in {
        found.invitation_of[s.delegate_id] for a in event.agreements for s in signing.signatories(a) if not s.remote})


def test_an_event_with_nobody_invited_yet_reports_zeros_in_every_format(app: Flask, runner, organiser_client,
                                                                        tmp_path: Path) -> None:
    make_event()
    for format_ in ("text", "json", "csv", "pdf"):
        result = runner.invoke(args=["report", "ceremony", "--format", format_, "-o", str(tmp_path / format_),
                                     "--lang", "ja"])
        assert result.exit_code == 0 and "0 invited, 0 attended" in result.output, (format_, result.output)
    assert json.loads((tmp_path / "json").read_text())["attendance"]["attended"] == 0
    assert "招待済み: 0" in (tmp_path / "text").read_text()
    for url in ("/events/ceremony/report?lang=ja", "/events/ceremony/report.pdf", "/events/ceremony/report.csv"):
        assert organiser_client.get(url).status_code == 200, url
