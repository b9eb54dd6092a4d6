"""Organisers remind the guests who have not answered: a reminder, then a last call before the deadline, each a mail
of its own and never twice in one round; and for one guest they send the invitation again, print the badge and
issue a new one after confirming."""

from __future__ import annotations

import re
from datetime import timedelta

import time_machine
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from eventdesk.extensions import db
from eventdesk.models import Badge, Event, OutboxMessage
from eventdesk.rsvp import service as rsvp
from tests.factories import make_delegate, make_event, make_invitation


def invited_and_sent(runner) -> dict[str, object]:
    event = make_event()
    people = {
        "yamada": make_invitation(event, make_delegate("山田 太郎", "Taro YAMADA", email="yamada@example.jp")),
        "zhang": make_invitation(event, make_delegate("张 伟", "Wei ZHANG", language="zh", email="zhang@example.cn")),
        "smith": make_invitation(event, make_delegate("Smith Anna", "Anna SMITH", language="en",
                                                      email="smith@example.org")),
    }
    assert runner.invoke(args=["invitations", "send", "ceremony"]).exit_code == 0
    return people


def subjects(smtp, after: int = 0) -> dict[str, str]:
    return {m["To"]: str(m["Subject"]) for m in smtp.messages[after:]}


def test_reminders_go_once_per_round_to_those_who_have_not_answered(app: Flask, runner, smtp) -> None:
    people = invited_and_sent(runner)
    zhang_link = "/i/" + people["zhang"].token
    rsvp.answer(people["smith"], "decline")
    runner.invoke(args=["mail", "deliver"])  # the confirmation of that answer
    sent = len(smtp.messages)
    dry = runner.invoke(args=["invitations", "remind", "ceremony", "--dry-run"])
    assert dry.exit_code == 0 and "Would queue 2 reminder(s)" in dry.output and len(smtp.messages) == sent
    first = runner.invoke(args=["invitations", "remind", "ceremony"])
    assert "Queued 2 reminder(s); sent 2 message(s)." in first.output, first.output
    assert subjects(smtp, sent) == {"yamada@example.jp": "リマインダー：日中地方協力推進会",
                                    "zhang@example.cn": "提醒：中日地方合作推介会"}
    body = smtp.messages[-1].get_body(("plain",)).get_content()
    assert zhang_link in body and "尚未收到您" in body  # the link, and not the invitation's text
    again = runner.invoke(args=["invitations", "remind", "ceremony"])
    assert "Queued 0 reminder(s); sent 0 message(s)." in again.output
    last = runner.invoke(args=["invitations", "remind", "ceremony", "--last-call"])
    assert "Queued 2 last call(s)" in last.output
    assert set(subjects(smtp, sent + 2).values()) == {"ご回答の最終のお願い：日中地方協力推進会",
                                                     "最后提醒，请回复：中日地方合作推介会"}


def test_no_reminder_once_answers_are_closed(app: Flask, runner, smtp) -> None:
    invited_and_sent(runner)
    event = db.session.scalar(select(Event))
    with time_machine.travel(event.rsvp_deadline + timedelta(minutes=1)):
        result = runner.invoke(args=["invitations", "remind", "ceremony", "--last-call"])
    assert result.exit_code == 1 and "Answers are closed" in result.output


def test_a_guest_who_never_got_the_invitation_is_not_reminded(app: Flask, runner, smtp) -> None:
    invited_and_sent(runner)
    make_invitation(db.session.scalar(select(Event)), make_delegate("佐藤 ケンタ", "Kenta SATO",
                                                                    email="late@example.jp"))
    assert "Would queue 3 reminder(s)" in runner.invoke(args=["invitations", "remind", "ceremony",
                                                              "--dry-run"]).output


def csrf(client: FlaskClient, path: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(path).text).group(1)


def test_organiser_reminds_from_the_invitations_page(app: Flask, runner, organiser_client: FlaskClient,
                                                     smtp) -> None:
    invited_and_sent(runner)
    page = organiser_client.get("/events/ceremony/invitations?lang=en").text
    assert "Send 3 reminders" in page and "Send 3 last calls" in page
    token = csrf(organiser_client, "/events/ceremony/invitations")
    answer = organiser_client.post("/events/ceremony/invitations/remind", data={"csrf_token": token,
                                                                               "round": "reminder"})
    assert answer.location.endswith("/events/ceremony/invitations?deliver=1")
    assert db.session.scalars(select(OutboxMessage.kind).where(OutboxMessage.kind == "reminder")).all() == [
        "reminder"] * 3
    assert "Send 0 reminders" in organiser_client.get("/events/ceremony/invitations").text
    refused = organiser_client.post("/events/ceremony/invitations/remind", data={"csrf_token": token,
                                                                                "round": "everyone"})
    assert refused.status_code == 302 and "Choose a reminder or the last call." in organiser_client.get(
        refused.location).text


def test_organiser_resends_prints_and_reissues_one_guests_badge(app: Flask, runner, organiser_client: FlaskClient,
                                                               smtp) -> None:
    people = invited_and_sent(runner)
    yamada = people["yamada"]
    rsvp.answer(yamada, "in_person")
    guest_page = organiser_client.get(f"/events/ceremony/guests/{yamada.id}?lang=en").text
    assert "Send the invitation again" in guest_page and "Print the badge" in guest_page
    token = csrf(organiser_client, f"/events/ceremony/guests/{yamada.id}")

    resent = organiser_client.post(f"/events/ceremony/guests/{yamada.id}/resend", data={"csrf_token": token})
    assert resent.location.endswith("/invitations?deliver=1")
    assert db.session.scalars(select(OutboxMessage.kind).where(OutboxMessage.invitation_id == yamada.id)
                              .order_by(OutboxMessage.id.desc())).first() == "invitation"

    badge = organiser_client.get(f"/events/ceremony/guests/{yamada.id}/badge.pdf")
    assert badge.status_code == 200 and badge.data.startswith(b"%PDF")
    assert "filename*=UTF-8''badge-%E5%B1%B1%E7%94%B0%E5%A4%AA%E9%83%8E.pdf" in badge.headers["Content-Disposition"]

    old = db.session.scalar(select(Badge.serial).where(Badge.invitation_id == yamada.id))
    confirm = organiser_client.get(f"/events/ceremony/guests/{yamada.id}/badge/reissue?lang=en").text
    assert f"Badge No. {old:06d} stops admitting at once" in confirm
    assert db.session.scalar(select(Badge.serial).where(Badge.invitation_id == yamada.id)) == old  # not yet
    done = organiser_client.post(f"/events/ceremony/guests/{yamada.id}/badge/reissue", data={"csrf_token": token})
    assert done.status_code == 302
    db.session.expire_all()
    badges = db.session.execute(select(Badge.serial, Badge.revoked_at).where(Badge.invitation_id == yamada.id)
                                .order_by(Badge.serial)).all()
    assert len(badges) == 2 and badges[0].revoked_at is not None and badges[1].revoked_at is None
    assert "the old one no longer admits" in organiser_client.get(done.location).text

    online = people["zhang"]
    assert organiser_client.get(f"/events/ceremony/guests/{online.id}/badge.pdf").status_code == 302
