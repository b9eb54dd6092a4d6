"""Delivering the outbox over SMTP. Each message is claimed, sent, and marked sent in its own short
transaction, so a crash or an SMTP error mid-way loses nothing and a re-run sends only what is left."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate

from flask import current_app
from sqlalchemy import select, update

from eventdesk.extensions import db
from eventdesk.models import MailStatus, OutboxMessage, utcnow


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
    result = Delivery()
    smtp: smtplib.SMTP | None = None
    try:
        for message_id in ids:
            message = _claim(message_id)
            if message is not None:
                try:
                    smtp = smtp or _connect()
                    smtp.send_message(build(message))
                except smtplib.SMTPRecipientsRefused as e:
                    code, reason = next(iter(e.recipients.values()))
                    _finish(message, MailStatus.FAILED, f"{code} {reason.decode(errors='replace')}")
                    result.failed.append((message.to_addr, f"{code} {reason.decode(errors='replace')}"))
                except (smtplib.SMTPException, OSError) as e:
                    reason = _reason(e)
                    permanent = isinstance(e, smtplib.SMTPResponseException) and 500 <= e.smtp_code < 600
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


def _claim(message_id: int) -> OutboxMessage | None:
    """Take one pending message; two senders running at once never both take it."""
    message = db.session.get(OutboxMessage, message_id, populate_existing=True)
    if message is None or message.status != MailStatus.PENDING:
        return None
    claimed = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == MailStatus.PENDING,
               OutboxMessage.attempts == message.attempts)
        .values(attempts=OutboxMessage.attempts + 1)).rowcount
    db.session.commit()
    return message if claimed == 1 else None


def _finish(message: OutboxMessage, status: MailStatus, error: str | None) -> None:
    message.status = status
    message.last_error = error
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


def _connect() -> smtplib.SMTP:
    config = current_app.config
    smtp = smtplib.SMTP(config["SMTP_HOST"], int(config["SMTP_PORT"]), timeout=30)
    if config["SMTP_STARTTLS"]:
        smtp.starttls(context=ssl.create_default_context())
    if config["SMTP_USER"]:
        smtp.login(config["SMTP_USER"], config["SMTP_PASSWORD"] or "")
    return smtp


def _close(smtp: smtplib.SMTP | None) -> None:
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
