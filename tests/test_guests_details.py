"""What delegates tell us with their answer (dietary needs, interpretation, a note) reaches the organisers: on the
guest's page, as a filter of the guest list, in the export (which imports back), and as counts on the dashboard."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from eventdesk.extensions import db
from eventdesk.guests import exporter, service
from eventdesk.models import Invitation
from tests.factories import make_delegate, make_event, make_invitation
from tests.rsvp_steps import answer


@pytest.fixture
def answered(app: Flask, client: FlaskClient) -> dict[str, Invitation]:
    event = make_event()
    people = {
        "yamada": make_invitation(event, make_delegate("山田 太郎", "Taro YAMADA", email="yamada@pref.example.jp")),
        "zhang": make_invitation(event, make_delegate("张 伟", "Wei ZHANG", language="zh",
                                                      email="zhang@sc.example.cn")),
        "smith": make_invitation(event, make_delegate("Smith Anna", "Anna SMITH", language="en",
                                                      email="smith@example.org")),
    }
    answer(client, people["yamada"], "in_person", dietary="ベジタリアン", interpreter="zh")
    answer(client, people["zhang"], "online", note="我会晚到", interpreter="ja")
    answer(client, people["smith"], "in_person", dietary="ベジタリアン", accessibility="step-free access")
    return people


def names_on(page: str) -> list[str]:
    return re.findall(r'class="guest-name">([^<]+)<', page)


def test_the_guest_page_shows_what_the_delegate_told_us(organiser_client: FlaskClient, answered: dict) -> None:
    page = organiser_client.get(f"/events/ceremony/guests/{answered['zhang'].id}?lang=en").text
    assert "What the guest told us" in page
    assert re.search(r'<textarea[^>]*name="note"[^>]*>\s*我会晚到</textarea>', page)
    assert re.search(r'<option selected value="ja">|<option value="ja" selected>', page)
    assert "ベジタリアン" in organiser_client.get(f"/events/ceremony/guests/{answered['yamada'].id}").text


def test_the_guest_list_filters_and_counts_by_what_guests_told_us(organiser_client: FlaskClient,
                                                                 answered: dict) -> None:
    everyone = organiser_client.get("/events/ceremony/guests?lang=en").text
    assert "Dietary needs (2)" in everyone and "Needs interpretation (2)" in everyone and "Has a note (1)" in everyone
    assert names_on(organiser_client.get("/events/ceremony/guests?needs=dietary").text) == ["Smith Anna", "山田太郎"]
    assert names_on(organiser_client.get("/events/ceremony/guests?needs=note").text) == ["张伟"]
    # The counts of one filter follow the others: of those who need interpretation, one is in the hall.
    in_hall = organiser_client.get("/events/ceremony/guests?mode=in_person&needs=interpreter&lang=en").text
    assert names_on(in_hall) == ["山田太郎"] and "Dietary needs (2)" in in_hall
    assert "ベジタリアン" in everyone and "我会晚到" in everyone  # the list's column shows them too


def test_the_dashboard_counts_dietary_needs_and_interpreters(organiser_client: FlaskClient, answered: dict) -> None:
    page = organiser_client.get("/events/ceremony/dashboard?lang=en").text
    assert "2 guests with dietary needs" in page and "1 guest with accessibility needs" in page
    assert re.search(r"<span>ベジタリアン</span> <b>2</b>", page)
    japanese = re.search(r'<th scope="row">Japanese</th>(.*?)</tr>', page, re.S).group(1)
    assert re.findall(r">(\d+)</a>", japanese) == ["0", "1"]  # in person, online
    assert 'href="/events/ceremony/guests?needs=dietary&amp;status=accepted&amp;mode=in_person"' in page
    chinese = organiser_client.get("/events/ceremony/dashboard?lang=zh").text
    assert "餐饮" in chinese


def test_an_export_with_details_imports_back_unchanged(app: Flask, answered: dict) -> None:
    invitation = answered["zhang"]
    invitation.details = {**invitation.details, "note": "=我会晚到\n请留座", "dietary": "-halal"}
    db.session.commit()
    exported = exporter.to_csv(invitation.event)
    header = exported.decode("utf-8-sig").splitlines()[0].split(",")
    assert header[16:20] == ["dietary", "accessibility", "interpreter", "note"]
    for data, name in ((exported, "guests.csv"), (exporter.to_xlsx(invitation.event), "guests.xlsx")):
        report = service.import_guests(invitation.event, data, name)
        assert report.problems == [] and report.unchanged == 3, report.rows
    db.session.expire_all()
    assert db.session.get(Invitation, invitation.id).details == {
        "note": "=我会晚到\n请留座", "dietary": "-halal", "interpreter": "ja"}


def test_an_import_sets_and_clears_details_and_names_a_wrong_interpretation_language(app: Flask,
                                                                                   answered: dict) -> None:
    event = answered["yamada"].event
    data = ("email,family_name,organisation,dietary,interpreter,note\r\n"
            "yamada@pref.example.jp,山田,岡山県庁,,en,電話で：遅れて到着\r\n"
            "new@example.jp,新井,岡山県庁,halal,,\r\n").encode()
    report = service.import_guests(event, data, "guests.csv")
    assert report.problems == [] and report.created == 1 and report.updated == 1
    assert report.rows[0].changes["dietary"] == ["ベジタリアン", None]
    db.session.expire_all()
    yamada = db.session.get(Invitation, answered["yamada"].id)
    assert yamada.details == {"interpreter": "en", "note": "電話で：遅れて到着"}
    wrong = service.import_guests(event, data.replace(b",en,", b",fr,"), "guests.csv")
    assert wrong.problems == ["line 2, column interpreter: unknown interpretation language 'fr' (one of: zh, ja, en)"]
