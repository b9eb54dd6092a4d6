"""Amounts come back exactly as the protocol office wrote them, on both engines: through the import, the database,
the API, the board and the record; typed numbers are read without guessing, in each currency's own minor unit."""

from __future__ import annotations

import csv
import html
import io
from decimal import Decimal
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import JSON, Boolean, Integer, Numeric, String, column, func, inspect, select, table

from eventdesk.extensions import db
from eventdesk.models import Agreement, AgreementParty, Event, SigningEntry, utcnow
from eventdesk.models.base import UTCDateTime
from eventdesk.signing import service
from eventdesk.signing.importer import import_agreements
from tests.factories import bearer, make_event, make_staff
from tests.signing_factories import jetro, make_agreement, post, sichuan

HEADER = "ref,title,amount,currency,parties\n"
PARTIES = "四川省商务厅:CN; 日本貿易振興機構:JP"
LARGEST = {"CJ-01": ("1,234,567,890,123,456.78", "1234567890123456.78", "CNY"),
           "CJ-02": ("9999999999999999.99", "9999999999999999.99", "CNY"),  # the largest the import takes in CNY
           "CJ-03": ("999,999,999,999,999,999", "999999999999999999", "JPY")}  # and in yen, which have no sen


def running_order(rows: list[tuple[str, str, str]]) -> bytes:
    return (HEADER + "".join(f'{ref},Agreement {ref},"{amount}",{currency},{PARTIES}\n'
                             for ref, amount, currency in rows)).encode()


def record_csv(client) -> list[list[str]]:
    answer = client.get("/events/ceremony/agreements/report.csv")
    assert answer.status_code == 200
    return list(csv.reader(io.StringIO(answer.data.decode("utf-8-sig"))))


@pytest.fixture
def parties(app: Flask) -> None:
    sichuan()
    jetro()


def test_largest_amounts_come_back_exactly_through_import_database_api_and_record(
        app: Flask, parties, client, organiser_client) -> None:
    event = make_event(exchange_rates={"JPY": "0.0482"})
    data = running_order([(ref, typed, currency) for ref, (typed, _plain, currency) in LARGEST.items()])
    assert import_agreements(event, data, "running-order.csv").summary == "3 created, 0 updated, 0 unchanged"

    db.session.expire_all()  # read back what the database holds, not what the session remembers
    stored = {a.ref: (str(a.amount), a.currency) for a in db.session.scalars(select(Agreement))}
    assert stored == {ref: (plain, currency) for ref, (_typed, plain, currency) in LARGEST.items()}

    items = client.get("/api/v1/events/ceremony/agreements", headers=bearer(make_staff("clerk"))).get_json()["items"]
    assert [(i["ref"], i["amount"], i["currency"], i["amount_cny"]) for i in items] == [
        ("CJ-01", "1234567890123456.78", "CNY", "1234567890123456.78"),
        ("CJ-02", "9999999999999999.99", "CNY", "9999999999999999.99"),
        ("CJ-03", "999999999999999999", "JPY", "48199999999999999.95")]

    for agreement in service.agreements(event):
        service.sign(agreement, "in_person")
    rows = record_csv(organiser_client)
    header = rows[0]
    signed = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:4]}
    assert {ref: (r["amount"], r["currency"]) for ref, r in signed.items()} == {
        ref: (plain, currency) for ref, (_typed, plain, currency) in LARGEST.items()}
    totals = {(row[0], row[1]): row[3] for row in rows[5:]}
    assert totals[("by_currency", "CNY")] == "11234567890123456.77"
    assert totals[("by_currency", "JPY")] == "999999999999999999"
    assert totals[("in_cny", "all convertible amounts")] == "59434567890123456.72"
    assert "59,434,567,890,123,456.72 CNY" in client.get("/events/ceremony/board.json").get_json()["total"]["exact"]

    again = import_agreements(event, data, "running-order.csv")
    assert again.summary == "0 created, 0 updated, 3 unchanged"


def test_total_of_many_amounts_is_exact_to_the_fen(app: Flask, parties, organiser_client) -> None:
    event = make_event()
    amounts = ["3333333333333333.33"] * 3 + ["0.01"] * 97 + ["1,000,000.10"]
    data = running_order([(f"CJ-{n:03d}", amount, "CNY") for n, amount in enumerate(amounts, 1)])
    assert import_agreements(event, data, "many.csv").written
    for agreement in service.agreements(event):
        service.sign(agreement, "in_person")
    totals = {(row[0], row[1]): row[3] for row in record_csv(organiser_client)[103:]}
    assert totals[("in_cny", "all convertible amounts")] == "10000000001000001.06"


