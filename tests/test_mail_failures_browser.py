"""An organiser in Chromium sends the invitations while the mail relay is down: the page says so in its language,
not in green, and a "retry now" button appears without a reload; once the relay is back, it sends them."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import expect

from tests.factories import make_delegate, make_event, make_invitation, make_staff, sign_in_page
from tests.test_mail_failures import nothing_listening


def test_organiser_is_told_the_relay_is_down_and_retries_once_it_is_back(app: Flask, live_server, page,
                                                                         smtp) -> None:
    relay = app.config["SMTP_PORT"]
    app.config["SMTP_PORT"] = nothing_listening()
    organiser = make_staff("organiser", "lin@protocol.example")
    event = make_event()
    for n in range(2):
        make_invitation(event, make_delegate("山田 太郎", "Taro YAMADA", email=f"guest{n}@example.jp"))
    sign_in_page(page, live_server, organiser)
    page.goto(f"{live_server.url}/events/ceremony/invitations?lang=zh")
    page.get_by_role("button", name="发送 2 封邀请函").click()
    problem = page.get_by_role("alert")
    expect(problem).to_contain_text("无法连接邮件服务器")
    expect(page.locator(".flash-success")).to_have_count(0)
    assert "ConnectionRefusedError" not in problem.inner_text()
    retry = page.get_by_role("button", name="立即重试")
    expect(retry).to_be_visible()
    app.config["SMTP_PORT"] = relay
    retry.click()
    expect(page.get_by_role("status").filter(has_text="全部已发送")).to_be_visible()
    expect(problem).to_be_hidden()
    assert sorted(m["To"] for m in smtp.messages) == ["guest0@example.jp", "guest1@example.jp"]
    page.goto(f"{live_server.url}/events/ceremony/guests?lang=en")
    expect(page.locator("td.invited time")).to_have_count(2)
