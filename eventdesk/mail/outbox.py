"""Queueing mail: a message joins the outbox in the caller's transaction, so it exists exactly when the
change that caused it was committed. The sender delivers it later. A newer mail to a guest drops the waiting
ones it makes wrong: a confirmation of an answer changed since, a reminder to answer once the guest has."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from sqlalchemy import update

from eventdesk.extensions import db
from eventdesk.models import Event, Invitation, MailStatus, OutboxMessage

ABOUT_THE_ANSWER = {"confirmation", "promotion", "cancellation"}
REMINDERS = {"reminder", "last_call"}
# kind queued → the kinds of waiting mail to the same invitation it replaces
REPLACES = {"confirmation": ABOUT_THE_ANSWER | REMINDERS, "promotion": ABOUT_THE_ANSWER | REMINDERS,
            "cancellation": ABOUT_THE_ANSWER | REMINDERS | {"invitation"}, "reminder": REMINDERS,
            "last_call": REMINDERS, "invitation": {"invitation"}}
REPLACED = "dropped unsent: a newer message to this guest replaced it"


@dataclass
class Attachment:
    filename: str
    content_type: str  # e.g. "text/calendar"
    content: str
    params: dict[str, str] = field(default_factory=dict)  # e.g. {"method": "REQUEST"}

    def as_dict(self) -> dict[str, Any]:
        return {"filename": self.filename, "content_type": self.content_type, "content": self.content,
                "params": self.params}


def queue(kind: str, to: str, subject: str, text: str, *, html: str | None = None,
          attachments: list[Attachment] | None = None, invitation: Invitation | None = None,
          event: Event | None = None) -> OutboxMessage:
    """Add a message to the outbox without committing: the caller's commit makes it real."""
    if invitation is not None and invitation.id is not None and kind in REPLACES:
        db.session.execute(update(OutboxMessage).where(
            OutboxMessage.invitation_id == invitation.id, OutboxMessage.status == MailStatus.PENDING,
            OutboxMessage.kind.in_(REPLACES[kind])).values(status=MailStatus.DROPPED, last_error=REPLACED))
    domain = current_app.config["MAIL_FROM"].rpartition("@")[2].strip(">") or "eventdesk.invalid"
    message = OutboxMessage(
        kind=kind, to_addr=to, subject=subject, body_text=text, body_html=html,
        attachments=[a.as_dict() for a in attachments or []],
        invitation_id=invitation.id if invitation is not None else None,
        event_id=(event.id if event is not None else invitation.event_id if invitation is not None else None),
        message_id=f"<{kind}.{secrets.token_hex(12)}@{domain}>", attempts=0)
    db.session.add(message)
    return message
