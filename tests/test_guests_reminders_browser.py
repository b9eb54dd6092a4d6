"""An organiser in Chromium issues a new badge from the guest's page, confirming first, and sends reminders from the
invitations page, watching them leave."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import expect

from eventdesk.rsvp import service as rsvp
from tests.factories import make_delegate, make_event, make_invitation, make_staff, sign_in_page


def test_organiser_reissues_a_badge_after_confirming_and_sends_reminders(app: Flask, live_server, page, runner,
                                                                         smtp) -> None:
    organiser = make_staff("organiser", "lin@protocol.example")
    event = make_event()
    yamada = make_invitation(event, make_delegate("山田 太郎", "Taro YAMADA", email="yamada@example.jp"))
    for n in range(2):
        make_invitation(event, make_delegate("张 伟", "Wei ZHANG", language="zh", email=f"zhang{n}@example.cn"))
    runner.invoke(args=["invitations", "send", "ceremony"])
    rsvp.answer(yamada, "in_person")
    sign_in_page(page, live_server, organiser)

    page.goto(f"{live_server.url}/events/ceremony/guests/{yamada.id}")
    page.get_by_role("link", name="Issue a new badge…").click()
    expect(page.get_by_text("Badge No. 000001 stops admitting at once")).to_be_visible()
    page.get_by_role("button", name="Issue a new badge").click()
    expect(page.get_by_text("New badge No. 000002 issued to 山田太郎 (Taro YAMADA); the old one no longer admits.")) \
        .to_be_visible()

    page.goto(f"{live_server.url}/events/ceremony/invitations")
    page.get_by_role("button", name="Send 2 reminders").click()
    page.get_by_text("All sent.").wait_for()
    expect(page.get_by_role("button", name="Send 0 reminders")).to_be_disabled()
    assert sorted(m["To"] for m in smtp.messages if str(m["Subject"]).startswith("提醒")) == [
        "zhang0@example.cn", "zhang1@example.cn"]
