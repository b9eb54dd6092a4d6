"""When the mail relay is down, organisers are told so in the page's language and can retry at once; the guest list
says "invited" only once the invitation has left; a waiting mail that a newer one makes wrong is dropped unsent."""

from __future__ import annotations

import re
import socket

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from eventdesk.extensions import db
from eventdesk.models import MailStatus, OutboxMessage
from eventdesk.rsvp import service as rsvp
from tests.factories import make_delegate, make_event, make_invitation


def nothing_listening() -> int:
    """A loopback port where no mail server listens: the connection is refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def relay_down(app: Flask, smtp) -> int:
    """The real relay (aiosmtpd) is running but the app points at a dead port; returns the relay's port."""
    port = app.config["SMTP_PORT"]
    app.config["SMTP_PORT"] = nothing_listening()
    return port


def csrf(client: FlaskClient, path: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(path).text).group(1)


def invited_cell(page: str) -> str:
    return re.search(r'<td class="wide-only invited">(.*?)</td>', page, re.S).group(1)


def test_relay_down_is_told_in_the_pages_language_and_retry_sends_once_it_is_back(
        app: Flask, organiser_client: FlaskClient, smtp, relay_down: int) -> None:
    event = make_event()
    make_invitation(event, make_delegate("山田 太郎", "Taro YAMADA", email="yamada@example.jp"))
    token = csrf(organiser_client, "/events/ceremony/invitations?lang=zh")
    organiser_client.post("/events/ceremony/invitations/send", data={"csrf_token": token})
    flashed = organiser_client.get("/events/ceremony/invitations").text
    assert "1 封邀请函在发件箱中等待发送。" in flashed and "flash-success" not in flashed

    answer = organiser_client.post("/events/ceremony/invitations/deliver", data={"csrf_token": token},
                                   headers={"Accept": "application/json"}).get_json()
    assert answer["batch"] == {"sent": 0, "failed": 0, "deferred": 1} and answer["pending"] == 1
    assert answer["problem"].startswith("无法连接邮件服务器")
    assert answer["deferred"][0]["reason"].startswith("ConnectionRefusedError")  # kept for whoever runs the relay
    page = organiser_client.get("/events/ceremony/invitations?lang=ja").text
    assert "メールサーバーに接続できない" in page and "今すぐ再試行" in page
    listed = organiser_client.get("/events/ceremony/guests?lang=en").text
    assert "waiting to be sent" in invited_cell(listed) and "<time" not in invited_cell(listed)

    app.config["SMTP_PORT"] = relay_down  # the relay is back
    again = organiser_client.post("/events/ceremony/invitations/deliver", data={"csrf_token": token},
                                  headers={"Accept": "application/json"}).get_json()
    assert again["batch"]["sent"] == 1 and again["pending"] == 0 and again["problem"] is None
    assert [m["To"] for m in smtp.messages] == ["yamada@example.jp"]
    assert "<time" in invited_cell(organiser_client.get("/events/ceremony/guests").text)


def test_a_refused_address_is_explained_and_not_shown_as_invited(app: Flask, organiser_client: FlaskClient,
                                                                 smtp) -> None:
    event = make_event()
    invitation = make_invitation(event, make_delegate("张 伟", "Wei ZHANG", email="nobody@example.cn"))
    smtp.refuse = {"nobody@example.cn"}
    token = csrf(organiser_client, "/events/ceremony/invitations")
    organiser_client.post("/events/ceremony/invitations/send", data={"csrf_token": token})
    organiser_client.post("/events/ceremony/invitations/deliver", data={"csrf_token": token})
    guest = organiser_client.get(f"/events/ceremony/guests/{invitation.id}?lang=en").text
    assert "not delivered" in guest and "The mail server refused this address" in guest


def test_a_waiting_confirmation_replaced_by_a_newer_answer_is_dropped(app: Flask, smtp, relay_down: int) -> None:
    from eventdesk.guests import invitations as sending

    invitation = make_invitation(make_event(), make_delegate("山田 太郎", "Taro YAMADA", email="yamada@example.jp"))
    rsvp.answer(invitation, "in_person")
    rsvp.answer(invitation, "online")
    kinds = db.session.execute(select(OutboxMessage.kind, OutboxMessage.status).order_by(OutboxMessage.id)).all()
    assert kinds == [("confirmation", MailStatus.DROPPED), ("confirmation", MailStatus.PENDING)]
    app.config["SMTP_PORT"] = relay_down
    assert sending.deliver(invitation.event).sent == 1
    [mail] = smtp.messages
    assert "オンラインでのご出席" in mail.get_body(("plain",)).get_content()  # the newer answer: online
    assert sending.state(invitation.event).pending == 0
