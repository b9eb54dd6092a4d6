"""Sending invitations: queue each mail in the transaction that marks the invitation sent, then drain the
outbox. A crash or an SMTP error loses nothing; a re-run queues nothing twice and sends what is left."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from eventdesk import audit
from eventdesk.extensions import db
from eventdesk.mail import problems, sender
from eventdesk.models import Event, Invitation, MailStatus, OutboxMessage, Staff, Status

BATCH = 100  # invitations queued per transaction: a crash keeps every batch that committed


def unsent(event: Event) -> list[int]:
    """Invitations whose mail has not been queued yet (withdrawn ones are never sent)."""
    return list(db.session.scalars(select(Invitation.id).where(
        Invitation.event_id == event.id, Invitation.invited_at.is_(None), Invitation.status != Status.WITHDRAWN)
        .order_by(Invitation.id)))


def queue(event: Event, invitation_ids: list[int], *, staff: Staff | None = None, action: str = "invitations.send",
          progress: Callable[[int], None] | None = None) -> int:
    """Queue the invitation mail (with the calendar file) for each invitation; returns how many."""
    from eventdesk.rsvp import mails

    queued = 0
    for start in range(0, len(invitation_ids), BATCH):
        batch = db.session.scalars(select(Invitation).options(selectinload(Invitation.delegate))
                                   .where(Invitation.id.in_(invitation_ids[start:start + BATCH]),
                                          Invitation.event_id == event.id, Invitation.status != Status.WITHDRAWN)
                                   .order_by(Invitation.id)).all()
        for invitation in batch:
            mails.queue_invitation(invitation)
        queued += len(batch)
        if start + BATCH >= len(invitation_ids) and queued:
            audit.record(action, "event", event.id, staff=staff, event=event, changes={"invitations": [None, queued]})
        db.session.commit()
        if progress:
            progress(len(batch))
    return queued


def deliver(event: Event, limit: int | None = None,
            progress: Callable[[int], None] | None = None) -> sender.Delivery:
    """Send the event's pending mail (at most `limit` messages)."""
    ids = sender.pending_ids(event.id)
    return sender.deliver(ids if limit is None else ids[:limit], progress=progress)


@dataclass
class MailState:
    pending: int = 0
    sent: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (address, the server's reason)
    deferred: list[tuple[str, str]] = field(default_factory=list)  # pending after a temporary refusal
    unsent_invitations: int = 0

    @property
    def problem(self) -> str | None:
        """What stops the waiting mail, in the page's language (the first trouble's explanation)."""
        return problems.explain(self.deferred[0][1]) if self.deferred else None

    def as_dict(self) -> dict[str, object]:
        return {"pending": self.pending, "sent": self.sent, "unsent_invitations": self.unsent_invitations,
                "problem": self.problem,
                "failed": [{"email": a, "reason": r, "explanation": problems.explain(r)} for a, r in self.failed],
                "deferred": [{"email": a, "reason": r, "explanation": problems.explain(r)} for a, r in self.deferred]}


@dataclass(frozen=True)
class InvitationMail:
    """Where an invitation's latest invitation mail stands: pending, sent (with the time) or failed."""

    status: str
    sent_at: datetime | None
    reason: str | None

    @property
    def explanation(self) -> str | None:
        return problems.explain(self.reason) if self.reason and self.status != MailStatus.SENT else None


def invitation_mail(invitation_ids: list[int]) -> dict[int, InvitationMail]:
    """The latest invitation mail of each invitation (none for those never queued)."""
    if not invitation_ids:
        return {}
    latest = (select(func.max(OutboxMessage.id)).where(OutboxMessage.invitation_id.in_(invitation_ids),
                                                       OutboxMessage.kind == "invitation")
              .group_by(OutboxMessage.invitation_id))
    return {invitation_id: InvitationMail(MailStatus(status).value, sent_at, reason)
            for invitation_id, status, sent_at, reason in db.session.execute(
                select(OutboxMessage.invitation_id, OutboxMessage.status, OutboxMessage.sent_at,
                       OutboxMessage.last_error).where(OutboxMessage.id.in_(latest)))}


def state(event: Event) -> MailState:
    """Where the event's mail stands: how many wait, were sent, and which addresses failed and why."""
    counts = dict(db.session.execute(select(OutboxMessage.status, func.count()).where(
        OutboxMessage.event_id == event.id).group_by(OutboxMessage.status)).all())
    troubles = db.session.execute(select(OutboxMessage.status, OutboxMessage.to_addr, OutboxMessage.last_error).where(
        OutboxMessage.event_id == event.id, OutboxMessage.last_error.is_not(None),
        OutboxMessage.status != MailStatus.SENT).order_by(OutboxMessage.id).limit(500)).all()
    unsent_count = db.session.scalar(select(func.count()).select_from(Invitation).where(
        Invitation.event_id == event.id, Invitation.invited_at.is_(None), Invitation.status != Status.WITHDRAWN))
    return MailState(pending=counts.get(MailStatus.PENDING, 0), sent=counts.get(MailStatus.SENT, 0),
                     failed=[(a, r or "") for s, a, r in troubles if s == MailStatus.FAILED],
                     deferred=[(a, r or "") for s, a, r in troubles if s == MailStatus.PENDING],
                     unsent_invitations=unsent_count or 0)
