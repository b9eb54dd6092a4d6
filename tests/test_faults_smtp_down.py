"""The mail server is down (nothing listens on its port): delegates still answer, the door still admits, the clerk
still records signings, organisers still send invitations from their page; the mail waits in the outbox, and
when the server is back the worker sends each message once."""

from __future__ import annotations

import re
import socket
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from eventdesk.badges import service as badges
from eventdesk.extensions import db
from eventdesk.mail import sender
from eventdesk.models import AgreementStatus, Invitation, MailStatus, OutboxMessage, Status
from tests.factories import make_delegate, make_event, make_invitation
from tests.rsvp_steps import answer, csrf_token
from tests.signing_factories import admit, post, signing_pair


@pytest.fixture
def smtp_down(app: Flask) -> int:
    with socket.socket() as s:  # a port nobody listens on: connections are refused at once
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_STARTTLS=False, SMTP_USER=None)
    return port


def waiting() -> list[tuple[str, str, str | None]]:
    db.session.expire_all()
    return [(m.kind, m.to_addr, m.last_error) for m in db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.status == MailStatus.PENDING).order_by(OutboxMessage.id))]


def door_token(client: FlaskClient) -> str:
    page = client.get("/events/ceremony/door/choose")
    client.post("/events/ceremony/door/choose", data={"door": "North door", "csrf_token": csrf_token(
        page.get_data(as_text=True))})
    scanner = client.get("/events/ceremony/door").get_data(as_text=True)
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', scanner).group(1)


def test_with_the_mail_server_down_the_ceremony_goes_on_and_the_mail_waits(
        app: Flask, client: FlaskClient, door_client: FlaskClient, clerk_client: FlaskClient,
        organiser_client: FlaskClient, smtp_down: int) -> None:
    event = make_event()
    delegate = make_invitation(event, make_delegate(email="yamada@example.jp"))
    answered = answer(client, delegate, "in_person")
    assert answered.status_code == 303  # the page answers; the confirmation waits
    assert db.session.get(Invitation, delegate.id).status == Status.ACCEPTED
    assert client.get(answered.headers["Location"]).status_code == 200

    token = door_token(door_client)
    scan = door_client.post("/events/ceremony/door/scan", headers={"X-CSRFToken": token}, json={
        "code": badges.code_for(badges.issue(db.session.get(Invitation, delegate.id))), "door": "North door"})
    assert scan.status_code == 200 and scan.get_json()["answer"]["result"] == "admitted"

    agreement, wang, sato = signing_pair(event)
    admit(wang)
    admit(sato)
    signed = post(clerk_client, "/events/ceremony/signing/CJ-01/sign", data={"mode": "in_person"})
    assert signed.status_code == 302
    db.session.expire_all()
    assert agreement.status == AgreementStatus.SIGNED

    invited = make_invitation(event, make_delegate(email="sato@example.jp"))
    page = organiser_client.get("/events/ceremony/invitations").get_data(as_text=True)
    queued = organiser_client.post("/events/ceremony/invitations/send", data={"csrf_token": csrf_token(page)})
    assert queued.status_code == 302
    batch = organiser_client.post("/events/ceremony/invitations/deliver", data={"csrf_token": csrf_token(page)},
                                  headers={"Accept": "application/json"})
    assert batch.status_code == 200 and batch.get_json()["batch"]["deferred"] >= 1

    kinds: list[tuple[str, str, Any]] = waiting()
    assert ("confirmation", "yamada@example.jp") in [(kind, to) for kind, to, _ in kinds]
    assert ("invitation", invited.delegate.email) in [(kind, to) for kind, to, _ in kinds]
    assert all(error is None or "Connection" in error for _, _, error in kinds)
    assert app.test_client().get("/healthz").get_json()["database"] == "ok"


def test_mail_that_waited_for_the_server_goes_out_once_when_it_is_back(app: Flask, client: FlaskClient,
                                                                      smtp_down: int, smtp) -> None:
    """`smtp` starts a server on another port: as an operator fixing the mail settings would."""
    event = make_event()
    invitations = [make_invitation(event, make_delegate(email=f"guest{n}@example.jp")) for n in range(3)]
    port = app.config["SMTP_PORT"]
    app.config["SMTP_PORT"] = smtp_down
    for invitation in invitations:
        assert answer(client, invitation, "online").status_code == 303
    assert len(waiting()) == 3
    assert sender.deliver(sender.pending_ids()).deferred  # still down

    app.config["SMTP_PORT"] = port
    assert app.test_cli_runner().invoke(args=["mail", "deliver"]).exit_code == 0
    assert app.test_cli_runner().invoke(args=["mail", "deliver"]).output.strip() == "Nothing to send."
    assert sorted(m["To"] for m in smtp.messages) == [f"guest{n}@example.jp" for n in range(3)]
    assert waiting() == []
