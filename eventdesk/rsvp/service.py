"""The answer rules: attend in person, online, or decline; the RSVP deadline; the hall's capacity and its
waiting list. The delegate's page and the organisers' guest list both call these functions.

Every in-person answer first joins the waiting list, then the list fills the free places in the order
people joined it; so nobody overtakes, and capacity is checked in one place. The event's row is locked
for the whole change, so two answers at the same moment never both take the last place.
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select, text

from eventdesk import audit
from eventdesk.badges import service as badges
from eventdesk.errors import Conflict, Refused
from eventdesk.extensions import db
from eventdesk.models import Event, Invitation, Mode, Staff, Status, utcnow
from eventdesk.names import clean_text
from eventdesk.rsvp import dates, mails

CHOICES = ("in_person", "online", "decline")
TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
INTERPRETER_LANGUAGES = ("zh", "ja", "en")
# The details a delegate gives, with their longest length; other keys in Invitation.details are kept.
DETAIL_LIMITS = {"dietary": 200, "accessibility": 300, "interpreter": 2, "note": 1000}


@dataclass
class Outcome:
    invitation: Invitation | None  # the one answered; None when only the waiting list moved
    promoted: list[Invitation] = field(default_factory=list)  # others who got a place from this change
    mail_ids: list[int] = field(default_factory=list)  # queued by this change, for the sender


def by_token(token: str) -> Invitation | None:
    """The invitation behind a personal link, or None. The final comparison takes constant time."""
    if not TOKEN.match(token or ""):
        return None
    invitation = db.session.scalar(select(Invitation).where(Invitation.token == token))
    if invitation is None or not hmac.compare_digest(invitation.token.encode(), token.encode()):
        return None
    return invitation


def deadline(event: Event) -> datetime:
    return event.rsvp_deadline or event.starts_at


def is_open(event: Event, now: datetime | None = None) -> bool:
    return (now or utcnow()) < deadline(event)


def waiting_position(invitation: Invitation) -> int | None:
    """1 for the first on the waiting list."""
    if invitation.status != Status.WAITING or invitation.waiting_since is None:
        return None
    ahead = db.session.scalar(select(func.count()).select_from(Invitation).where(
        Invitation.event_id == invitation.event_id, Invitation.status == Status.WAITING,
        (Invitation.waiting_since < invitation.waiting_since)
        | ((Invitation.waiting_since == invitation.waiting_since) & (Invitation.id < invitation.id))))
    return int(ahead or 0) + 1


def clean_details(details: dict[str, Any] | None) -> dict[str, str]:
    """The delegate's details, trimmed and checked; empty ones dropped."""
    cleaned: dict[str, str] = {}
    for name, limit in DETAIL_LIMITS.items():
        value = (details or {}).get(name)
        value = clean_text(str(value)) if value is not None else ""
        if name != "note":
            value = " ".join(value.split())
        if name == "interpreter" and value and value not in INTERPRETER_LANGUAGES:
            raise Refused("invalid_details", _("Please choose one of the listed languages."), field=name)
        if len(value) > limit:
            raise Refused("invalid_details", _("Please keep this under %(limit)s characters.", limit=limit),
                          field=name)
        if value:
            cleaned[name] = value
    return cleaned


def answer(invitation: Invitation, choice: str, details: dict[str, Any] | None = None,
           now: datetime | None = None, staff: Staff | None = None) -> Outcome:
    """Record a delegate's answer. Before the deadline the delegate may change it as often as they like;
    organisers (`staff`) may record one at any time, and that goes to the audit log."""
    if choice not in CHOICES:
        raise Refused("invalid_answer", _("Please choose to attend in person, online, or decline."),
                      field="answer")
    now = now or utcnow()
    cleaned = None if details is None else clean_details(details)  # None keeps the details as they are
    event = _lock(invitation)
    if invitation.status == Status.WITHDRAWN:
        raise Conflict("withdrawn", _("This invitation has been withdrawn by the organisers."))
    if staff is None and not is_open(event, now):
        raise Conflict("rsvp_closed", _("Answers closed on %(deadline)s; your answer can no longer be changed.",
                                        deadline=dates.instant(event, deadline(event))))
    before = _state(invitation)
    if choice == "in_person":
        if not invitation.attends_in_person:
            invitation.waiting_since = invitation.waiting_since or now
            invitation.status, invitation.mode = Status.WAITING, Mode.IN_PERSON
    else:
        invitation.status = Status.ACCEPTED if choice == "online" else Status.DECLINED
        invitation.mode = Mode.ONLINE if choice == "online" else None
        invitation.waiting_since = None
    if cleaned is not None:
        kept = {k: v for k, v in (invitation.details or {}).items() if k not in DETAIL_LIMITS}
        invitation.details = {**kept, **cleaned}
    return _settle(event, invitation, before, now, staff, "invitation.answer")


