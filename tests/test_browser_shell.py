"""An organiser signs in through the real page in Chromium and sees the events; the layout works on a phone."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import expect

from tests.factories import make_event, make_staff, sign_in_page


def test_organiser_signs_in_in_the_browser_and_sees_the_ceremony(app: Flask, live_server, page) -> None:
    organiser = make_staff("organiser", "lin@protocol.example")
    make_event(slug="chengdu")
    sign_in_page(page, live_server, organiser)
    expect(page.get_by_role("heading", name="China–Japan Regional Cooperation Promotion")).to_be_visible()
    page.get_by_role("link", name="日本語").click()
    expect(page.get_by_role("heading", name="日中地方協力推進会")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
