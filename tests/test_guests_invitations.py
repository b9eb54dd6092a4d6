"""Organisers send the invitations: each delegate gets exactly one, even when the mail server fails half-way
and the sending is run again; failed addresses are listed with the server's reason."""

from __future__ import annotations

import json
import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from eventdesk.extensions import db
from eventdesk.models import AuditEntry, Invitation, OutboxMessage
from tests.factories import make_delegate, make_event, make_invitation

PEOPLE = [("山﨑 さくら", "Sakura YAMAZAKI", "ja"), ("髙橋 一郎", "Ichiro TAKAHASHI", "ja"),
          ("张 伟", "Wei ZHANG", "zh"), ("欧阳 晓燕", "Xiaoyan OUYANG", "zh"), ("Smith Anna", "Anna SMITH", "en"),
          ("佐藤 ケンタ", "Kenta SATO", "ja")]


def invite_everyone() -> list[str]:
    event = make_event()
    addresses = []
    for n, (name, latin, language) in enumerate(PEOPLE):
        delegate = make_delegate(name, latin, language=language, email=f"guest{n}@example.org")
        make_invitation(event, delegate)
        addresses.append(delegate.email)
    return addresses


def test_sending_fails_half_way_then_a_rerun_sends_each_invitation_exactly_once(app: Flask, runner, smtp) -> None:
    addresses = invite_everyone()
    smtp.fail_after = 3
    first = runner.invoke(args=["invitations", "send", "ceremony"])
    assert first.exit_code == 0, first.output
    assert "Queued 6 invitation(s); sent 3 message(s)." in first.output
    assert first.output.count("deferred (will be retried on the next run)") == 3 and "451" in first.output
    smtp.fail_after = None
    second = runner.invoke(args=["invitations", "send", "ceremony"])
    assert "Queued 0 invitation(s); sent 3 message(s)." in second.output, second.output
    third = runner.invoke(args=["invitations", "send", "ceremony"])
    assert "Queued 0 invitation(s); sent 0 message(s)." in third.output
    assert sorted(m["To"] for m in smtp.messages) == sorted(addresses)
    for message in smtp.messages:  # each in its delegate's language, with the link and the calendar file
        assert re.search(r"/i/[A-Za-z0-9_-]{20,}", message.get_body(("plain",)).get_content())
        assert any(part.get_content_type() == "text/calendar" for part in message.iter_attachments())
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Invitation).where(Invitation.invited_at.is_(None))) == 0


def test_a_refused_address_is_listed_with_the_servers_reason(app: Flask, runner, smtp) -> None:
    addresses = invite_everyone()
    smtp.refuse = {addresses[2]}
    result = runner.invoke(args=["invitations", "send", "ceremony"])
    assert f"failed: {addresses[2]}: 550 5.1.1 mailbox unavailable" in result.output
    assert len(smtp.messages) == 5


def test_a_dry_run_sends_nothing(app: Flask, runner, smtp) -> None:
    invite_everyone()
    result = runner.invoke(args=["invitations", "send", "ceremony", "--dry-run"])
    assert "Would queue 6 invitation(s)" in result.output and result.exit_code == 0
    assert smtp.messages == [] and db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_the_web_page_queues_at_once_then_delivers_in_batches_with_progress(app: Flask, organiser_client: FlaskClient,
                                                                          smtp) -> None:
    addresses = invite_everyone()
    page = organiser_client.get("/events/ceremony/invitations").text
    assert "Send 6 invitations" in page
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    queued = organiser_client.post("/events/ceremony/invitations/send", data={"csrf_token": token})
    assert queued.status_code == 302 and queued.location.endswith("/events/ceremony/invitations?deliver=1")
    assert smtp.messages == []  # the request only queued
    smtp.fail_after = 4
    states = []
    for _ in range(3):
        answer = organiser_client.post("/events/ceremony/invitations/deliver", data={"csrf_token": token},
                                       headers={"Accept": "application/json"})
        states.append(json.loads(answer.text))
    assert states[0]["sent"] == 4 and states[0]["pending"] == 2 and len(states[0]["deferred"]) == 2
    smtp.fail_after = None
    final = organiser_client.post("/events/ceremony/invitations/deliver", data={"csrf_token": token},
                                  headers={"Accept": "application/json"}).get_json()
    assert final["pending"] == 0 and final["sent"] == 6
    assert sorted(m["To"] for m in smtp.messages) == sorted(addresses)
    status = organiser_client.get("/events/ceremony/invitations/status").get_json()
    assert status["unsent_invitations"] == 0 and status["sent"] == 6
    assert db.session.scalar(select(AuditEntry.changes).where(AuditEntry.action == "invitations.send")) == {
        "invitations": [None, 6]}
    refused = organiser_client.post("/events/ceremony/invitations/deliver", headers={"Accept": "application/json"})
    assert refused.status_code == 400


def test_bulk_invite_and_resend_go_through_the_outbox(app: Flask, organiser_client: FlaskClient, smtp) -> None:
    invite_everyone()
    ids = [str(i) for i in db.session.scalars(select(Invitation.id).order_by(Invitation.id))][:2]
    page = organiser_client.get("/events/ceremony/guests").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    for action in ("invite", "invite", "resend"):
        done = organiser_client.post("/events/ceremony/guests/bulk", data={
            "csrf_token": token, "ids": ids, "action": action, "role": "", "confirmed": "1"})
        assert done.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 4  # invite twice = once