def withdraw(invitation: Invitation, staff: Staff) -> Outcome:
    """Organisers withdraw an invitation: the delegate gets a cancellation, the next waiting one a place."""
    event = _lock(invitation)
    if invitation.status == Status.WITHDRAWN:
        raise Conflict("already_withdrawn", _("This invitation is already withdrawn."))
    before = _state(invitation)
    invitation.status, invitation.mode, invitation.waiting_since = Status.WITHDRAWN, None, None
    db.session.flush()
    outcome = Outcome(invitation)
    _changed(invitation, outcome, mails.queue_cancellation, staff)
    audit.record("invitation.withdraw", "invitation", invitation.id, staff=staff, event=event,
                 changes=_changes(before, invitation))
    _fill_places(event, outcome)
    db.session.commit()
    return outcome


def override(invitation: Invitation, status: Status | str, mode: Mode | str | None, staff: Staff,
             now: datetime | None = None) -> Outcome:
    """Organisers set an answer directly, e.g. seat a minister although the hall is full."""
    try:
        status = Status(status)
        mode = Mode(mode) if mode else None
    except ValueError as e:
        raise Refused("invalid_answer", _("Unknown status or mode.")) from e
    if status == Status.WITHDRAWN:
        return withdraw(invitation, staff)
    if status == Status.ACCEPTED and mode is None:
        raise Refused("invalid_answer", _("An accepted invitation needs a mode: in person or online."),
                      field="mode")
    now = now or utcnow()
    event = _lock(invitation)
    before = _state(invitation)
    invitation.status = status
    invitation.mode = Mode.IN_PERSON if status == Status.WAITING else mode if status == Status.ACCEPTED else None
    invitation.waiting_since = (invitation.waiting_since or now) if status == Status.WAITING else None
    return _settle(event, invitation, before, now, staff, "invitation.override")


def _settle(event: Event, invitation: Invitation, before: tuple[Any, ...], now: datetime, staff: Staff | None,
            action: str) -> Outcome:
    """After an answer changed: seat the waiting list, confirm to the delegate, log what staff did, commit."""
    db.session.flush()
    outcome = Outcome(invitation)
    _fill_places(event, outcome, acting=invitation)
    if _state(invitation) != before:
        invitation.answered_at = now
        _changed(invitation, outcome, mails.queue_confirmation, staff)
        if staff is not None:
            audit.record(action, "invitation", invitation.id, staff=staff, event=event,
                         changes=_changes(before, invitation))
    db.session.commit()
    return outcome


def fill_places(event: Event) -> Outcome:
    """After organisers raise the capacity: promote from the waiting list into the new places."""
    _lock_event(event)
    outcome = Outcome(None)
    _fill_places(event, outcome)
    db.session.commit()
    return outcome


def _lock(invitation: Invitation) -> Event:
    event = invitation.event
    _lock_event(event)
    db.session.refresh(invitation)  # what another answer committed while we waited for the lock
    return event


def _lock_event(event: Event) -> None:
    """Hold the event's row until commit: PostgreSQL locks it; SQLite lets one writer at a time, and a
    write as the first statement of the transaction takes that lock before anything is counted."""
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("UPDATE events SET capacity = capacity WHERE id = :id"), {"id": event.id})
    else:
        db.session.execute(select(Event.id).where(Event.id == event.id).with_for_update())
    db.session.refresh(event)


def _fill_places(event: Event, outcome: Outcome, acting: Invitation | None = None) -> None:
    """Give free places to the waiting list in order. The acting delegate gets their confirmation, not a
    promotion e-mail."""
    free = _free_places(event)
    while free > 0:
        waiting = db.session.scalar(
            select(Invitation).where(Invitation.event_id == event.id, Invitation.status == Status.WAITING)
            .order_by(Invitation.waiting_since, Invitation.id).limit(1)
            .execution_options(populate_existing=True))
        if waiting is None:
            return
        waiting.status, waiting.mode, waiting.waiting_since = Status.ACCEPTED, Mode.IN_PERSON, None
        db.session.flush()
        free -= 1
        if waiting is not acting:
            outcome.promoted.append(waiting)
            _changed(waiting, outcome, mails.queue_promotion)


def _free_places(event: Event) -> int | float:
    if event.capacity is None:
        return float("inf")
    taken = db.session.scalar(select(func.count()).select_from(Invitation).where(
        Invitation.event_id == event.id, Invitation.status == Status.ACCEPTED, Invitation.mode == Mode.IN_PERSON))
    return event.capacity - int(taken or 0)


def _changed(invitation: Invitation, outcome: Outcome, queue_mail: Any, staff: Staff | None = None) -> None:
    """An answer changed: calendars must update, the badge follow, and the delegate hear of it."""
    invitation.sequence += 1
    badges.sync(invitation, staff)
    message = queue_mail(invitation)
    db.session.flush()
    outcome.mail_ids.append(message.id)


def _state(invitation: Invitation) -> tuple[Any, ...]:
    return invitation.status, invitation.mode, dict(invitation.details or {})


def _changes(before: tuple[Any, ...], invitation: Invitation) -> dict[str, list[Any]]:
    after = _state(invitation)
    names = ("status", "mode", "details")
    return {name: [old, new] for name, old, new in zip(names, before, after, strict=True) if old != new}
