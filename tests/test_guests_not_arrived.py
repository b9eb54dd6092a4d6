"""Who has not arrived: the guest list filters admitted / not yet arrived, the door dashboard's counts lead to the
names behind them, and a door list prints by organisation on A4 without menus or buttons."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import expect

from eventdesk.door import service as door
from eventdesk.models import Staff
from tests.factories import make_delegate, make_event, make_invitation, make_organisation, make_staff, sign_in_page


@pytest.fixture
def hall(app: Flask) -> dict:
    event = make_event()
    okayama = make_organisation("岡山県庁", name_latin="Okayama Prefecture", kind="government", country="JP")
    sichuan = make_organisation("四川省商务厅", kind="government", country="CN")
    people = {
        "yamada": make_invitation(event, make_delegate("山田 太郎", "Taro YAMADA", email="yamada@example.jp",
                                                       organisation=okayama), "accepted", "in_person"),
        "sato": make_invitation(event, make_delegate("佐藤 花子", "Hanako SATO", email="sato@example.jp",
                                                     organisation=okayama), "accepted", "in_person"),
        "zhang": make_invitation(event, make_delegate("张 伟", "Wei ZHANG", language="zh", email="zhang@example.cn",
                                                      organisation=sichuan), "accepted", "in_person"),
        "online": make_invitation(event, make_delegate("李 娜", "Na LI", language="zh", email="li@example.cn",
                                                       organisation=sichuan), "accepted", "online"),
    }
    staff = make_staff("door", "door-li@eventdesk.test")
    door.admit_manually(event, people["yamada"], door="North door", staff=staff)
    return people


def names_on(page: str) -> list[str]:
    return re.findall(r'class="guest-name">([^<]+)<', page)


def test_the_guest_list_filters_admitted_and_not_yet_arrived(organiser_client: FlaskClient, hall: dict) -> None:
    assert names_on(organiser_client.get("/events/ceremony/guests?arrival=admitted").text) == ["山田太郎"]
    expected = organiser_client.get("/events/ceremony/guests?arrival=expected&sort=organisation&lang=en").text
    assert sorted(names_on(expected)) == ["佐藤花子", "张伟"]  # the online guest is not expected in the hall
    assert '<option value="expected" selected>Not yet arrived</option>' in expected


def test_the_door_dashboards_counts_lead_to_the_names(organiser_client: FlaskClient, hall: dict) -> None:
    live = organiser_client.get("/events/ceremony/door/dashboard?part=live&lang=en").text
    link = re.search(r'<a class="stat-link" href="([^"]+)">\s*<span class="stat-value">2</span>\s*'
                     r'<span class="stat-label">Still expected</span>', live)
    assert link, live
    assert sorted(names_on(organiser_client.get(link.group(1).replace("&amp;", "&")).text)) == ["佐藤花子", "张伟"]


def test_the_door_list_prints_by_organisation_without_controls(organiser_client: FlaskClient, hall: dict) -> None:
    page = organiser_client.get("/events/ceremony/guests/door-list?lang=zh").text
    assert "预计 3 位嘉宾现场出席" in page
    assert sorted(h.split(" <")[0] for h in re.findall(r"<h2>(.*?)</h2>", page)) == ["四川省商务厅", "岡山県庁"]
    assert "<form" not in page and "<button" not in page and "<nav" not in page
    assert re.search(r"<td class=\"tick\">✓</td>\s*<td><b>山田太郎</b>", page)
    only = organiser_client.get("/events/ceremony/guests/door-list?arrival=expected").text
    assert "山田太郎" not in only and "佐藤花子" in only and "张伟" in only
    css = organiser_client.get("/static/css/door_list.css").text
    assert "@page { size: A4" in css and ".screen-only { display: none; }" in css


def test_door_staff_cannot_open_the_door_list(app: Flask, door_client: FlaskClient, hall: dict) -> None:
    assert door_client.get("/events/ceremony/guests/door-list").status_code == 403


def test_organiser_follows_still_expected_to_the_names_and_prints_them(app: Flask, live_server, page,
                                                                        hall: dict) -> None:
    organiser: Staff = make_staff("organiser", "lin@protocol.example")
    sign_in_page(page, live_server, organiser)
    page.goto(f"{live_server.url}/events/ceremony/door/dashboard")
    page.get_by_role("link", name="Still expected").click()
    expect(page.locator(".guest-name")).to_have_count(2)
    assert sorted(page.locator(".guest-name").all_inner_texts()) == ["佐藤花子", "张伟"]
    page.get_by_role("link", name="Door list to print").click()
    page.emulate_media(media="print")
    expect(page.get_by_role("link", name="Back to the guest list")).to_be_hidden()
    expect(page.get_by_role("heading", name="岡山県庁")).to_be_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
