"""In Chromium: a delegate opens the join link a few seconds early, reads the countdown in Japanese, and the
page moves on to the meeting by itself once it opens (the script is the app's own file, under its CSP)."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from playwright.sync_api import expect
from time_machine import TimeMachineFixture

from eventdesk.attendance import joins
from eventdesk.extensions import db
from eventdesk.models import OnlineAttendance
from tests.factories import make_delegate, make_event, make_invitation


def test_the_waiting_page_counts_down_and_opens_the_meeting(app: Flask, live_server, page,
                                                           time_machine: TimeMachineFixture) -> None:
    # A meeting address the browser can reach (Playwright's routes do not see a redirect's target).
    event = make_event(online_url=f"{live_server.url}/meeting")
    invitation = make_invitation(event, make_delegate(language="ja"), status="accepted", mode="online")
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    time_machine.move_to(joins.opens_at(event) - timedelta(seconds=3))  # the server's clock runs on from here
    page.goto(f"{live_server.url}/i/{invitation.token}/join")
    expect(page.locator(".countdown-text")).to_contain_text("秒後に開きます")
    expect(page.locator(".countdown-text")).to_have_text("会議は 1 秒後に開きます。")  # the script's own words
    page.wait_for_url(f"{live_server.url}/meeting")
    db.session.expire_all()
    assert db.session.query(OnlineAttendance).filter_by(invitation_id=invitation.id, source="link").count() == 1
    assert problems == []
