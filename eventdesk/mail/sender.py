"""Delivering the outbox over SMTP, each message at most once, and every message that cannot have arrived again.

Each message goes through three short transactions: the claim (no other sender takes it until the claim
lapses), the handover (written just before the SMTP DATA command: until then the server holds nothing), and
the outcome. So a sender killed or cut off before DATA leaves a message that is sent again once its claim
lapses, and one that got through is marked sent. The one moment that cannot be decided is a sender dying
between handing the message over and writing down the server's answer (milliseconds, while the server
takes the data): such a message may have arrived, so it is never sent again by itself: it is marked failed
with a reason that says so, and organisers decide (the guest list can send the invitation again).
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate

from flask import current_app
from sqlalchemy import or_, select, update

from eventdesk.extensions import db
from eventdesk.models import MailStatus, OutboxMessage, utcnow

SMTP_TIMEOUT_S = 30  # per network operation
# A claim lapses after this: far longer than one message's SMTP conversation, so a live sender never loses it.
CLAIM_LEASE = timedelta(minutes=5)
UNCONFIRMED = ("the sender stopped while the mail server was receiving this message: it may have arrived. "
               "Check with the guest before sending it again")


@dataclass
class Delivery:
    sent: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (address, the server's reason) for good
    deferred: list[tuple[str, str]] = field(default_factory=list)  # temporary trouble: tried again next run


def pending_ids(event_id: int | None = None) -> list[int]:
    query = select(OutboxMessage.id).where(OutboxMessage.status == MailStatus.PENDING).order_by(OutboxMessage.id)
    if event_id is not None:
        query = query.where(OutboxMessage.event_id == event_id)
    return list(db.session.scalars(query))


def oldest_waiting() -> datetime | None:
    """When the longest-waiting pending message was queued (None when nothing waits)."""
    return db.session.scalar(select(OutboxMessage.created_at).where(OutboxMessage.status == MailStatus.PENDING)
                             .order_by(OutboxMessage.id).limit(1))


def deliver(ids: list[int], progress: Callable[[int], None] | None = None) -> Delivery:
    """Send the given pending messages; `progress(1)` after each one."""
    settle_interrupted()
    result = Delivery()
    smtp: _Smtp | None = None
    try:
        for message_id in ids:
            message = _claim(message_id)
            if message is not None:
                handed_over = False

                def hand_over(message: OutboxMessage = message) -> None:
                    nonlocal handed_over
                    _hand_over(message)
                    handed_over = True

                try:
                    smtp = smtp or _connect()
                    smtp.before_data = hand_over
                    smtp.send_message(build(message))
                except smtplib.SMTPRecipientsRefused as e:
                    code, reason = next(iter(e.recipients.values()))
                    _finish(message, MailStatus.FAILED, f"{code} {reason.decode(errors='replace')}")
                    result.failed.append((message.to_addr, f"{code} {reason.decode(errors='replace')}"))
                except (smtplib.SMTPException, OSError) as e:
                    reason = _reason(e)
                    answered = isinstance(e, smtplib.SMTPResponseException)
                    if handed_over and not answered:  # cut off during DATA: it may have arrived
                        _finish(message, MailStatus.FAILED, f"{UNCONFIRMED} ({reason})")
                        result.failed.append((message.to_addr, UNCONFIRMED))
                    else:
                        permanent = answered and 500 <= e.smtp_code < 600  # type: ignore[attr-defined]
                        _finish(message, MailStatus.FAILED if permanent else MailStatus.PENDING, reason)
                        (result.failed if permanent else result.deferred).append((message.to_addr, reason))
                    smtp = _close(smtp)  # the connection may be broken; open a new one for the next
                else:
                    _finish(message, MailStatus.SENT, None)
                    result.sent += 1
            if progress:
                progress(1)
    finally:
        _close(smtp)
    return result


def settle_interrupted() -> int:
    """Messages a sender handed to the server and then died before writing down the answer: failed, with the
    reason, once their claim has lapsed (never sent again by themselves)."""
    settled = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == MailStatus.PENDING, OutboxMessage.handed_over_at.is_not(None),
               OutboxMessage.handed_over_at < utcnow() - CLAIM_LEASE)
        .values(status=MailStatus.FAILED, last_error=UNCONFIRMED)).rowcount
    db.session.commit()
    return settled


def _claim(message_id: int) -> OutboxMessage | None:
    """Take one pending message; no other sender takes it while the claim holds."""
    now = utcnow()
    claimed = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == MailStatus.PENDING,
               OutboxMessage.handed_over_at.is_(None),
               or_(OutboxMessage.claimed_at.is_(None), OutboxMessage.claimed_at < now - CLAIM_LEASE))
        .values(attempts=OutboxMessage.attempts + 1, claimed_at=now)).rowcount
    db.session.commit()
    if claimed != 1:
        return None
    return db.session.get(OutboxMessage, message_id, populate_existing=True)


def _hand_over(message: OutboxMessage) -> None:
    message.handed_over_at = utcnow()
    db.session.commit()


def _finish(message: OutboxMessage, status: MailStatus, error: str | None) -> None:
    message.status = status
    message.last_error = error
    message.claimed_at = message.handed_over_at = None  # a deferred message is free for the next run at once
    if status == MailStatus.SENT:
        message.sent_at = utcnow()
    db.session.commit()


def build(message: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_FROM"]
    email["To"] = message.to_addr
    email["Subject"] = message.subject
    email["Message-ID"] = message.message_id
    email["Date"] = formatdate(localtime=False)
    email.set_content(message.body_text)
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
    for attachment in message.attachments or []:
        maintype, _, subtype = attachment["content_type"].partition("/")
        # The charset must be named, or readers take a calendar file for ASCII and lose CJK names.
        params = {"charset": "utf-8", **attachment.get("params", {})}
        email.add_attachment(attachment["content"].encode("utf-8"), maintype=maintype, subtype=subtype,
                             filename=attachment["filename"], params=params)
    return email


class _Smtp(smtplib.SMTP):
    """smtplib's client, telling the outbox the moment before DATA: until then the server holds nothing."""

    before_data: Callable[[], None] | None = None

    def data(self, msg: bytes | str) -> tuple[int, bytes]:
        if self.before_data is not None:
            self.before_data()
        return super().data(msg)


def _connect() -> _Smtp:
    config = current_app.config
    smtp = _Smtp(config["SMTP_HOST"], int(config["SMTP_PORT"]), timeout=SMTP_TIMEOUT_S)
    if config["SMTP_STARTTLS"]:
        smtp.starttls(context=ssl.create_default_context())
    if config["SMTP_USER"]:
        smtp.login(config["SMTP_USER"], config["SMTP_PASSWORD"] or "")
    return smtp


def _close(smtp: _Smtp | None) -> None:
    if smtp is not None:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


def _reason(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else error.smtp_error
        return f"{error.smtp_code} {text}"
    return f"{type(error).__name__}: {error}"
