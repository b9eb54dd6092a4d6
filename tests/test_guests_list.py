"""Organisers find guests by any form of their name, filter and count the list, add and edit guests, act on a
selection after confirming it; door staff are kept out of all of it."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, select, update

from eventdesk.extensions import db
from eventdesk.models import AuditEntry, Delegate, Invitation, Role, Status
from tests.factories import make_delegate, make_event, make_invitation, make_organisation


@pytest.fixture
def guests(app: Flask) -> dict[str, Invitation]:
    event = make_event()
    okayama = make_organisation("岡山県庁", name_latin="Okayama Prefecture", kind="government", country="JP")
    jetro = make_organisation("日本貿易振興機構", name_latin="JETRO", kind="trade_body", country="JP")
    sichuan = make_organisation("四川省商务厅", kind="government", country="CN")
    people = {
        "yamazaki": make_invitation(event, make_delegate(
            "山﨑 さくら", "Sakura YAMAZAKI", email="yamazaki@pref.example.jp", organisation=okayama, role="vip"),
            "accepted", "in_person"),
        "takahashi": make_invitation(event, make_delegate(
            "髙橋 一郎", "Ichiro TAKAHASHI", email="takahashi@jetro.example.jp", organisation=jetro),
            "accepted", "online"),
        "sato": make_invitation(event, make_delegate("佐藤 ケンタ", "Kenta SATO", email="sato@jetro.example.jp",
                                                     organisation=jetro)),
        "zhang": make_invitation(event, make_delegate("张 伟", "Wei ZHANG", language="zh", email="zhang@sc.example.cn",
                                                      organisation=sichuan, role="signatory"), "declined"),
    }
    return people


def names_on(page: str) -> list[str]:
    return re.findall(r'class="guest-name">([^<]+)<', page)


@pytest.mark.parametrize(("query", "expected"), [
    ("さく", ["山﨑さくら"]),  # partial hiragana
    ("サクラ", ["山﨑さくら"]),  # katakana finds hiragana
    ("けんた", ["佐藤ケンタ"]),  # hiragana finds katakana
    ("山崎", ["山﨑さくら"]),  # the common form finds the variant kanji
    ("高橋", ["髙橋一郎"]),
    ("髙橋 一", ["髙橋一郎"]),  # spaces do not matter
    ("yamaz", ["山﨑さくら"]),  # partial Latin, any case
    ("ＴＡＫＡ", ["髙橋一郎"]),  # full-width Latin
    ("wei zhang", ["张伟"]),  # given name first
    ("jetro.example", ["佐藤ケンタ", "髙橋一郎"]),  # part of the e-mail
    ("商务", ["张伟"]),  # part of the organisation's name
    ("okayama", ["山﨑さくら"]),  # the organisation's Latin name
    ("nobody", []),
])
def test_organiser_finds_a_guest_by_any_form_of_the_name(organiser_client: FlaskClient, guests: dict,
                                                         query: str, expected: list[str]) -> None:
    response = organiser_client.get("/events/ceremony/guests", query_string={"q": query, "sort": "email"})
    assert response.status_code == 200
    assert sorted(names_on(response.text)) == sorted(expected)


def test_filters_narrow_the_list_and_each_filter_counts_its_values(organiser_client: FlaskClient,
                                                                    guests: dict) -> None:
    response = organiser_client.get("/events/ceremony/guests?status=accepted&country=JP")
    assert sorted(names_on(response.text)) == ["山﨑さくら", "髙橋一郎"]
    page = response.text
    # Counts for each value given the other filters: accepted in JP by mode; JP guests by answer.
    assert re.search(r'<option value="in_person"\s*>In person \(1\)', page)
    assert re.search(r'<option value="online"\s*>Online \(1\)', page)
    assert re.search(r'<option value="invited"\s*>No answer yet \(1\)', page)
    assert re.search(r'<option value="declined"\s*>Declined \(0\)', page)
    response = organiser_client.get("/events/ceremony/guests?kind=trade_body&role=delegate&mode=none")
    assert names_on(response.text) == ["佐藤ケンタ"]


def test_the_counts_follow_every_change_whoever_writes_it(app: Flask, organiser_client: FlaskClient,
                                                          guests: dict) -> None:
    # The counts are kept while the data stays the same: a change through the app, and one made on another
    # connection (another app server, a command, a hand-written UPDATE), each shows at the next look.
    def accepted() -> str:
        page = organiser_client.get("/events/ceremony/guests?country=JP").text
        return re.search(r'<option value="accepted"\s*>Accepted \((\d+)\)', page)[1]

    assert accepted() == "2" and accepted() == "2"
    guest_page = organiser_client.get(f"/events/ceremony/guests/{guests['sato'].id}").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', guest_page)[1]
    assert organiser_client.post(f"/events/ceremony/guests/{guests['sato'].id}/answer", data={
        "csrf_token": token, "status": "accepted", "mode": "in_person"}).status_code == 302
    assert accepted() == "3"
    other = create_engine(app.config["SQLALCHEMY_DATABASE_URI"], **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
    with other.begin() as conn:
        conn.execute(update(Invitation).where(Invitation.id == guests["yamazaki"].id).values(status="declined"))
    other.dispose()
    assert accepted() == "2"


def test_the_list_sorts_and_pages(organiser_client: FlaskClient, guests: dict) -> None:
    first = organiser_client.get("/events/ceremony/guests?sort=email&per_page=2")
    assert names_on(first.text) == ["佐藤ケンタ", "髙橋一郎"] and "Page 1 of 2" in first.text
    second = organiser_client.get("/events/ceremony/guests?sort=email&per_page=2&page=2")
    assert names_on(second.text) == ["山﨑さくら", "张伟"]
    for sort in ("name", "organisation", "answered"):  # later pages are read from the end: the same order
        whole = names_on(organiser_client.get(f"/events/ceremony/guests?sort={sort}").text)
        paged = [names_on(organiser_client.get(f"/events/ceremony/guests?sort={sort}&per_page=1&page={n}").text)[0]
                 for n in range(1, 5)]
        assert paged == whole
    assert organiser_client.get("/events/ceremony/guests?page=999&sort=nonsense&status=x").status_code == 200


def test_organiser_adds_and_edits_a_guest_and_the_audit_log_shows_it(organiser_client: FlaskClient,
                                                                     guests: dict) -> None:
    form = organiser_client.get("/events/ceremony/guests/new").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    values = {"csrf_token": token, "email": "Ito@Pref.Example.jp", "family_name": "伊藤", "given_name": "あかり",
              "family_name_latin": "Ito", "given_name_latin": "Akari", "organisation": "岡山県庁",
              "organisation_kind": "", "country": "", "language": "ja", "role": "delegate", "mode": "online"}
    response = organiser_client.post("/events/ceremony/guests/new", data=values)
    assert response.status_code == 302
    db.session.expire_all()
    ito = db.session.scalar(select(Delegate).where(Delegate.email == "ito@pref.example.jp"))
    assert ito.organisation.name == "岡山県庁" and ito.invitations[0].proposed_mode == "online"
    again = organiser_client.post("/events/ceremony/guests/new", data=values)
    assert again.status_code == 400 and "already on this guest list" in again.text
    invitation = ito.invitations[0]
    response = organiser_client.post(f"/events/ceremony/guests/{invitation.id}",
                                     data=values | {"position": "課長", "role": "press"})
    assert response.status_code == 302
    db.session.expire_all()
    assert (ito.position, ito.role) == ("課長", Role.PRESS)
    log = organiser_client.get("/audit?event=ceremony&action=guest.update").text
    assert "guest.update" in log and "課長" in log and "Test organiser" in log
    bad = organiser_client.post(f"/events/ceremony/guests/{invitation.id}", data=values | {"country": "XX"})
    assert bad.status_code == 400 and "Not a valid choice" in bad.text  # the country is chosen from the list


def test_bulk_actions_need_a_confirmation(organiser_client: FlaskClient, guests: dict) -> None:
    page = organiser_client.get("/events/ceremony/guests").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    ids = [str(guests["sato"].id), str(guests["zhang"].id)]
    review = organiser_client.post("/events/ceremony/guests/bulk",
                                   data={"csrf_token": token, "ids": ids, "action": "role", "role": "press"})
    assert review.status_code == 200 and "Please confirm" in review.text and "佐藤ケンタ" in review.text
    db.session.expire_all()
    assert guests["sato"].delegate.role == Role.DELEGATE  # nothing changed before the confirmation
    done = organiser_client.post("/events/ceremony/guests/bulk", data={
        "csrf_token": token, "ids": ids, "action": "role", "role": "press", "confirmed": "1"})
    assert done.status_code == 302
    db.session.expire_all()
    assert guests["sato"].delegate.role == Role.PRESS and guests["zhang"].delegate.role == Role.PRESS
    assert db.session.scalar(select(AuditEntry.changes).where(AuditEntry.entity_id == ids[0])) == {
        "role": ["delegate", "press"]}


def test_withdrawing_asks_first_then_goes_through_the_answer_rules(organiser_client: FlaskClient,
                                                                   guests: dict) -> None:
    invitation = guests["yamazaki"]
    url = f"/events/ceremony/guests/{invitation.id}/withdraw"
    page = organiser_client.get(url)
    assert page.status_code == 200 and "Please confirm" in page.text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
    assert organiser_client.post(url, data={"csrf_token": token}).status_code == 302
    db.session.expire_all()
    assert invitation.status == Status.WITHDRAWN


def test_door_staff_are_refused_the_organiser_pages(door_client: FlaskClient, client: FlaskClient,
                                                    guests: dict) -> None:
    invitation = guests["sato"]
    assert client.get("/events/ceremony/guests").status_code == 302  # to the sign-in page
    assert client.get("/events/unknown/guests").status_code == 302  # says nothing about which events exist
    assert door_client.get("/events/unknown/guests").status_code == 403
    for url in ("/events/ceremony/guests", "/events/ceremony/guests/import", "/events/ceremony/guests/export",
                f"/events/ceremony/guests/{invitation.id}", "/events/ceremony/dashboard",
                "/events/ceremony/invitations", "/audit"):
        assert door_client.get(url).status_code == 403, url
    assert door_client.post("/events/ceremony/guests/bulk", data={"ids": [invitation.id], "action": "withdraw",
                                                                  "confirmed": "1"}).status_code in (400, 403)
    db.session.expire_all()
    assert invitation.status == Status.INVITED


def test_dashboard_draws_the_answers_as_charts(organiser_client: FlaskClient, guests: dict) -> None:
    from datetime import UTC, datetime

    guests["yamazaki"].answered_at = datetime(2026, 5, 1, 3, tzinfo=UTC)
    guests["zhang"].answered_at = datetime(2026, 5, 2, 3, tzinfo=UTC)
    db.session.commit()
    page = organiser_client.get("/events/ceremony/dashboard").text
    assert page.count('<svg class="bar"') == 2 + 2  # two kinds, two countries
    assert "Japan" in page and "China" in page and "2026-05-02" in page
    assert '<polyline class="running"' in page


def test_organiser_overrides_an_answer_and_sees_the_waiting_list(organiser_client: FlaskClient, guests: dict) -> None:
    invitation = guests["sato"]
    invitation.event.capacity = 1  # taken by Yamazaki, in person
    db.session.commit()
    page = organiser_client.get(f"/events/ceremony/guests/{invitation.id}").text
    assert "Set the answer (organiser override)" in page
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    answer = organiser_client.post(f"/events/ceremony/guests/{invitation.id}/answer",
                                   data={"csrf_token": token, "status": "waiting", "mode": ""})
    assert answer.status_code == 302
    db.session.expire_all()
    assert invitation.status == Status.WAITING
    waiting = organiser_client.get("/events/ceremony/guests?status=waiting&sort=waiting").text
    assert names_on(waiting) == ["佐藤ケンタ"] and "Place 1 on the waiting list" in organiser_client.get(
        f"/events/ceremony/guests/{invitation.id}").text
    refused = organiser_client.post(f"/events/ceremony/guests/{invitation.id}/answer",
                                    data={"csrf_token": token, "status": "accepted", "mode": ""})
    assert refused.status_code == 302
    db.session.expire_all()
    assert invitation.status == Status.WAITING  # accepted needs a mode: refused, nothing changed
