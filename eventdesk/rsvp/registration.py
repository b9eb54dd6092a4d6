"""Open registration: someone not on the guest list asks to attend; organisers approve or reject.

The form is anonymous, so it does the same work and gives the same answer whoever asks: it cannot tell
anyone who is invited (not by its page, not by its timing), sends no mail, and never changes a request
already made for the same address (the first stands; a stranger cannot rewrite someone else's). A guest
already on the list who lost their link asks like anyone else; approving that request sends the link
again. Approval makes an invitation with the requested mode and details and sends the personal link; the
place itself is taken (or the waiting list joined) when the delegate confirms through that link, which
also proves the address is theirs.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from eventdesk import audit
from eventdesk.errors import Conflict, NotFound, Refused
from eventdesk.extensions import db
from eventdesk.models import (
    Delegate,
    Event,
    Invitation,
    Language,
    Mode,
    Organisation,
    RegistrationRequest,
    RequestStatus,
    Staff,
    Status,
    utcnow,
)
from eventdesk.names import NotText, normalise
from eventdesk.rsvp import mails, service, throttle

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LIMITS = {"email": 254, "family_name": 100, "given_name": 100, "family_name_latin": 100,
          "given_name_latin": 100, "organisation": 300, "position": 200}
LABELS = {"email": _l("E-mail"), "family_name": _l("Family name"), "given_name": _l("Given name"),
          "family_name_latin": _l("Family name in Latin letters"),
          "given_name_latin": _l("Given name in Latin letters"), "organisation": _l("Organisation"),
          "position": _l("Position")}  # as the form names them


def open_event(slug: str) -> Event:
    """An event taking registrations; any other slug is simply not found."""
    event = db.session.scalar(select(Event).where(Event.slug == slug))
    if event is None or not event.open_registration:
        raise NotFound("event", _("This page does not exist."))
    return event


def request_place(event: Event, fields: dict[str, Any], address: str | None, now: datetime | None = None) -> None:
    """Take a request to attend for the organisers to decide; a later one for the same address changes nothing.
    Whether the address is on the guest list is not looked at here, so both take the same path."""
    now = now or utcnow()
    if not event.open_registration:
        raise NotFound("event", _("This page does not exist."))
    if not service.is_open(event, now):
        raise Conflict("rsvp_closed", _("Registration for this event has closed."))
    values = _clean(fields)
    if throttle.exceeded("registration", address, now):
        raise Refused("too_many_requests", _("Too many requests from your network. Please try again later."),
                      status=429)
    throttle.hit("registration", address, now)
    existing = db.session.scalar(select(RegistrationRequest.id).where(
        RegistrationRequest.event_id == event.id, RegistrationRequest.email == values["email"]))
    if existing is None:
        db.session.add(RegistrationRequest(event_id=event.id, created_at=now, **values))
    try:
        db.session.commit()
    except IntegrityError:  # the same address asked twice at the same moment; the first request stands
        db.session.rollback()


def pending(event: Event) -> list[RegistrationRequest]:
    return list(db.session.scalars(select(RegistrationRequest).where(
        RegistrationRequest.event_id == event.id).order_by(RegistrationRequest.status != RequestStatus.PENDING,
                                                           RegistrationRequest.created_at.desc())))


def on_guest_list(event: Event) -> set[str]:
    """The addresses among the requests that are invited already (for the organisers' page only)."""
    return set(db.session.scalars(select(RegistrationRequest.email).join(Delegate, Delegate.email ==
                                                                         RegistrationRequest.email)
                                  .join(Invitation, (Invitation.delegate_id == Delegate.id)
                                        & (Invitation.event_id == event.id))
                                  .where(RegistrationRequest.event_id == event.id)))


def get(event: Event, request_id: int) -> RegistrationRequest:
    request = db.session.get(RegistrationRequest, request_id)
    if request is None or request.event_id != event.id:
        raise NotFound("registration request", _("No such request to attend for this event."))
    return request


def asked_mode(invitation: Invitation) -> Mode | None:
    """How the guest asked to attend, when an approved request of theirs made (or found) this invitation: an
    answer they gave themselves, so their page shows it chosen, unlike a mode the organisers proposed."""
    return db.session.scalar(select(RegistrationRequest.mode).where(
        RegistrationRequest.invitation_id == invitation.id, RegistrationRequest.status == RequestStatus.APPROVED)
        .order_by(RegistrationRequest.id.desc()).limit(1))


def approve(request: RegistrationRequest, staff: Staff, now: datetime | None = None) -> list[int]:
    """Make the invitation and send its personal link; returns the queued e-mails' ids."""
    _undecided(request)
    delegate = db.session.scalar(select(Delegate).where(Delegate.email == request.email))
    if delegate is None:
        delegate = Delegate(email=request.email, family_name=request.family_name, given_name=request.given_name,
                            family_name_latin=request.family_name_latin, given_name_latin=request.given_name_latin,
                            position=request.position, language=request.language,
                            organisation=_organisation(request.organisation))
        db.session.add(delegate)
        db.session.flush()
    invitation = db.session.scalar(select(Invitation).where(Invitation.event_id == request.event_id,
                                                            Invitation.delegate_id == delegate.id))
    if invitation is None:
        invitation = Invitation(event_id=request.event_id, delegate=delegate, status=Status.INVITED,
                                proposed_mode=request.mode, details=dict(request.details or {}), sequence=0)
        db.session.add(invitation)
        db.session.flush()
    message = mails.queue_invitation(invitation)
    _decide(request, RequestStatus.APPROVED, staff, now)
    request.invitation_id = invitation.id
    audit.record("registration.approve", "registration_request", request.id, staff=staff, event=request.event,
                 changes={"status": ["pending", "approved"], "invitation_id": [None, invitation.id]})
    db.session.flush()
    ids = [message.id]
    db.session.commit()
    return ids


def reject(request: RegistrationRequest, staff: Staff, now: datetime | None = None) -> list[int]:
    _undecided(request)
    message = mails.queue_registration_rejected(request)
    _decide(request, RequestStatus.REJECTED, staff, now)
    audit.record("registration.reject", "registration_request", request.id, staff=staff, event=request.event,
                 changes={"status": ["pending", "rejected"]})
    db.session.flush()
    ids = [message.id]
    db.session.commit()
    return ids


def _undecided(request: RegistrationRequest) -> None:
    if request.status != RequestStatus.PENDING:
        raise Conflict("already_decided", _("This request has already been decided."))


def _decide(request: RegistrationRequest, status: RequestStatus, staff: Staff, now: datetime | None) -> None:
    request.status, request.decided_at, request.decided_by_id = status, now or utcnow(), staff.id


def _organisation(name: str) -> Organisation:
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == name))
    if organisation is None:
        organisation = Organisation(name=name)
        db.session.add(organisation)
    return organisation


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, limit in LIMITS.items():
        try:
            value = normalise(str(fields.get(name) or ""))
        except NotText as e:
            raise Refused("invalid_field", _("%(field)s contains an invisible control character (%(code)s): "
                                             "please remove it.", field=LABELS[name], code=e.code_point),
                          field=name) from e
        if len(value) > limit:
            raise Refused("invalid_field", _("Please keep this under %(limit)s characters.", limit=limit),
                          field=name)
        values[name] = value or None
    values["email"] = (values["email"] or "").lower()
    if not EMAIL.match(values["email"]):
        raise Refused("invalid_email", _("Please give a valid e-mail address."), field="email")
    if not values["organisation"]:
        raise Refused("invalid_field", _("Please name your organisation."), field="organisation")
    if not values["family_name"] and not values["family_name_latin"]:
        raise Refused("invalid_field", _("Please give your family name, in your own script or in Latin letters."),
                      field="family_name")
    try:
        values["language"] = Language(fields.get("language") or "en")
        values["mode"] = Mode(fields.get("mode"))
    except ValueError as e:
        raise Refused("invalid_field", _("Please choose one of the answers."), field="mode") from e
    values["details"] = service.clean_details(fields.get("details"))
    return values
