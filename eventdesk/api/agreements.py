"""/api/v1/events/<slug>/agreements: the running order, and recording a signing (clerks and organisers)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate
from sqlalchemy import select

from eventdesk.api.auth import current_staff, token_required
from eventdesk.api.blueprint import PREFIX, ApiBlueprint
from eventdesk.api.schemas import EventTime, Text
from eventdesk.events import service as events
from eventdesk.extensions import db
from eventdesk.models import Agreement, AgreementKind, AgreementStatus, Event, Invitation, SigningMode, StaffRole
from eventdesk.signing import money, service
from eventdesk.signing.labels import plain

blp = ApiBlueprint("api_agreements", __name__, url_prefix=f"{PREFIX}/events/<slug:slug>/agreements",
                   description="Agreements in running order, and the signing ledger's one write: a signing.")
REF_PARAMETER = {"in": "path", "name": "ref", "required": True,
                 "schema": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$", "maxLength": 40},
                 "description": "the agreement's reference number"}


class PartySchema(Schema):
    name = fields.String(required=True, metadata={"description": "in the organisation's own script"})
    name_latin = fields.String(required=True, allow_none=True)
    kind = fields.String(required=True, metadata={"description": "government, trade_body, corporate, media, other"})
    country = fields.String(required=True, allow_none=True)
    side = fields.String(required=True, allow_none=True, metadata={"example": "CN"})


class SignatorySchema(Schema):
    invitation_id = fields.Integer(required=True, allow_none=True, metadata={
        "description": "the signatory's invitation to this event (as in /invitations); null if not on its list"})
    name = fields.String(required=True)
    name_latin = fields.String(required=True)
    organisation = fields.String(required=True)
    remote = fields.Boolean(required=True, metadata={"description": "signs by video, so must have answered online"})
    admitted_at = fields.DateTime(required=True, allow_none=True, metadata={"description": "admitted at a door"})
    answered_online = fields.Boolean(required=True)
    present = fields.Boolean(required=True, metadata={
        "description": "the signing rules let this signatory sign: admitted in the hall (at a door, or marked present "
                       "at the signing table), or answered online for one who signs by video"})


class AgreementSchema(Schema):
    ref = fields.String(required=True)
    position = fields.Integer(required=True, metadata={"description": "place in the running order"})
    title = fields.String(required=True)
    titles = fields.Dict(keys=fields.String(), values=fields.String(), required=True,
                         metadata={"description": "the title by language (zh, ja, en)"})
    kind = fields.String(required=True, validate=validate.OneOf([k.value for k in AgreementKind]))
    parties = fields.List(fields.Nested(PartySchema), required=True)
    signatories = fields.List(fields.Nested(SignatorySchema), required=True)
    amount = fields.String(required=True, allow_none=True, metadata={
        "description": "major units, with the currency's decimal places (two for CNY, none for JPY)",
        "example": "1250000000.00"})
    currency = fields.String(required=True, metadata={"description": "ISO 4217", "example": "CNY"})
    amount_cny = fields.String(required=True, allow_none=True, metadata={
        "description": "the amount at the event's exchange rate; null without an amount or a rate"})
    status = fields.String(required=True, validate=validate.OneOf([s.value for s in AgreementStatus]))
    signed_at = fields.DateTime(required=True, allow_none=True,
                                metadata={"description": "ISO 8601 with the event's offset"})
    mode = fields.String(required=True, allow_none=True, validate=validate.OneOf([m.value for m in SigningMode]))


class AgreementListSchema(Schema):
    items = fields.List(fields.Nested(AgreementSchema), required=True)


class SignSchema(Schema):
    mode = Text(required=True, validate=validate.OneOf([m.value for m in SigningMode]),
                metadata={"description": "in_person or remote (by video)", "example": "in_person"})
    signed_at = EventTime(metadata={"description": "when it was signed, if not now; ISO 8601, without an offset "
                                                   "local to the event's timezone; not in the future"})


def shown(event: Event, agreements: list[Agreement]) -> list[dict[str, Any]]:
    people = {s.delegate_id for a in agreements for s in service.signatories(a)}
    present = service.presence(event, people)
    invitations = dict(db.session.execute(select(Invitation.delegate_id, Invitation.id).where(
        Invitation.event_id == event.id, Invitation.delegate_id.in_(people))).all()) if people else {}
    return [{
        "ref": a.ref, "position": a.position, "title": a.title, "titles": dict(a.titles or {}), "kind": a.kind.value,
        "parties": [{"name": p.organisation.name, "name_latin": p.organisation.name_latin,
                     "kind": p.organisation.kind.value, "country": p.organisation.country, "side": p.side}
                    for p in a.parties],
        "signatories": [{"invitation_id": invitations.get(s.delegate_id), "name": s.delegate.native_name,
                         "name_latin": s.delegate.latin_name,
                         "organisation": p.organisation.name, "remote": s.remote,
                         "admitted_at": event.local(state.admitted_at) if state.admitted_at else None,
                         "answered_online": state.online, "present": state.satisfies(s)}
                        for p in a.parties for s in p.signatories for state in [present[s.delegate_id]]],
        "amount": plain(a.amount, a.currency) or None, "currency": a.currency,
        "amount_cny": plain(money.in_cny(event, a)) or None,
        "status": a.status.value, "signed_at": event.local(a.signed_at) if a.signed_at else None,
        "mode": a.signing_mode.value if a.signing_mode else None,
    } for a in agreements]


@blp.get("")
@token_required(StaffRole.CLERK)
@blp.response(200, AgreementListSchema)
@blp.alt_response(404, response="NOT_FOUND")
def list_agreements(slug: str) -> dict[str, Any]:
    """The event's agreements in running order, with signatories' presence (clerks, organisers)"""
    event = events.get(slug)
    return {"items": shown(event, service.agreements(event))}


@blp.post("/<ref>/sign", parameters=[REF_PARAMETER])
@token_required(StaffRole.CLERK)
@blp.arguments(SignSchema)
@blp.response(200, AgreementSchema)
@blp.alt_response(400, response="BAD_REQUEST")
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def sign(body: dict[str, Any], slug: str, ref: str) -> dict[str, Any]:
    """Record a signing (clerks, organisers)

    However many clerks record the same agreement at once, exactly one signing is recorded. Signing one already
    signed answers 409 `already_signed`; a signatory in the hall not yet admitted at a door, or one by video who
    has not answered online, answers 409 `signatory_not_present` naming who is missing.
    """
    event = events.get(slug)
    agreement = service.get(event, ref)
    service.sign(agreement, body["mode"], signed_at=body.get("signed_at"), staff=current_staff())
    return shown(event, [agreement])[0]
