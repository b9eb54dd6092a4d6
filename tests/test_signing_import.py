"""Organisers import the running order from CSV or XLSX: a preview, every problem by line and column, all or nothing."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

from flask import Flask
from openpyxl import Workbook
from sqlalchemy import func, select

from eventdesk.extensions import db
from eventdesk.models import Agreement, AuditEntry
from eventdesk.signing.importer import import_agreements
from tests.factories import make_event
from tests.signing_factories import csrf, guest, jetro, sichuan

HEADER = "ref,title,title_zh,title_ja,kind,amount,currency,position,parties,signatories,remote_signatories\n"
GOOD = HEADER + (
    "CJ-01,EV battery plant,新能源电池工厂项目,EV電池工場,investment,\"1,250,000,000.00\",CNY,1,"
    "四川省商务厅:CN; 日本貿易振興機構:JP,wang@sichuan.example.cn,sato@jetro.example.jp\n"
    "CJ-02,Tourism exchange,旅游交流备忘录,観光交流覚書,memorandum,,CNY,2,"
    "Sichuan Department of Commerce：cn; 日本貿易振興機構:JP,,\n"
    "CJ-03,Robotics joint venture,机器人合资,ロボット合弁,investment,5000000000,JPY,3,"
    "四川省商务厅:CN; 日本貿易振興機構:JP,wang@sichuan.example.cn; sato@jetro.example.jp,\n")


def guests(event) -> None:
    guest(event, "王 伟", "Wei WANG", sichuan(), email="wang@sichuan.example.cn")
    guest(event, "佐藤 花子", "Hanako SATO", jetro(), email="sato@jetro.example.jp", mode="online", language="ja")


def agreement_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Agreement))


def test_import_creates_agreements_with_parties_and_signatories(app: Flask) -> None:
    event = make_event()
    guests(event)
    preview = import_agreements(event, GOOD.encode(), "running-order.csv", dry_run=True)
    assert preview.problems == [] and preview.summary == "3 created, 0 updated, 0 unchanged"
    assert agreement_count() == 0  # a preview writes nothing

    result = import_agreements(event, GOOD.encode(), "running-order.csv")
    assert result.written and result.count("created") == 3
    first, second, third = db.session.scalars(select(Agreement).order_by(Agreement.position)).all()
    assert first.amount == Decimal("1250000000.00") and first.titles == {"zh": "新能源电池工厂项目", "ja": "EV電池工場"}
    assert [(p.organisation.name, p.side) for p in first.parties] == [("四川省商务厅", "CN"),
                                                                      ("日本貿易振興機構", "JP")]
    assert sorted((s.delegate.email, s.remote) for p in first.parties for s in p.signatories) == [
        ("sato@jetro.example.jp", True), ("wang@sichuan.example.cn", False)]
    assert second.amount is None and second.parties[0].side == "CN" and second.kind.value == "memorandum"
    assert third.currency == "JPY"
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "agreement.import")).changes["created"] \
        == [None, 3]

    again = import_agreements(event, GOOD.encode(), "running-order.csv")
    assert again.summary == "0 created, 0 updated, 3 unchanged"
    changed = import_agreements(event, GOOD.replace("Tourism exchange", "Tourism and culture").encode(), "x.csv")
    assert changed.summary == "0 created, 1 updated, 2 unchanged"


def test_import_with_errors_names_line_and_column_and_writes_nothing(app: Flask) -> None:
    event = make_event()
    guests(event)
    bad = ("Ref,Title,Amount,Currency,Parties,Signatories,Colour\n"
           "CJ-01,EV battery plant,12abc,CNY,四川省商务厅:CN; 日本貿易振興機構:JP,wang@sichuan.example.cn,red\n")
    result = import_agreements(event, bad.encode(), "bad.csv")
    assert result.problems == ["line 1, column Colour: unknown column; the columns are ref, title, title_zh, "
                               "title_ja, title_en, summary, kind, amount, currency, position, parties, signatories, "
                               "remote_signatories, or party_1, side_1, party_2, side_2 ..."]
    bad = ("Ref,Title,Amount,Currency,Parties,Signatories\n"
           "CJ-01,EV battery plant,12abc,CNY,四川省商务厅:CN; 日本貿易振興機構:JP,wang@sichuan.example.cn\n"
           "CJ-02,,100,XYZ,四川省商务厅:CN,nobody@example.org\n"
           "CJ-01,Duplicate,1,CNY,四川省商务厅:CN; 日本貿易振興機構:JP,\n"
           "CJ-04,Unknown party,1,CNY,四川省商务厅:CN; 大阪商工会議所:JP,sato@jetro.example.jp\n"
           "CJ-05,Good row,1,CNY,四川省商务厅:CN; 日本貿易振興機構:JP,\n")
    result = import_agreements(event, bad.encode(), "bad.csv")
    assert result.problems == [
        "line 2, column Amount: '12abc' is not a number (write it like 1250000000.00)",
        "line 3, column Title: a title is required",
        "line 3, column Currency: 'XYZ' is not an ISO 4217 currency code (CNY, JPY, USD, EUR ...)",
        "line 3, column Parties: an agreement needs at least two parties, e.g. 四川省商务厅:CN; 日本貿易振興機構:JP",
        "line 3, column Signatories: nobody@example.org is not on this event's guest list",
        "line 4, column Ref: CJ-01 is also on line 2",
        "line 5, column Parties: no organisation named '大阪商工会議所': import the guest list first, or write the "
        "name as it is there",
        "line 5, column Signatories: sato@jetro.example.jp is a delegate of 日本貿易振興機構, which is not a party to "
        "this agreement",
    ]
    assert not result.written and agreement_count() == 0


def test_party_columns_and_a_shift_jis_file(app: Flask) -> None:
    event = make_event()
    guests(event)
    text = ("ref,title,title_ja,party_1,side_1,party_2,side_2,remote_signatories\n"
            "JP-7,Sake export,日本酒輸出協力覚書,四川省商务厅,CN,日本貿易振興機構,JP,sato@jetro.example.jp\n")
    result = import_agreements(event, text.encode("gb18030"), "list.csv")
    assert result.problems == [] and result.written
    agreement = db.session.scalar(select(Agreement))
    assert agreement.titles["ja"] == "日本酒輸出協力覚書" and [p.side for p in agreement.parties] == ["CN", "JP"]
    japanese = ("ref,title,party_1,party_2\n"
                "JP-8,桜浦県観光協力覚書,日本貿易振興機構,四川省商务厅\n").encode("gb18030")
    assert import_agreements(event, japanese, "jp.csv").written
    bad_party = "ref,title,party_1,party_2\nJP-9,覚書,日本貿易振興機構,ジェトロ\n".encode("cp932")
    assert import_agreements(event, bad_party, "jp.csv").problems == [
        "line 2, column party_2: no organisation named 'ジェトロ': import the guest list first, or write the name "
        "as it is there"]


def test_import_from_xlsx(app: Flask) -> None:
    event = make_event()
    guests(event)
    book = Workbook()
    sheet = book.active
    sheet.append(["ref", "title", "amount", "currency", "parties", "signatories"])
    sheet.append(["CJ-01", "EV battery plant", 1250000000, "cny", "四川省商务厅:CN; 日本貿易振興機構:JP",
                  "WANG@sichuan.example.cn"])
    sheet.append(["CJ-02", "Hotel", 12.5, "USD", "四川省商务厅:CN; 日本貿易振興機構:JP", None])
    out = io.BytesIO()
    book.save(out)
    result = import_agreements(event, out.getvalue(), "running-order.xlsx")
    assert result.problems == [] and result.count("created") == 2
    amounts = [(a.amount, a.currency) for a in db.session.scalars(select(Agreement).order_by(Agreement.position))]
    assert amounts == [(Decimal("1250000000.00"), "CNY"), (Decimal("12.50"), "USD")]


def test_organiser_previews_then_imports_in_the_browser(app: Flask, organiser_client) -> None:
    event = make_event()
    guests(event)
    token = csrf(organiser_client)
    preview = organiser_client.post("/events/ceremony/agreements/import", data={
        "csrf_token": token, "file": (io.BytesIO(GOOD.encode()), "running-order.csv")},
        content_type="multipart/form-data")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Preview: nothing is written yet" in html and agreement_count() == 0
    upload = html.split('name="upload" type="hidden" value="')[1].split('"')[0]
    done = organiser_client.post("/events/ceremony/agreements/import", data={"csrf_token": token, "upload": upload},
                                 follow_redirects=True)
    assert "Imported: 3 created" in done.get_data(as_text=True) and agreement_count() == 3

    bad = organiser_client.post("/events/ceremony/agreements/import", data={
        "csrf_token": token, "file": (io.BytesIO(b"ref,title\nCJ-9,\n"), "bad.csv")},
        content_type="multipart/form-data")
    assert bad.status_code == 400 and "line 1, column parties" in bad.get_data(as_text=True)


def test_cli_import_prints_problems_and_exits_1(app: Flask, runner, tmp_path: Path) -> None:
    event = make_event()
    guests(event)
    path = tmp_path / "agreements.csv"
    path.write_text("ref,title,parties\nCJ-01,,四川省商务厅:CN\n", encoding="utf-8-sig")
    result = runner.invoke(args=["agreements", "import", "ceremony", str(path)])
    assert result.exit_code == 1
    assert "line 2, column title: a title is required" in result.output
    assert agreement_count() == 0
    path.write_text(GOOD, encoding="utf-8")
    dry = runner.invoke(args=["agreements", "import", "ceremony", str(path), "--dry-run"])
    assert dry.exit_code == 0 and "Would import: 3 created" in dry.output and agreement_count() == 0
    done = runner.invoke(args=["agreements", "import", "ceremony", str(path)])
    assert done.exit_code == 0 and "Imported: 3 created" in done.output and agreement_count() == 3
    assert runner.invoke(args=["agreements", "import", "nosuch", str(path)]).exit_code == 1
    assert runner.invoke(args=["agreements", "import", "ceremony", str(tmp_path / "missing.csv")]).exit_code == 1
