"""In Chromium: the clerk signs the next agreement and the live board in another window follows without a reload."""

from __future__ import annotations

import time

from flask import Flask
from playwright.sync_api import expect

from tests.factories import make_event, make_staff, sign_in_page
from tests.signing_factories import admit, signing_pair


def test_clerk_signs_and_the_board_updates_within_two_seconds(app: Flask, live_server, page, chromium) -> None:
    event = make_event(exchange_rates={"JPY": "0.0482"})
    first, wang, sato = signing_pair(event, "CJ-01", titles={"zh": "新能源电池工厂项目"})
    signing_pair(event, "CJ-02", title="Robotics joint venture")
    admit(wang), admit(sato)
    clerk = make_staff("clerk", "clerk@protocol.example")

    hall = chromium.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    board = hall.new_page()
    try:
        board.goto(f"{live_server.url}/events/ceremony/board?lang=zh")
        assert board.locator('[data-field="signed"]').text_content() == "0"
        assert board.locator('[data-field="planned"]').text_content() == "2"
        board.evaluate("window.stillTheSamePage = true")

        sign_in_page(page, live_server, clerk)
        page.goto(f"{live_server.url}/events/ceremony/signing")
        current = page.locator("article.current")
        assert "Next to sign" in current.text_content() and "EV battery plant" in current.text_content()
        page.get_by_role("button", name="Signed in the hall").click()
        page.wait_for_url(f"{live_server.url}/events/ceremony/signing")
        signed_at = time.monotonic()
        assert "Signed: CJ-01" in page.locator(".flashes").text_content()
        assert "Robotics joint venture" in page.locator("article.current").text_content()  # the next one is up

        expect(board.locator('[data-field="signed"]')).to_have_text("1", timeout=2000)
        assert time.monotonic() - signed_at < 2
        assert board.evaluate("window.stillTheSamePage") is True  # updated in place, not reloaded
        assert board.locator('[data-field="latest-title"]').text_content() == "新能源电池工厂项目"
        assert board.locator('[data-field="total-value"]').text_content() == "12.5"
        assert "四川省商务厅" in board.locator('[data-field="latest-parties"]').text_content()
        assert board.locator('[data-field="items"] li').count() == 1
    finally:
        hall.close()


def test_the_desk_fits_a_phone_and_the_board_fills_a_hall_screen(app: Flask, live_server, page, chromium) -> None:
    event = make_event()
    signing_pair(event)
    sign_in_page(page, live_server, make_staff("clerk", "clerk@protocol.example"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/events/ceremony/signing")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    expect(page.get_by_role("button", name="Signed in the hall")).to_be_visible()
    hall = chromium.new_context(viewport={"width": 1920, "height": 1080})
    board = hall.new_page()
    try:
        board.goto(f"{live_server.url}/events/ceremony/board?lang=ja")
        assert board.evaluate("document.documentElement.scrollHeight <= window.innerHeight")
        height = board.evaluate("parseFloat(getComputedStyle(document.querySelector('[data-field=\"signed\"]'))"
                                ".fontSize)")
        assert height > 120  # the count is readable from the back of the hall
    finally:
        hall.close()
