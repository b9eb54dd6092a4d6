"""Organisers open the guest list and the signing report in Excel, LibreOffice or Sheets: no cell a guest or a
clerk typed runs there as a formula (a cell starting with =, +, -, @, a tab or CR gets the apostrophe that
marks it as text), and the guest list still imports back exactly as it was."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from eventdesk.extensions import db
from eventdesk.guests import service
from eventdesk.models import Delegate
from eventdesk.signing import service as signing
from tests.factories import make_delegate, make_event, make_invitation
from tests.signing_factories import admit, signing_pair

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Stored as people gave them: names and numbers that a spreadsheet would otherwise read as formulas.
TRICKY = {"family_name_latin": "-Smith", "given_name_latin": "+Anna", "position": "@Director",
          "honorific": '=HYPERLINK("http://evil.example","x")', "phone": "+81 3 1234 5678"}


def cells_of(data: bytes, format_: str) -> list[list[str]]:
    if format_ == "csv":
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]  # no formula cell at all
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def unguarded(rows: list[list[object]]) -> list[object]:
    return [cell for row in rows for cell in row if isinstance(cell, str) and cell.startswith(FORMULA_START)]


@pytest.mark.parametrize("format_", ["csv", "xlsx"])
def test_organiser_exports_names_that_look_like_formulas_guarded_and_imports_them_back_unchanged(
        organiser_client: FlaskClient, format_: str) -> None:
    event = make_event()
    make_invitation(event, make_delegate("史密斯 安娜", "+Anna -Smith", email="smith@example.org",
                                         position=TRICKY["position"], honorific=TRICKY["honorific"],
                                         phone=TRICKY["phone"]))
    make_invitation(event, make_delegate("山田 太郎", email="yamada@example.jp", phone="-100"))
    response = organiser_client.get(f"/events/{event.slug}/guests/export?format={format_}")
    assert response.status_code == 200
    rows = cells_of(response.data, format_)
    header = rows[0]
    smith = dict(zip(header, next(r for r in rows if r[0] == "smith@example.org"), strict=True))
    assert (smith["family_name_latin"], smith["given_name_latin"], smith["position"], smith["phone"]) == (
        "'-Smith", "'+Anna", "'@Director", "'+81 3 1234 5678")
    assert smith["honorific"] == "'" + TRICKY["honorific"]
    yamada = dict(zip(header, next(r for r in rows if r[0] == "yamada@example.jp"), strict=True))
    assert yamada["phone"] == "-100"  # a negative number is a number to a spreadsheet, never a formula
    assert unguarded(rows) == ["-100"]

    report = service.import_guests(event, response.data, f"guests.{format_}")
    assert report.problems == []
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    db.session.expire_all()
    stored = db.session.scalar(select(Delegate).where(Delegate.email == "smith@example.org"))
    assert {name: getattr(stored, name) for name in TRICKY} == TRICKY
    assert db.session.scalar(select(Delegate.phone).where(Delegate.email == "yamada@example.jp")) == "-100"


def test_a_file_carrying_the_guard_mark_imports_the_value_without_it(app: Flask) -> None:
    event = make_event()
    data = (b"email,family_name,given_name,family_name_latin,organisation,language,phone\r\n"
            b"tab@example.org,'-Smith,'+Anna,'@Lee,Acme,en,'+44 20 7946 0000\r\n")
    report = service.import_guests(event, data, "guests.csv")
    assert report.problems == []
    stored = db.session.scalar(select(Delegate).where(Delegate.email == "tab@example.org"))
    assert (stored.family_name, stored.given_name, stored.family_name_latin, stored.phone) == (
        "-Smith", "+Anna", "@Lee", "+44 20 7946 0000")


def test_the_signing_report_csv_runs_no_formula_a_clerk_typed(app: Flask, organiser_client: FlaskClient) -> None:
    event = make_event()
    agreement, wang, sato = signing_pair(event)
    for invitation in (wang, sato):
        admit(invitation)
    agreement.ref = "-2+3+cmd|' /C calc'!A0"
    agreement.title = "=HYPERLINK(\"http://evil.example\",\"open\")"
    agreement.titles = {"zh": "@SUM(1+1)", "ja": "\tcalc", "en": "\r=1+1"}
    db.session.commit()
    signing.sign(agreement, "in_person", signed_at="2026-05-20T10:05:00")

    answer = organiser_client.get(f"/events/{event.slug}/agreements/report.csv")
    assert answer.status_code == 200
    rows = list(csv.reader(io.StringIO(answer.data.decode("utf-8-sig"), newline="")))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["ref"] == "'-2+3+cmd|' /C calc'!A0"
    assert record["title"] == "'=HYPERLINK(\"http://evil.example\",\"open\")"
    assert (record["title_zh"], record["title_ja"], record["title_en"]) == ("'@SUM(1+1)", "'\tcalc", "'\r=1+1")
    assert record["amount"] == "1250000000.00"
    assert unguarded(rows) == []
