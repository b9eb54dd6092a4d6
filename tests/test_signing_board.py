"""The hall's live board and the totals behind it: public, nothing private, in CNY at the event's rates."""

from __future__ import annotations

from decimal import Decimal

from flask import Flask

from eventdesk.models import OrganisationKind
from eventdesk.signing import money, service
from tests.factories import make_event, make_organisation
from tests.signing_factories import admit, make_agreement, signing_pair


def test_totals_convert_each_currency_at_the_events_rate_and_flag_missing_rates(app: Flask) -> None:
    event = make_event(exchange_rates={"JPY": "0.0482", "USD": "7.10"})
    bank = make_organisation("蓉城银行", name_latin="Rongcheng Bank", kind=OrganisationKind.CORPORATE, country="CN")
    make_agreement(event, "A", amount="1250000000.00")
    make_agreement(event, "B", amount="5000000000", currency="JPY")  # 241,000,000.00 CNY
    make_agreement(event, "C", amount="3333333.33", currency="USD")  # 23,666,666.643 -> .64
    make_agreement(event, "D", amount="1000000", currency="EUR")  # no rate
    make_agreement(event, "E", amount=None, kind="memorandum",
                   parties=[(bank, "CN"), (make_organisation("日本貿易振興機構"), "JP")])
    totals = money.totals(event, service.agreements(event))
    assert totals.count == 5
    assert totals.by_currency == {"CNY": Decimal("1250000000.00"), "EUR": Decimal("1000000.00"),
                                  "JPY": Decimal("5000000000.00"), "USD": Decimal("3333333.33")}
    assert totals.cny_by_currency == {"CNY": Decimal("1250000000.00"), "JPY": Decimal("241000000.00"),
                                      "USD": Decimal("23666666.64")}
    assert totals.cny == Decimal("1514666666.64")
    assert totals.unconverted == {"EUR": Decimal("1000000.00")}
    assert {k.value: (line.count, line.cny) for k, line in totals.by_organisation_kind.items()} == {
        "government": (4, Decimal("1514666666.64")), "trade_body": (5, Decimal("1514666666.64")),
        "corporate": (1, Decimal("0.00"))}
    assert {k.value: line.count for k, line in totals.by_agreement_kind.items()} == {"investment": 4, "memorandum": 1}
    event.exchange_rates = {"JPY": "not a number", "USD": "-1"}
    totals = money.totals(event, service.agreements(event))
    assert totals.cny == Decimal("1250000000.00") and set(totals.unconverted) == {"EUR", "JPY", "USD"}


def test_the_board_is_public_and_shows_nothing_private(app: Flask, client) -> None:
    event = make_event()
    agreement, wang, sato = signing_pair(event, titles={"zh": "新能源电池工厂项目", "ja": "EV電池工場"})
    admit(wang), admit(sato)
    service.sign(agreement, "in_person")
    for language, words in (("zh", ["已签约", "12.5亿元", "新能源电池工厂项目", "四川省商务厅"]),
                            ("ja", ["署名済み", "12.5億元", "EV電池工場", "日本貿易振興機構"]),
                            ("en", ["Agreements signed", "1.25", "billion",
                                    "Japan External Trade Organization"])):
        page = client.get(f"/events/ceremony/board?lang={language}")
        html = page.get_data(as_text=True)
        assert page.status_code == 200, language
        for word in words:
            assert word in html, (language, word)
        assert "script-src 'self'" in page.headers["Content-Security-Policy"] and "<script>" not in html
        for private in (wang.delegate.email, sato.delegate.email, wang.token, "王伟", "佐藤"):
            assert private not in html, private
    state = client.get("/events/ceremony/board.json?lang=en").get_data(as_text=True)
    for private in (wang.delegate.email, sato.delegate.email, wang.token, sato.token, "Wei", "SATO"):
        assert private not in state


def test_the_board_json_changes_after_a_signing_and_answers_304_when_unchanged(app: Flask, client) -> None:
    event = make_event(exchange_rates={"JPY": "0.0482"})
    first, wang, sato = signing_pair(event, "CJ-01")
    second, li, tanaka = signing_pair(event, "CJ-02", amount="5000000000", currency="JPY",
                                      title="Robotics joint venture")
    for invitation in (wang, sato, li, tanaka):
        admit(invitation)
    before = client.get("/events/ceremony/board.json?lang=en")
    assert before.status_code == 200 and before.headers["ETag"]
    state = before.get_json()
    assert (state["signed"], state["planned"], state["latest"], state["items"]) == (0, 2, None, [])
    unchanged = client.get("/events/ceremony/board.json?lang=en", headers={"If-None-Match": before.headers["ETag"]})
    assert unchanged.status_code == 304 and unchanged.data == b""

    service.sign(second, "remote")
    after = client.get("/events/ceremony/board.json?lang=en", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]
    state = after.get_json()
    assert state["signed"] == 1 and state["planned"] == 2
    assert state["total"] == {"prefix": "RMB", "value": "241", "unit": "million", "exact": "241,000,000.00 CNY"}
    assert state["latest"]["title"] == "Robotics joint venture" and state["latest"]["mode"] == "By video link"
    assert [p["side"] for p in state["latest"]["parties"]] == ["CN", "JP"]

    service.sign(first, "in_person")
    state = client.get("/events/ceremony/board.json?lang=zh").get_json()
    assert state["total"]["value"] + state["total"]["unit"] == "14.91亿元"
    assert [item["ref"] for item in state["items"]] == ["CJ-01", "CJ-02"]  # the latest first
