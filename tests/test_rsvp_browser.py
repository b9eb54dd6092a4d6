"""In Chromium: a Japanese delegate opens the personal link on a phone, answers online, gets the
confirmation (page and e-mail) and downloads the calendar file; a guest in Tokyo also sees their own time."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import vobject
from flask import Flask
from playwright.sync_api import expect

from eventdesk.mail import sender
from tests.factories import make_delegate, make_event, make_invitation


def test_a_delegate_answers_online_in_japanese_on_a_phone(app: Flask, live_server, page, smtp) -> None:
    invitation = make_invitation(make_event(), make_delegate("山田 太郎", "Taro YAMADA", language="ja",
                                                             email="yamada@example.jp"))
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/i/{invitation.token}")
    assert page.locator("html").get_attribute("lang") == "ja"
    expect(page.get_by_role("heading", name="日中地方協力推進会")).to_be_visible()
    page.get_by_role("radio", name="オンラインで出席").check()
    page.get_by_label("通訳言語").select_option("zh")
    page.get_by_role("button", name="回答を送信").click()
    page.wait_for_url("**/confirmed")
    expect(page.get_by_role("heading", name="ご回答：オンラインで出席")).to_be_visible()
    expect(page.get_by_role("link", name="オンラインで参加")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    with page.expect_download() as download:
        page.get_by_role("link", name="カレンダーに追加（.ics）").click()
    calendar = vobject.readOne(Path(download.value.path()).read_text(encoding="utf-8"))
    assert calendar.vevent.summary.value == "日中地方協力推進会"
    assert calendar.vevent.url.value.endswith(f"/i/{invitation.token}/join")
    # Nothing the pages loaded came from another site.
    assert requested and {urlsplit(url).netloc for url in requested} == {urlsplit(live_server.url).netloc}
    # The confirmation went out in Japanese (sent after the response, or now by the sender at the latest:
    # werkzeug's test server skips a response's close when the browser drops the connection first).
    sender.deliver(sender.pending_ids())
    [message] = smtp.to("yamada@example.jp")
    assert message["Subject"] == "日中地方協力推進会へのご回答"


def test_a_guest_in_tokyo_sees_the_time_in_their_own_timezone_too(app: Flask, live_server, chromium) -> None:
    invitation = make_invitation(make_event(), make_delegate(language="en"))
    for zone, shown in (("Asia/Tokyo", True), ("Asia/Shanghai", False)):
        context = chromium.new_context(timezone_id=zone, locale="en-GB", viewport={"width": 390, "height": 844})
        try:
            tab = context.new_page()
            tab.goto(f"{live_server.url}/i/{invitation.token}")
            local = tab.locator(".rsvp-event .local-time")
            assert local.is_visible() is shown
            if shown:
                assert local.inner_text().startswith("Your time: ") and "GMT+9" in local.inner_text()
        finally:
            context.close()
