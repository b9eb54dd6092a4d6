"""Whatever file an organiser imports as the running order (any cells, amounts, parties, signatories, columns,
encodings, workbooks), the import takes it whole or refuses it with a clear message in the page's language,
and writes nothing then."""

from __future__ import annotations

import io

from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st

from eventdesk.errors import Refused
from eventdesk.extensions import db
from eventdesk.signing.importer import COLUMNS, import_agreements
from tests.bad_input import ENCODINGS, awkward_text, cells, counts, csv_bytes, xlsx_bytes
from tests.factories import make_event
from tests.signing_factories import csrf, guest, jetro, sichuan

AGREEMENT_CELLS = st.one_of(cells, st.sampled_from([
    "CJ-01", "CJ-01", "investment", "memorandum", "1,250,000,000.00", "7,10", "-5", "1e400", "0.001", "JPY",
    "CNY", "XXX", "0", "99999999999999999999", "四川省商务厅:CN; 日本貿易振興機構:JP", "四川省商务厅：cn",
    "wang@sichuan.example.cn", "sato@jetro.example.jp; nobody@example.org"]), awkward_text)
HEADERS = st.lists(st.one_of(st.sampled_from([*COLUMNS, "party_1", "side_1", "party_2", "side_2", "party_99"]),
                             st.sampled_from(["", "REF", "Title", "unknown"])), max_size=10)
TABLES = st.tuples(HEADERS, st.lists(st.lists(AGREEMENT_CELLS, max_size=12), max_size=4))


def test_any_running_order_file_is_imported_whole_or_refused_with_a_message(app: Flask) -> None:
    event = make_event()
    guest(event, "王 伟", "Wei WANG", sichuan(), email="wang@sichuan.example.cn")
    guest(event, "佐藤 花子", "Hanako SATO", jetro(), email="sato@jetro.example.jp", language="ja")

    @given(table=TABLES, encoding=st.sampled_from([*ENCODINGS, "xlsx"]), dry_run=st.booleans())
    def check(table: tuple[list[str], list[list[str]]], encoding: str, dry_run: bool) -> None:
        header, rows = table
        data = xlsx_bytes(header, rows) if encoding == "xlsx" else csv_bytes(header, rows, encoding)
        before = counts()
        try:
            result = import_agreements(event, data, f"running-order.{'xlsx' if encoding == 'xlsx' else 'csv'}",
                                       dry_run=dry_run)
        except Refused as refusal:
            db.session.rollback()
            assert refusal.message.strip()
            assert counts() == before
            return
        if result.problems or dry_run:
            assert all(str(p).startswith("line ") and p.message for p in result.problems)
            assert counts() == before
        else:
            assert result.written

    check()


def test_row_problems_are_told_in_the_pages_language(app: Flask, organiser_client: FlaskClient) -> None:
    make_event()
    token = csrf(organiser_client)
    organiser_client.get("/events/ceremony/agreements/import?lang=zh")
    bad = organiser_client.post("/events/ceremony/agreements/import", content_type="multipart/form-data", data={
        "csrf_token": token, "file": (io.BytesIO("ref,title,parties\nCJ-01,,四川省商务厅:CN\n".encode()), "a.csv")})
    page = bad.get_data(as_text=True)
    assert bad.status_code == 400
    assert "第 2 行，title 列：必须填写标题" in page
    assert "第 2 行，parties 列：协议至少需要两个签约方" in page
    refused = organiser_client.post("/events/ceremony/agreements/import", content_type="multipart/form-data",
                                    data={"csrf_token": token, "file": (io.BytesIO(b"%PDF-1.4"), "scan.pdf")})
    assert refused.status_code == 400 and "CSV" in refused.get_data(as_text=True)
