"""A signatory at the signing table whom no door scanned (a side entrance, a badge left at the hotel): the clerk
marks them present. That is a manual admission through the door service's rule, so one admission per guest still
holds, the signing rules then see the signatory as admitted, and the attendance picture says who marked it."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from eventdesk.door import service as door
from eventdesk.errors import Conflict, NotFound, Refused
from eventdesk.extensions import db
from eventdesk.models import Agreement, Invitation, ScanResult, Signatory, Staff
from eventdesk.names import clean_text
from eventdesk.rsvp.labels import answer_label
from eventdesk.signing import service

TABLE = "Signing table"  # the "door" of such admissions, as door staff name theirs
NOTE_LENGTH = 500


def mark_present(agreement: Agreement, delegate_id: int, *, staff: Staff, note: str | None = None) -> None:
    """Admit a signatory of `agreement` in the hall, by hand, at the signing table."""
    event = agreement.event
    signatory = next((s for s in service.signatories(agreement) if s.delegate_id == delegate_id), None)
    if signatory is None:
        raise NotFound("signatory", _("%(ref)s has no such signatory.", ref=agreement.ref))
    name = signatory.delegate.display_name
    if signatory.remote:
        raise Refused("remote_signatory", _("%(name)s signs by video: only a signatory in the hall can be marked "
                                            "present at the table.", name=name), status=409)
    invitation = db.session.scalar(select(Invitation).where(Invitation.event_id == event.id,
                                                            Invitation.delegate_id == delegate_id))
    if invitation is None:
        raise Refused("not_invited", _("%(name)s is not on this event's guest list.", name=name), status=409)
    admitted = service.presence(event, {delegate_id})[delegate_id]
    if admitted.admitted_at is not None:
        raise _already(signatory, admitted.admitted_at, admitted.door)
    if not invitation.attends_in_person:
        raise Refused("not_in_person", _("%(name)s has not accepted to attend in person (the answer: %(answer)s). An "
                                         "organiser can change the answer on the guest's page.", name=name,
                                         answer=answer_label(invitation)), status=409)
    outcome = door.admit_manually(event, invitation, door=TABLE, staff=staff, note=_note(agreement, note),
                                  audit_action="signatory.present")
    if outcome.result == ScanResult.ALREADY_ADMITTED:  # a door admitted them a moment ago
        first = outcome.answer.get("first_admitted_at")
        raise _already(signatory, first, outcome.answer.get("first_admitted_door"))


def _already(signatory: Signatory, at: datetime | str | None, where: str | None) -> Conflict:
    moment = datetime.fromisoformat(at) if isinstance(at, str) else at
    time = signatory.party.agreement.event.local(moment).strftime("%H:%M") if moment else ""
    return Conflict("already_admitted", _("%(name)s was already admitted at %(time)s (%(door)s): there is nothing "
                                          "to mark.", name=signatory.delegate.display_name, time=time,
                                          door=where or "—"))


def _note(agreement: Agreement, text: str | None) -> str:
    """Why, for the check-in and the audit log: the agreement, and what the clerk wrote (on one line)."""
    written = " ".join(clean_text(text).split())
    return f"{agreement.ref}: {written or 'present at the signing table'}"[:NOTE_LENGTH]
