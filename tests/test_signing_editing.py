"""Organisers add and change agreements in the web UI and set the exchange rates the totals use."""

from __future__ import annotations

from decimal import Decimal

from flask import Flask
from sqlalchemy import select

from eventdesk.extensions import db
from eventdesk.models import Agreement, AuditEntry
from tests.factories import make_event
from tests.signing_factories import guest, jetro, make_agreement, post, sichuan

FORM = {"ref": "CJ-07", "title": "Sake export memorandum", "title_zh": "清酒出口备忘录", "title_ja": "日本酒輸出覚書",
        "kind": "memorandum", "amount": "", "currency": "cny", "position": "",
        "parties": "四川省商务厅: CN\n日本貿易振興機構：JP", "signatories": "wang@sichuan.example.cn",
        "remote_signatories": "SATO@jetro.example.jp"}


def test_organiser_creates_and_changes_an_agreement(app: Flask, organiser_client) -> None:
    event = make_event()
    guest(event, "王 伟", "Wei WANG", sichuan(), email="wang@sichuan.example.cn")
    guest(event, "佐藤 花子", "Hanako SATO", jetro(), email="sato@jetro.example.jp", mode="online", language="ja")
    assert organiser_client.get("/events/ceremony/agreements").status_code == 200
    assert organiser_client.get("/events/ceremony/agreements/new").status_code == 200

    created = post(organiser_client, "/events/ceremony/agreements/new", FORM, follow_redirects=True)
    assert "Agreement CJ-07 created." in created.get_data(as_text=True)
    agreement = db.session.scalar(select(Agreement))
    assert agreement.currency == "CNY" and agreement.amount is None and agreement.position == 1
    assert sorted((s.delegate.email, s.remote) for p in agreement.parties for s in p.signatories) == [
        ("sato@jetro.example.jp", True), ("wang@sichuan.example.cn", False)]

    page = organiser_client.get("/events/ceremony/agreements/CJ-07/edit").get_data(as_text=True)
    assert "清酒出口备忘录" in page and "sato@jetro.example.jp" in page and "agreement.create" in page
    changed = post(organiser_client, "/events/ceremony/agreements/CJ-07/edit",
                   {**FORM, "amount": "2,000,000.50", "signatories": "", "remote_signatories": ""},
                   follow_redirects=True)
    assert "Agreement CJ-07 saved." in changed.get_data(as_text=True)
    db.session.expire_all()
    assert agreement.amount == Decimal("2000000.50")
    assert [s for p in agreement.parties for s in p.signatories] == []
    update = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "agreement.update"))
    assert update.changes["amount"] == [None, "2000000.50"]


def test_a_bad_form_shows_each_problem_by_its_field_and_saves_nothing(app: Flask, organiser_client) -> None:
    event = make_event()
    answer = post(organiser_client, "/events/ceremony/agreements/new",
                  {**FORM, "ref": "CJ 07/x", "amount": "-5", "parties": "四川省商务厅", "signatories": "x@y.z",
                   "title": "x" * 301})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400
    for message in ("use 1-40 letters", "at most 300 characters", "the amount must be a positive number",
                    "an agreement needs at least two parties", "x@y.z is not on this event"):
        assert message in html, message
    assert db.session.scalar(select(Agreement)) is None
    make_agreement(event, "CJ-07")
    taken = post(organiser_client, "/events/ceremony/agreements/new", {**FORM, "signatories": "",
                                                                       "remote_signatories": ""})
    assert taken.status_code == 400 and "Another agreement of this event has this reference number" in \
        taken.get_data(as_text=True)
    assert organiser_client.get("/events/ceremony/agreements/NOPE/edit").status_code == 404


def test_exchange_rates_are_set_on_the_agreements_page(app: Flask, organiser_client) -> None:
    event = make_event()
    make_agreement(event, "A", amount="5000000000", currency="JPY")
    page = organiser_client.get("/events/ceremony/agreements").get_data(as_text=True)
    assert "no rate" in page and 'name="rate_JPY"' in page
    answer = post(organiser_client, "/events/ceremony/agreements/rates",
                  {"rate_JPY": "0.0482", "rate_USD": "7.10", "rate_EUR": ""}, follow_redirects=True)
    assert "Exchange rates saved." in answer.get_data(as_text=True) and "241,000,000.00" in answer.get_data(
        as_text=True)
    db.session.expire_all()
    assert event.exchange_rates == {"JPY": "0.0482", "USD": "7.10"}
    refused = post(organiser_client, "/events/ceremony/agreements/rates", {"rate_JPY": "lots"}, follow_redirects=True)
    assert "JPY: &#39;lots&#39; is not a number (write it like 0.0482)" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert event.exchange_rates["JPY"] == "0.0482"


def test_hostile_input_gets_a_clear_answer_never_a_server_error(app: Flask, organiser_client, client) -> None:
    make_agreement(make_event())
    for url in ("/events/%00/board", "/events/%00/board.json", "/events/%ED%A0%80/signing",
                "/events/ceremony/agreements/%00/edit", "/events/ceremony/agreements/a%00b/documents/1"):
        answer = organiser_client.get(url)
        assert answer.status_code == 404, url
    answer = post(organiser_client, "/events/ceremony/signing/%00/sign", {"mode": "remote"})
    assert answer.status_code == 404
    answer = post(organiser_client, "/events/ceremony/agreements/new", {**FORM, "title": "bad\x00title",
                                                                        "parties": "四\x00川:CN"})
    assert answer.status_code == 400 and "NUL character" in answer.get_data(as_text=True)
    answer = post(organiser_client, "/events/ceremony/signing/CJ-01/status",
                  {"action": "postpone", "note": "bus\x00late\x07"}, follow_redirects=True)
    assert answer.status_code == 200
    answer = post(organiser_client, "/events/ceremony/signing/CJ-01/sign",
                  {"mode": "in_person", "signed_at": "not a time"}, follow_redirects=True)
    assert "is not an ISO 8601 date and time" in answer.get_data(as_text=True)
    assert client.get("/events/ceremony/board.json?lang=xx").status_code == 200
