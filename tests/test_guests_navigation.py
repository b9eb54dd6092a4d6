"""Organisers move around an event by one menu and from every number to the names behind it: the dashboard's counts
lead to the filtered guest list, every area of the event is in its menu, and the badges of one organisation come
in a file named after it, chosen from a list that says how many of its guests attend in person."""

from __future__ import annotations

import re
from urllib.parse import unquote

from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import expect

from eventdesk.models import Staff
from tests.factories import make_delegate, make_event, make_invitation, make_organisation, make_staff, sign_in_page


def seed() -> None:
    event = make_event()
    okayama = make_organisation("岡山県庁", name_latin="Okayama Prefecture", kind="government", country="JP")
    jetro = make_organisation("日本貿易振興機構", name_latin="JETRO", kind="trade_body", country="JP")
    make_invitation(event, make_delegate("山田 太郎", "Taro YAMADA", email="yamada@example.jp", organisation=okayama),
                    "accepted", "in_person")
    make_invitation(event, make_delegate("佐藤 花子", "Hanako SATO", email="sato@example.jp", organisation=okayama),
                    "accepted", "in_person")
    make_invitation(event, make_delegate("髙橋 一郎", "Ichiro TAKAHASHI", email="t@example.jp", organisation=jetro),
                    "accepted", "online")
    make_invitation(event, make_delegate("鈴木 一", "Hajime SUZUKI", email="s@example.jp", organisation=jetro))


def names_on(page: str) -> list[str]:
    return sorted(re.findall(r'class="guest-name">([^<]+)<', page))


def test_every_dashboard_number_leads_to_the_guests_it_counts(app: Flask, organiser_client: FlaskClient) -> None:
    seed()
    page = organiser_client.get("/events/ceremony/dashboard?lang=en").text
    in_person = re.search(r'<a class="stat-link" href="([^"]+)">\s*<span class="stat-value">2<small> / 400</small>',
                          page).group(1).replace("&amp;", "&")
    assert names_on(organiser_client.get(in_person).text) == ["佐藤花子", "山田太郎"]
    no_answer = re.search(r'href="([^"]+)">\s*<span class="stat-value">1</span>\s*<span class="stat-label">No answer',
                          page).group(1)
    assert names_on(organiser_client.get(no_answer).text) == ["鈴木一"]
    trade = re.search(r'<th scope="row"><a href="([^"]+)">Trade body</a>', page).group(1)
    assert names_on(organiser_client.get(trade).text) == ["鈴木一", "髙橋一郎"]
    online_trade = re.search(r'<a href="(/events/ceremony/guests\?[^"]*kind=trade_body[^"]*)">1</a>', page).group(1)
    assert names_on(organiser_client.get(online_trade.replace("&amp;", "&")).text) in (["髙橋一郎"], ["鈴木一"])


def test_the_event_menu_reaches_every_area(app: Flask, organiser_client: FlaskClient) -> None:
    seed()
    page = organiser_client.get("/events/ceremony/guests?lang=en").text
    menu = re.search(r'<nav class="tabs"[^>]*>(.*?)</nav>', page, re.S).group(1)
    targets = re.findall(r'href="([^"]+)"', menu)
    for area in ("/events/ceremony/guests", "/events/ceremony/invitations", "/registrations", "/events/ceremony/badges",
                 "/events/ceremony/door", "/events/ceremony/door/dashboard", "/agreements", "/board",
                 "/events/ceremony/dashboard", "/audit?event=ceremony"):
        assert any(area in target for target in targets), (area, targets)
    for target in targets:  # every entry opens
        assert organiser_client.get(target.replace("&amp;", "&")).status_code in (200, 302), target


def test_the_badges_of_one_organisation_come_named_after_it(app: Flask, organiser_client: FlaskClient) -> None:
    seed()
    page = organiser_client.get("/events/ceremony/badges?lang=en").text
    assert "岡山県庁 · Okayama Prefecture (2 in person)" in page and "日本貿易振興機構 · JETRO (0 in person)" in page
    okayama = re.search(r'<option value="(\d+)">岡山県庁', page).group(1)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    pdf = organiser_client.post("/events/ceremony/badges", data={"csrf_token": token, "only": "all",
                                                               "organisation": okayama})
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    disposition = pdf.headers["Content-Disposition"]
    assert "filename*=UTF-8''" in disposition
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "badges-ceremony-岡山県庁.pdf"


def test_organiser_goes_from_the_dashboard_to_the_guests_and_across_the_event(app: Flask, live_server,
                                                                              page) -> None:
    seed()
    organiser: Staff = make_staff("organiser", "lin@protocol.example")
    sign_in_page(page, live_server, organiser)
    page.goto(f"{live_server.url}/events/ceremony/dashboard")
    page.get_by_role("link", name="In person").first.click()
    expect(page.locator(".guest-name")).to_have_count(2)
    menu = page.get_by_role("navigation", name="This event")
    menu.get_by_role("link", name="Badges").click()
    expect(page.get_by_label("Organisation")).to_contain_text("岡山県庁 · Okayama Prefecture (2 in person)")
    page.get_by_role("navigation", name="This event").get_by_role("link", name="Arrivals").click()
    expect(page.get_by_role("heading", name="Arrivals", exact=True)).to_be_visible()
