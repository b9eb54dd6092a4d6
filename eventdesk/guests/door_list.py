"""The door list on paper: every guest expected in the hall, by organisation, with the badge number and a box to
tick; those admitted when it was printed are marked. For a door whose scanner or network fails, and for
seeing who has not arrived yet."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import render_template, request
from sqlalchemy import and_, select

from eventdesk.auth import roles_required
from eventdesk.extensions import db
from eventdesk.guests.views import bp, current_event
from eventdesk.models import Badge, CheckIn, Delegate, Event, Invitation, Mode, Organisation, Status, utcnow


@dataclass
class Row:
    invitation: Invitation
    badge_serial: int | None
    admitted_at: datetime | None


@dataclass
class Group:
    organisation: Organisation
    rows: list[Row] = field(default_factory=list)


def expected_guests(event: Event, only_expected: bool = False) -> list[Group]:
    """Guests accepted in person, grouped by organisation (by name), each group by name; one query."""
    admitted = and_(CheckIn.invitation_id == Invitation.id, CheckIn.result == "admitted", CheckIn.undone_at.is_(None))
    valid_badge = and_(Badge.invitation_id == Invitation.id, Badge.revoked_at.is_(None))
    query = (select(Invitation, Organisation, Badge.serial, CheckIn.scanned_at)
             .join(Delegate, Delegate.id == Invitation.delegate_id)
             .join(Organisation, Organisation.id == Delegate.organisation_id)
             .outerjoin(Badge, valid_badge).outerjoin(CheckIn, admitted)
             .where(Invitation.event_id == event.id, Invitation.status == Status.ACCEPTED,
                    Invitation.mode == Mode.IN_PERSON)
             .order_by(Organisation.name, Delegate.family_name_latin, Delegate.family_name, Delegate.id))
    if only_expected:
        query = query.where(CheckIn.id.is_(None))
    groups: dict[int, Group] = {}
    for invitation, organisation, serial, admitted_at in db.session.execute(query):
        groups.setdefault(organisation.id, Group(organisation)).rows.append(Row(invitation, serial, admitted_at))
    return list(groups.values())


@bp.get("/guests/door-list")
@roles_required()
def door_list() -> Any:
    event = current_event()
    only_expected = request.args.get("arrival") == "expected"
    groups = expected_guests(event, only_expected)
    return render_template("guests/door_list.html", event=event, groups=groups, only_expected=only_expected,
                           total=sum(len(g.rows) for g in groups), printed_at=utcnow())
