"""Whatever a scanner types (a damaged code, another QR code, keyboard-layout garbage, NUL and other control
characters, a megabyte), the door hears a readable scan answered `invalid`, never a server error or a 400; only
our own signature, exactly as issued, admits."""

from __future__ import annotations

import json
import re

from flask import Flask, current_app
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from eventdesk.badges import codec
from eventdesk.badges import service as badges
from eventdesk.extensions import db
from eventdesk.models import CheckIn
from tests.bad_input import any_text, awkward_text, huge_text
from tests.factories import bearer, make_delegate, make_event, make_invitation, make_staff
from tests.rsvp_steps import csrf_token

SCANS = "/api/v1/events/ceremony/checkins"
# Text with a surrogate, as JSON's \ud800 escapes can carry it (Python's json writes it so).
with_surrogate = st.builds(lambda text, at: text[:at] + "\ud800" + text[at:], any_text, st.integers(0, 30))
scanned = st.one_of(any_text, awkward_text, huge_text, with_surrogate).filter(lambda text: text.strip())


def genuine_code() -> str:
    event = make_event()
    invitation = make_invitation(event, make_delegate(email="yamada@example.jp"), status="accepted",
                                 mode="in_person")
    return badges.code_for(badges.issue(invitation))


def test_only_a_code_exactly_as_signed_verifies(app: Flask) -> None:
    code = genuine_code()
    assert codec.verify(code, current_app.config) is not None

    @given(text=st.one_of(scanned, st.builds(lambda at, char: code[:at] + char + code[at + 1:],
                                             st.integers(0, len(code) - 1), st.characters()),
                          st.builds(lambda at: code[:at], st.integers(0, len(code) - 1)),
                          st.builds(lambda extra: code + extra, awkward_text.filter(bool))))
    def check(text: str) -> None:
        found = codec.verify(text, current_app.config)
        assert (found is not None) == (text == code)

    check()


def test_any_scanned_text_is_a_readable_scan_answered_invalid_by_the_api(app: Flask, client: FlaskClient) -> None:
    genuine_code()
    headers = {**bearer(make_staff("door", "north@eventdesk.test")), "Content-Type": "application/json"}

    @given(text=scanned)
    def check(text: str) -> None:
        before = db.session.scalar(select(func.count()).select_from(CheckIn))
        answer = client.post(SCANS, data=json.dumps({"code": text, "door": "North door"}), headers=headers)
        assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
        assert answer.get_json()["result"] == "invalid"
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(CheckIn)) == before + 1  # recorded

    check()


def test_any_scanned_text_is_a_readable_scan_on_the_door_page(app: Flask, door_client: FlaskClient) -> None:
    genuine_code()
    page = door_client.get("/events/ceremony/door/choose")
    door_client.post("/events/ceremony/door/choose", data={"door": "North door",
                                                           "csrf_token": csrf_token(page.get_data(as_text=True))})
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"',
                      door_client.get("/events/ceremony/door").get_data(as_text=True)).group(1)

    @given(text=scanned)
    def check(text: str) -> None:
        answer = door_client.post("/events/ceremony/door/scan", data=json.dumps({"code": text, "door": "North door"}),
                                  headers={"X-CSRFToken": token, "Content-Type": "application/json"})
        assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
        assert answer.get_json()["answer"]["result"] == "invalid"

    check()


def test_a_genuine_code_with_a_nul_or_control_character_is_invalid_and_logged(app: Flask,
                                                                             client: FlaskClient) -> None:
    code = genuine_code()
    headers = bearer(make_staff("door", "north@eventdesk.test"))
    for damaged in (code + "\x00", "\x00" + code, code[:60] + "\x07" + code[60:], code + "\x1b[2~"):
        answer = client.post(SCANS, json={"code": damaged, "door": "North door"}, headers=headers)
        assert answer.status_code == 200 and answer.get_json()["result"] == "invalid"
    logged = db.session.scalars(select(CheckIn.code).order_by(CheckIn.id)).all()
    assert len(logged) == 4 and all("\x00" not in text for text in logged)
    assert client.post(SCANS, json={"code": code, "door": "North door"}, headers=headers).get_json()["result"] \
        == "admitted"
