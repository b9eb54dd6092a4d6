"""Guests are found the way people type: "あべ" or "アベ" finds 阿部 through the reading of the name, "張" finds 张
(traditional, simplified and Japanese forms are one), "zhang" finds the pinyin Zhāng; on the organisers' guest
list, at the door's lookup and in the API. Readings come in with the form and the import, and go out with the
export."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import select, text

from eventdesk.extensions import db
from eventdesk.guests import exporter, service
from eventdesk.models import Delegate, Invitation
from tests.factories import bearer, make_delegate, make_event, make_invitation, make_staff

ABE = [("阿部 一郎", "Ichiro ABE", "あべ", "いちろう"), ("阿部 花子", "Hanako ABE", "アベ", "ハナコ"),
       ("阿部 翔太", "Shota ABE", "あべ", "しょうた"), ("阿部 美咲", "Misaki ABE", "ｱﾍﾞ", "ﾐｻｷ"),
       ("阿部 大輔", "Daisuke ABE", "あべ", "だいすけ"), ("阿部 さくら", "Sakura ABE", "アベ", "サクラ")]
ZHANG = [("张 伟", "Wei ZHANG"), ("张 晓燕", "Xiaoyan ZHANG"), ("张 国强", "Guoqiang ZHANG"), ("张 芳", "Fang ZHANG"),
         ("张 敏", "Min ZHANG")]


@pytest.fixture
def guests(app: Flask) -> None:
    event = make_event()
    for n, (name, latin, family_reading, given_reading) in enumerate(ABE):
        make_invitation(event, make_delegate(name, latin, email=f"abe{n}@example.jp",
                                             family_name_reading=family_reading, given_name_reading=given_reading),
                        "accepted", "in_person")
    for n, (name, latin) in enumerate(ZHANG):
        make_invitation(event, make_delegate(name, latin, language="zh", email=f"zhang{n}@example.cn",
                                             family_name_reading="Zhāng"), "accepted", "in_person")
    # Not to be found by either search: another family read あべ is found only through its reading.
    make_invitation(event, make_delegate("安部 健", "Ken ANBE", email="anbe@example.jp", family_name_reading="あんべ"))
    make_invitation(event, make_delegate("章 子怡", "Ziyi ZHANG", language="zh", email="zhang.ziyi@example.cn"))
    make_invitation(event, make_delegate("長 明", "Ming CHANG", language="zh", email="chang@example.cn"))


def names_on(page: str) -> list[str]:
    return re.findall(r'class="guest-name">([^<]+)<', page)


@pytest.mark.parametrize("typed", ["あべ", "アベ", "ｱﾍﾞ", "abe"])
def test_the_guest_list_finds_all_six_abe_by_their_reading(organiser_client: FlaskClient, guests: None,
                                                           typed: str) -> None:
    found = names_on(organiser_client.get(f"/events/ceremony/guests?q={typed}").text)
    assert sorted(found) == sorted(name.replace(" ", "") for name, *_ in ABE)


@pytest.mark.parametrize("typed", ["張", "张", "张伟", "zhang wei"])
def test_the_guest_list_finds_zhang_in_either_script(organiser_client: FlaskClient, guests: None,
                                                     typed: str) -> None:
    found = names_on(organiser_client.get(f"/events/ceremony/guests?q={typed}").text)
    if "伟" in typed or "wei" in typed:
        assert found == ["张伟"]
    else:
        assert sorted(found) == sorted(name.replace(" ", "") for name, _ in ZHANG)


def test_a_pinyin_reading_is_found_without_its_tone_marks(organiser_client: FlaskClient, guests: None) -> None:
    found = names_on(organiser_client.get("/events/ceremony/guests?q=zhāng").text)
    assert len(found) == 6  # the five 张 (reading Zhāng) and 章 子怡 (ZHANG in Latin letters)


def test_the_door_lookup_finds_them_the_same_way(app: Flask, door_client: FlaskClient, guests: None) -> None:
    def door_finds(q: str) -> list[str]:
        return sorted(g["name"] for g in door_client.get(f"/events/ceremony/door/guests?q={q}").get_json()["items"])

    assert door_finds("あべ") == door_finds("アベ") == sorted(name.replace(" ", "") for name, *_ in ABE)
    assert door_finds("張") == sorted(name.replace(" ", "") for name, _ in ZHANG)


def test_the_api_searches_readings_and_returns_them(app: Flask, client: FlaskClient, guests: None) -> None:
    headers = bearer(make_staff("door", "door-api@eventdesk.test"))
    answer = client.get("/api/v1/events/ceremony/invitations?q=あべ", headers=headers).get_json()
    assert answer["total"] == 6
    assert {i["delegate"]["family_name_reading"] for i in answer["items"]} == {"あべ", "アベ", "ｱﾍﾞ"}
    assert client.get("/api/v1/events/ceremony/invitations?q=張", headers=headers).get_json()["total"] == 5


def test_the_guest_form_takes_a_reading_and_search_finds_it(organiser_client: FlaskClient, guests: None) -> None:
    form = organiser_client.get("/events/ceremony/guests/new").text
    assert "Reading of the family name" in form and "Yomigana or pinyin" in form
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    added = organiser_client.post("/events/ceremony/guests/new", data={
        "csrf_token": token, "email": "kato@example.jp", "family_name": "加藤", "given_name": "翼",
        "family_name_reading": "かとう", "given_name_reading": "つばさ", "organisation": "岡山県庁",
        "organisation_kind": "government", "country": "JP", "language": "ja", "role": "delegate", "mode": ""})
    assert added.status_code == 302
    assert names_on(organiser_client.get("/events/ceremony/guests?q=つばさ").text) == ["加藤翼"]


def test_readings_are_exported_and_imported_back(app: Flask, guests: None) -> None:
    event = db.session.scalars(select(Invitation)).first().event
    exported = exporter.to_csv(event).decode("utf-8-sig")
    header = exported.splitlines()[0].split(",")
    assert header[5:7] == ["family_name_reading", "given_name_reading"]
    assert "abe1@example.jp,阿部,花子,Abe,Hanako,アベ,ハナコ," in exported
    report = service.import_guests(event, exported.replace("アベ,ハナコ", "あべ,はなこ").encode(), "guests.csv")
    assert report.problems == [] and report.updated == 1 and report.unchanged == len(ABE) + len(ZHANG) + 2
    db.session.expire_all()
    hanako = db.session.scalar(select(Delegate).where(Delegate.email == "abe1@example.jp"))
    assert (hanako.family_name_reading, hanako.given_name_reading) == ("あべ", "はなこ")
    assert "|アベハナコ|" in hanako.search_key


def test_the_migration_gives_stored_delegates_keys_that_join_the_forms(empty_app: Flask) -> None:
    upgrade(revision="0006")
    db.session.execute(text("INSERT INTO organisations (name, kind, created_at) "
                            "VALUES ('台北市政府', 'government', '2026-01-01 00:00:00')"))
    db.session.execute(text(
        "INSERT INTO delegates (email, family_name, given_name, organisation_id, language, role, created_at, "
        "updated_at, search_key) VALUES ('chang@example.tw', '張', '偉', 1, 'zh', 'delegate', "
        "'2026-01-01 00:00:00', '2026-01-01 00:00:00', '|張偉|偉張|chang@example.tw|')"))
    db.session.commit()
    upgrade(revision="0007")
    assert db.session.scalar(text("SELECT search_key FROM delegates")) == "|张伟|伟张|chang@example.tw|"
