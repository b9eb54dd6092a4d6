"""Reminding guests who have not answered: a reminder, then a last call before the RSVP deadline. Each is a mail
of its own (not the invitation again) and each round reaches a guest at most once, however often it is run:
the outbox remembers who had which (a round counts once queued, even if a newer mail replaced it unsent)."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import gettext as _
from sqlalchemy import exists, select
from sqlalchemy.orm import aliased, selectinload

from eventdesk import audit
from eventdesk.errors import Refused
from eventdesk.extensions import db
from eventdesk.models import Event, Invitation, MailStatus, OutboxMessage, Staff, Status
from eventdesk.rsvp import mails
from eventdesk.rsvp import service as rsvp

ROUNDS = ("reminder", "last_call")
BATCH = 100  # reminders queued per transaction, as for invitations


def due(event: Event, round_: str) -> list[int]:
    """Guests who were sent the invitation, have not answered and have not had this round yet."""
    invitation_mail, this_round = aliased(OutboxMessage), aliased(OutboxMessage)
    return list(db.session.scalars(select(Invitation.id).where(
        Invitation.event_id == event.id, Invitation.status == Status.INVITED,
        exists().where(invitation_mail.invitation_id == Invitation.id, invitation_mail.kind == "invitation",
                       invitation_mail.status == MailStatus.SENT),
        ~exists().where(this_round.invitation_id == Invitation.id, this_round.kind == round_))
        .order_by(Invitation.id)))


def remind(event: Event, round_: str, *, staff: Staff | None = None,
           progress: Callable[[int], None] | None = None) -> int:
    """Queue this round's mail to every guest due for it; returns how many. Refused once answers are closed."""
    if round_ not in ROUNDS:
        raise Refused("invalid_round", _("Choose a reminder or the last call."))
    if not rsvp.is_open(event):
        raise Refused("rsvp_closed", _("Answers are closed: there is nothing left to remind guests of."),
                      status=409)
    ids = due(event, round_)
    for start in range(0, len(ids), BATCH):
        batch = db.session.scalars(select(Invitation).options(selectinload(Invitation.delegate))
                                   .where(Invitation.id.in_(ids[start:start + BATCH])).order_by(Invitation.id)).all()
        for invitation in batch:
            mails.queue_reminder(invitation, last_call=round_ == "last_call")
        if start + BATCH >= len(ids):
            audit.record(f"invitations.{round_}", "event", event.id, staff=staff, event=event,
                         changes={"guests": [None, len(ids)]})
        db.session.commit()
        if progress:
            progress(len(batch))
    return len(ids)


def resend_invitation(invitation: Invitation, *, staff: Staff | None = None) -> None:
    """The invitation mail once more to one guest (the same personal link); a waiting copy is replaced."""
    if invitation.status == Status.WITHDRAWN:
        raise Refused("withdrawn", _("This invitation is withdrawn: it cannot be sent again."), status=409)
    mails.queue_invitation(invitation)
    audit.record("invitations.resend", "invitation", invitation.id, staff=staff, event=invitation.event,
                 changes={"email": [None, invitation.delegate.email]})
    db.session.commit()
