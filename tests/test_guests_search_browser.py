"""An organiser in Chromium types a name as it sounds (あべ) or in another script (張) and sees the guests."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import expect

from tests.factories import make_delegate, make_event, make_invitation, make_staff, sign_in_page


def test_organiser_finds_abe_by_its_reading_and_zhang_by_its_traditional_form(app: Flask, live_server,
                                                                               page) -> None:
    organiser = make_staff("organiser", "lin@protocol.example")
    event = make_event()
    make_invitation(event, make_delegate("阿部 一郎", "Ichiro ABE", email="abe@example.jp", family_name_reading="あべ",
                                         given_name_reading="いちろう"))
    make_invitation(event, make_delegate("阿部 花子", "Hanako ABE", email="abe2@example.jp",
                                         family_name_reading="アベ"))
    make_invitation(event, make_delegate("张 伟", "Wei ZHANG", language="zh", email="zhang@example.cn"))
    sign_in_page(page, live_server, organiser)
    page.goto(f"{live_server.url}/events/ceremony/guests")
    page.get_by_role("searchbox").fill("あべ")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator(".guest-name")).to_have_text(["阿部花子", "阿部一郎"])  # Hanako before Ichiro
    page.get_by_role("searchbox").fill("張")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator(".guest-name")).to_have_text(["张伟"])
    page.goto(f"{live_server.url}/events/ceremony/guests?q=abe%40example.jp")
    page.get_by_role("link", name="阿部一郎").click()
    expect(page.get_by_label("Reading of the family name")).to_have_value("あべ")
