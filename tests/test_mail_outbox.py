"""Mail leaves through the outbox: queued with the change that causes it, delivered exactly once even
when the SMTP server fails half-way, with permanent refusals listed with the server's reason."""

from __future__ import annotations

from flask import Flask

from eventdesk.extensions import db
from eventdesk.mail import outbox, sender
from eventdesk.models import MailStatus, OutboxMessage
from tests.factories import make_event


def queue_invitations(addresses: list[str]) -> None:
    event = make_event()
    calendar = outbox.Attachment("invite.ics", "text/calendar", "BEGIN:VCALENDAR\r\nSUMMARY:山田 太郎\r\n"
                                 "END:VCALENDAR\r\n", {"method": "REQUEST"})
    for address in addresses:
        outbox.queue("invitation", address, "招待状 / Invitation", f"Dear guest {address}", event=event,
                     html="<p>Dear guest</p>", attachments=[calendar])
    db.session.commit()


def test_a_message_is_queued_only_when_its_change_commits(app: Flask) -> None:
    make_event()
    outbox.queue("invitation", "a@example.jp", "Invitation", "text")
    db.session.rollback()
    assert db.session.query(OutboxMessage).count() == 0


def test_smtp_failing_half_way_loses_nothing_and_sends_nothing_twice(app: Flask, smtp) -> None:
    addresses = [f"guest{n}@example.jp" for n in range(6)]
    queue_invitations(addresses)
    smtp.fail_after = 3
    first = sender.deliver(sender.pending_ids())
    assert first.sent == 3 and len(first.deferred) == 3
    assert "451" in first.deferred[0][1]
    smtp.fail_after = None
    second = sender.deliver(sender.pending_ids())
    assert second.sent == 3
    assert sender.deliver(sender.pending_ids()).sent == 0
    assert sorted(m["To"] for m in smtp.messages) == sorted(addresses)


def test_received_mail_keeps_cjk_text_and_the_calendar_attachment(app: Flask, smtp) -> None:
    queue_invitations(["yamada@example.jp"])
    sender.deliver(sender.pending_ids())
    [message] = smtp.to("yamada@example.jp")
    assert message["Subject"] == "招待状 / Invitation"
    [calendar] = [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]
    assert calendar.get_param("method") == "REQUEST"
    assert "山田 太郎" in calendar.get_content()


def test_a_refused_address_is_listed_with_the_servers_reason(app: Flask, smtp) -> None:
    queue_invitations(["ok@example.jp", "gone@example.jp"])
    smtp.refuse = {"gone@example.jp"}
    result = sender.deliver(sender.pending_ids())
    assert result.sent == 1
    assert result.failed == [("gone@example.jp", "550 5.1.1 mailbox unavailable")]
    failed = db.session.query(OutboxMessage).filter_by(status=MailStatus.FAILED).one()
    assert failed.to_addr == "gone@example.jp" and "550" in failed.last_error


def test_the_mail_worker_sends_what_waits_and_keeps_what_the_server_defers(app: Flask, smtp, runner) -> None:
    queue_invitations(["a@example.jp", "b@example.jp"])
    smtp.fail_after = 1
    first = runner.invoke(args=["mail", "deliver"])
    assert first.exit_code == 0 and "sent 1, deferred 1" in first.output
    smtp.fail_after = None
    assert "sent 1, deferred 0" in runner.invoke(args=["mail", "deliver"]).output
    assert "Nothing to send." in runner.invoke(args=["mail", "deliver"]).output
    assert sorted(m["To"] for m in smtp.messages) == ["a@example.jp", "b@example.jp"]