def test_an_ambiguous_comma_is_refused_in_the_import_naming_line_and_column(app: Flask, parties, runner,
                                                                            tmp_path: Path) -> None:
    event = make_event()
    data = running_order([("CJ-01", "1,234,567.89", "CNY"), ("CJ-02", "7,10", "CNY"), ("CJ-03", "12.5.1", "USD")])
    result = import_agreements(event, data, "rates.csv")
    assert result.problems == [
        "line 3, column amount: '7,10' is ambiguous: commas group thousands (1,234,567) and a point starts the "
        "decimals (7.10)",
        "line 4, column amount: '12.5.1' is not a number (write it like 1250000000.00)"]
    path = tmp_path / "running-order.csv"
    path.write_bytes(data)
    printed = runner.invoke(args=["agreements", "import", "ceremony", str(path)])
    assert printed.exit_code == 1 and "line 3, column amount: '7,10' is ambiguous" in printed.output
    assert db.session.scalar(select(func.count()).select_from(Agreement)) == 0

    grouped = import_agreements(event, running_order([("CJ-01", "1,234,567.89", "CNY"),
                                                      ("CJ-02", "１２３，４５６．７８", "USD")]), "ok.csv")
    assert grouped.written, grouped.problems
    assert [a.amount for a in service.agreements(event)] == [Decimal("1234567.89"), Decimal("123456.78")]


def test_a_fraction_of_a_yen_is_refused_and_whole_yen_are_kept_without_decimals(app: Flask, parties,
                                                                                client) -> None:
    event = make_event(exchange_rates={"JPY": "0.0482"})
    data = running_order([("CJ-01", "1.5", "JPY"), ("CJ-02", "12.345", "USD"), ("CJ-03", "1.234", "KWD"),
                          ("CJ-04", "10,000,000,000,000,000.00", "CNY")])
    assert import_agreements(event, data, "yen.csv").problems == [
        "line 2, column amount: JPY has no minor unit: write a whole number",
        "line 3, column amount: USD has at most 2 decimal places",
        "line 5, column amount: the amount is too large: at most 9,999,999,999,999,999.99 CNY"]
    assert db.session.scalar(select(func.count()).select_from(Agreement)) == 0

    assert import_agreements(event, running_order([("CJ-01", "5,000,000,000.00", "JPY")]), "yen.csv").written
    item = client.get("/api/v1/events/ceremony/agreements", headers=bearer(make_staff("clerk"))).get_json()["items"][0]
    assert (item["amount"], item["currency"], item["amount_cny"]) == ("5000000000", "JPY", "241000000.00")


def test_organiser_typing_7_comma_10_is_asked_what_they_meant(app: Flask, organiser_client) -> None:
    event = make_event(exchange_rates={"USD": "7.10"})
    make_agreement(event, "CJ-01", amount="5000000000", currency="JPY")
    refused = post(organiser_client, "/events/ceremony/agreements/rates?lang=zh", {"rate_USD": "7,10"},
                   follow_redirects=True)
    assert "USD: '7,10' 有歧义" in html.unescape(refused.get_data(as_text=True))
    db.session.refresh(event)
    assert event.exchange_rates == {"USD": "7.10"}

    form = {"ref": "CJ-01", "title": "EV battery plant", "kind": "investment", "amount": "1,5", "currency": "JPY",
            "parties": "四川省商务厅: CN\n日本貿易振興機構: JP"}
    answer = post(organiser_client, "/events/ceremony/agreements/CJ-01/edit?lang=ja", form)
    assert answer.status_code == 400 and "'1,5' はあいまいです" in html.unescape(answer.get_data(as_text=True))
    answer = post(organiser_client, "/events/ceremony/agreements/CJ-01/edit?lang=en", {**form, "amount": "1.5"})
    assert answer.status_code == 400 and "JPY has no minor unit: write a whole number" in answer.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(Agreement)).amount == Decimal("5000000000")

    saved = post(organiser_client, "/events/ceremony/agreements/rates?lang=en",
                 {"rate_USD": "7.2", "rate_JPY": "0.0482"}, follow_redirects=True)
    assert "Exchange rates saved." in saved.get_data(as_text=True)
    db.session.refresh(event)
    assert event.exchange_rates == {"USD": "7.2", "JPY": "0.0482"}


