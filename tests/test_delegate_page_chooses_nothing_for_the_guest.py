"""A delegate's page answers nothing for the guest: no answer is chosen before they give one (the organisers'
proposal is a hint beside its answer), except the one they asked for themselves when they registered."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import expect
from sqlalchemy import select

from eventdesk.extensions import db
from eventdesk.models import Invitation, Mode, RegistrationRequest, Staff, Status
from eventdesk.rsvp import registration
from tests.factories import make_delegate, make_event, make_invitation


def test_a_guest_proposed_to_come_in_person_finds_no_answer_chosen_for_them(app: Flask, live_server, page) -> None:
    invitation = make_invitation(make_event(), make_delegate(language="ja"), proposed_mode=Mode.IN_PERSON)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/i/{invitation.token}")
    radios = page.get_by_role("radio")
    expect(radios).to_have_count(3)
    for index in range(3):
        expect(radios.nth(index)).not_to_be_checked()
    # The organisers' proposal is said beside its answer, not chosen.
    expect(page.locator(".choice", has_text="会場で出席")).to_contain_text("主催者からのおすすめです。")
    page.get_by_role("button", name="回答を送信").click()
    expect(page.get_by_text("いずれかの回答をお選びください。")).to_be_visible()
    db.session.expire_all()
    assert db.session.get(Invitation, invitation.id).status == Status.INVITED


def test_a_guest_who_answered_sees_their_own_answer_chosen(app: Flask, client: FlaskClient) -> None:
    invitation = make_invitation(make_event(), make_delegate(language="en"), status="accepted", mode="online",
                                 proposed_mode=Mode.IN_PERSON)
    page = client.get(f"/i/{invitation.token}").text
    radios = {re.search(r'value="(\w+)"', tag)[1]: "checked" in tag
              for tag in re.findall(r'<input[^>]*type="radio"[^>]*>', page)}
    assert radios == {"in_person": False, "online": True, "decline": False}
    assert "suggest" not in page


def test_a_guest_who_asked_to_attend_finds_their_own_request_chosen(app: Flask, client: FlaskClient,
                                                                    organiser: Staff) -> None:
    event = make_event(open_registration=True)
    registration.request_place(event, {"email": "ito@example.jp", "family_name": "伊藤", "organisation": "静岡県庁",
                                       "language": "ja", "mode": "online"}, "192.0.2.7")
    registration.approve(db.session.scalars(select(RegistrationRequest)).one(), organiser)
    page = client.get(f"/i/{db.session.scalars(select(Invitation)).one().token}").text
    radios = {re.search(r'value="(\w+)"', tag)[1]: "checked" in tag
              for tag in re.findall(r'<input[^>]*type="radio"[^>]*>', page)}
    assert radios == {"in_person": False, "online": True, "decline": False}
    assert "主催者からのおすすめです。" not in page
