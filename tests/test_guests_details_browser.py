"""An organiser in Chromium finds the guests with dietary needs on the list and reads a delegate's note on the
guest's page, as the delegate wrote them."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import expect

from eventdesk.rsvp import service as rsvp
from tests.factories import make_delegate, make_event, make_invitation, make_staff, sign_in_page


def test_organiser_filters_by_dietary_needs_and_reads_the_note(app: Flask, live_server, page) -> None:
    organiser = make_staff("organiser", "lin@protocol.example")
    event = make_event()
    yamada = make_invitation(event, make_delegate("山田 太郎", "Taro YAMADA", email="yamada@pref.example.jp"))
    zhang = make_invitation(event, make_delegate("张 伟", "Wei ZHANG", language="zh", email="zhang@sc.example.cn"))
    make_invitation(event, make_delegate("佐藤 ケンタ", "Kenta SATO", email="sato@corp.example.jp"))
    rsvp.answer(yamada, "in_person", {"dietary": "ベジタリアン", "interpreter": "zh"})
    rsvp.answer(zhang, "in_person", {"note": "我会晚到"})
    sign_in_page(page, live_server, organiser)
    page.goto(f"{live_server.url}/events/ceremony/guests")
    page.get_by_label("Told us").select_option(label="Dietary needs (1)")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator(".guest-name")).to_have_text(["山田太郎"])
    expect(page.locator("td.told")).to_contain_text("ベジタリアン")
    page.goto(f"{live_server.url}/events/ceremony/guests?needs=note")
    page.get_by_role("link", name="张伟").click()
    expect(page.get_by_role("group", name="What the guest told us")).to_be_visible()
    expect(page.get_by_label("Note")).to_have_value("我会晚到")
