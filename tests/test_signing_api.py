"""A clerk's script or app reads the running order and records signings through /api/v1 with a bearer token."""

from __future__ import annotations

from flask import Flask

from eventdesk.models import AgreementStatus
from tests.factories import bearer, make_event, make_staff
from tests.signing_factories import admit, signing_pair

URL = "/api/v1/events/ceremony/agreements"


def test_clerk_lists_the_running_order_and_records_signings(app: Flask, client) -> None:
    event = make_event(exchange_rates={"JPY": "0.0482"})
    first, wang, sato = signing_pair(event, "CJ-01")
    second, li, tanaka = signing_pair(event, "CJ-02", remote=True, amount="5000000000", currency="JPY")
    admit(wang)
    headers = bearer(make_staff("clerk"))

    listed = client.get(URL, headers=headers)
    assert listed.status_code == 200
    one, two = listed.get_json()["items"]
    assert (one["ref"], one["amount"], one["currency"], one["amount_cny"], one["status"], one["signed_at"],
            one["mode"]) == ("CJ-01", "1250000000.00", "CNY", "1250000000.00", "planned", None, None)
    assert [p["side"] for p in one["parties"]] == ["CN", "JP"] and one["parties"][1]["name"] == "日本貿易振興機構"
    assert [(s["name"], s["present"]) for s in one["signatories"]] == [("王伟", True), ("佐藤花子", False)]
    assert two["amount_cny"] == "241000000.00" and two["signatories"][1]["remote"] is True

    refused = client.post(f"{URL}/CJ-01/sign", json={"mode": "in_person"}, headers=headers)
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "signatory_not_present"
    assert "佐藤花子" in refused.get_json()["error"]["message"]

    admit(sato)
    signed = client.post(f"{URL}/CJ-01/sign", json={"mode": "in_person", "signed_at": "2026-05-20T10:05:00"},
                         headers=headers)
    assert signed.status_code == 200, signed.get_json()
    assert (signed.get_json()["status"], signed.get_json()["signed_at"], signed.get_json()["mode"]) == (
        "signed", "2026-05-20T10:05:00+08:00", "in_person")
    again = client.post(f"{URL}/CJ-01/sign", json={"mode": "remote"}, headers=headers)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_signed"

    admit(li)
    remote = client.post(f"{URL}/CJ-02/sign", json={"mode": "remote"}, headers=headers)
    assert remote.status_code == 200 and remote.get_json()["mode"] == "remote"
    first_state = client.get(URL, headers=headers).get_json()["items"]
    assert [item["status"] for item in first_state] == [AgreementStatus.SIGNED.value] * 2


def test_bad_requests_and_roles(app: Flask, client) -> None:
    event = make_event()
    signing_pair(event)
    clerk = bearer(make_staff("clerk"))
    for body in ({}, {"mode": "by fax"}, {"mode": "remote", "signed_at": "yesterday"}):
        answer = client.post(f"{URL}/CJ-01/sign", json=body, headers=clerk)
        assert answer.status_code == 422 and answer.get_json()["error"]["code"] == "invalid_input", body
    future = client.post(f"{URL}/CJ-01/sign", json={"mode": "remote", "signed_at": "2099-01-01T10:00:00"},
                         headers=clerk)
    assert future.status_code == 400 and future.get_json()["error"]["code"] == "invalid_time"
    assert client.post(f"{URL}/NOPE/sign", json={"mode": "remote"}, headers=clerk).status_code == 404
    assert client.post(f"{URL}/%00/sign", json={"mode": "remote"}, headers=clerk).status_code == 404
    assert client.get("/api/v1/events/nosuch/agreements", headers=clerk).status_code == 404
    assert client.get(URL).status_code == 401
    door = bearer(make_staff("door"))
    assert client.get(URL, headers=door).status_code == 403
    assert client.post(f"{URL}/CJ-01/sign", json={"mode": "remote"}, headers=door).status_code == 403
    assert client.get(URL, headers=bearer(make_staff("organiser"))).status_code == 200
    document = client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/events/{slug}/agreements/{ref}/sign" in document["paths"]
