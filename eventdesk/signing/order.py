"""The running order: every agreement of an event numbered 1..N, without gaps or duplicates, whatever changes it
(the edit form, the API, an import, the up and down buttons of the desk and the agreements page)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from eventdesk import audit
from eventdesk.errors import Refused
from eventdesk.extensions import db
from eventdesk.models import Agreement, Event, Staff, utcnow


def place(event: Event, agreement: Agreement, position: int | None = None) -> dict[int, tuple[int, int]]:
    """Put `agreement` at `position` (1 is first; beyond the end is last; None keeps its place) and number every
    agreement of the event 1..N in that order. Returns the changed positions by agreement id: (before, after).
    The caller commits."""
    db.session.flush()
    # Read under a lock on the event on PostgreSQL, so two reorderings of one event take turns.
    db.session.execute(select(Event.id).where(Event.id == event.id).with_for_update())
    running = list(db.session.scalars(select(Agreement).where(Agreement.event_id == event.id)
                                      .order_by(Agreement.position, Agreement.id)))
    if position is not None and agreement in running:
        running.remove(agreement)
        running.insert(min(max(position, 1), len(running) + 1) - 1, agreement)
    changed = {}
    for number, each in enumerate(running, start=1):
        if each.position != number:
            changed[each.id] = (each.position, number)
            each.position = number
            each.updated_at = utcnow()
    return changed


def move(agreement: Agreement, steps: int, *, staff: Staff | None = None) -> Agreement:
    """Move an agreement `steps` places later (negative: earlier) in the running order, and number them again."""
    if steps not in (-1, 1):
        raise Refused("invalid_move", _("An agreement moves one place up or down at a time."), field="direction")
    event = agreement.event
    before = agreement.position
    place(event, agreement, agreement.position + steps)
    if before != agreement.position:
        audit.record("agreement.move", "agreement", agreement.id, staff=staff, event=event,
                     changes={"ref": [agreement.ref, agreement.ref], "position": [before, agreement.position]})
    db.session.commit()
    return agreement