# Upgrading an existing database


OLD_AGREEMENTS = table("agreements", column("id", Integer), column("event_id", Integer), column("ref", String),
                       column("title", String), column("titles", JSON), column("kind", String),
                       column("amount", Numeric(18, 2)), column("currency", String), column("position", Integer),
                       column("status", String), column("created_at", UTCDateTime()),
                       column("updated_at", UTCDateTime()))


def database_before_minor_units(amounts: list[tuple[str | None, str]]) -> None:
    """The schema as it was at revision 0003, with an event, two parties and agreements as the app stored them."""
    upgrade(revision="0003")
    now = utcnow()
    with db.engine.begin() as conn:
        conn.execute(table("events", column("id", Integer), column("slug", String), column("title", String),
                           column("titles", JSON), column("timezone", String), column("starts_at", UTCDateTime()),
                           column("ends_at", UTCDateTime()), column("open_registration", Boolean),
                           column("exchange_rates", JSON), column("schedule_sequence", Integer),
                           column("created_at", UTCDateTime()), column("updated_at", UTCDateTime())).insert(),
                     {"id": 1, "slug": "ceremony", "title": "Ceremony", "titles": {}, "timezone": "Asia/Shanghai",
                      "starts_at": now, "ends_at": now.replace(year=now.year + 1), "open_registration": False,
                      "exchange_rates": {}, "schedule_sequence": 0, "created_at": now, "updated_at": now})
        conn.execute(table("organisations", column("id", Integer), column("name", String), column("kind", String),
                           column("created_at", UTCDateTime())).insert(),
                     [{"id": 1, "name": "四川省商务厅", "kind": "government", "created_at": now},
                      {"id": 2, "name": "日本貿易振興機構", "kind": "trade_body", "created_at": now}])
        for number, (amount, currency) in enumerate(amounts, 1):
            conn.execute(OLD_AGREEMENTS.insert(), {
                "id": number, "event_id": 1, "ref": f"CJ-{number:02d}", "title": "Agreement", "titles": {},
                "kind": "investment", "amount": None if amount is None else Decimal(amount), "currency": currency,
                "position": number, "status": "signed", "created_at": now, "updated_at": now})
            conn.execute(table("agreement_parties", column("agreement_id", Integer), column("organisation_id", Integer),
                               column("position", Integer)).insert(),
                         [{"agreement_id": number, "organisation_id": 1, "position": 0},
                          {"agreement_id": number, "organisation_id": 2, "position": 1}])
            conn.execute(table("signing_entries", column("agreement_id", Integer), column("status", String),
                               column("recorded_at", UTCDateTime())).insert(),
                         {"agreement_id": number, "status": "signed", "recorded_at": now})


def test_upgrading_keeps_every_amount_exactly_and_the_agreements_parties_and_ledger(empty_app: Flask) -> None:
    database_before_minor_units([("1234567.89", "CNY"), ("5000000000.00", "JPY"), (None, "CNY"), ("0.05", "USD")])
    upgrade()
    assert [(a.ref, a.amount, a.currency) for a in db.session.scalars(select(Agreement).order_by(Agreement.id))] == [
        ("CJ-01", Decimal("1234567.89"), "CNY"), ("CJ-02", Decimal("5000000000"), "JPY"), ("CJ-03", None, "CNY"),
        ("CJ-04", Decimal("0.05"), "USD")]
    assert db.session.scalar(select(func.count()).select_from(AgreementParty)) == 8  # nothing cascaded away
    assert db.session.scalar(select(func.count()).select_from(SigningEntry)) == 4
    assert db.session.scalar(select(Event.slug)) == "ceremony"
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # back on for the app's connections


def test_upgrading_stops_at_a_fraction_of_a_yen_naming_it(empty_app: Flask, caplog) -> None:
    database_before_minor_units([("1234567.89", "CNY"), ("1.50", "JPY")])
    with pytest.raises(SystemExit):  # what `eventdesk init` does with a migration's refusal: print it, exit 1
        upgrade()
    assert "correct them, then upgrade again: CJ-02: 1.50 JPY" in caplog.text
    assert db.session.scalar(select(func.count()).select_from(OLD_AGREEMENTS)) == 2
    assert "amount_minor" not in {c["name"] for c in inspect(db.engine).get_columns("agreements")}  # untouched

