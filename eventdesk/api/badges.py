"""Badges over the API: an organiser re-issues one (lost, or the name corrected), and door devices fetch the
public keys that let them tell a genuine badge from a forgery without the network."""

from __future__ import annotations

from typing import Any

from flask import current_app
from marshmallow import Schema, fields

from eventdesk.api.auth import current_staff, token_required
from eventdesk.api.blueprint import PREFIX, ApiBlueprint
from eventdesk.badges import codec
from eventdesk.badges import service as badges
from eventdesk.errors import NotFound
from eventdesk.events import service as events
from eventdesk.extensions import db
from eventdesk.models import Invitation, StaffRole

blp = ApiBlueprint("api_badges", __name__, url_prefix=PREFIX,
                   description="Badges: re-issue one; the public keys that verify badge codes offline.")

CODE_FORMAT = ('"ED" + key id (one character) + upper-case base32, without padding, of 16 bytes (big-endian '
               'uint32 event id, uint64 invitation id, uint32 serial) and their 64-byte Ed25519 signature over '
               '"ED" + key id + those 16 bytes')


class BadgeSchema(Schema):
    invitation_id = fields.Integer(required=True)
    serial = fields.Integer(required=True, metadata={"description": "the new badge's serial"})
    revoked_serial = fields.Integer(required=True, allow_none=True, metadata={
        "description": "the serial it replaces, now refused at the doors as `revoked`"})
    issued_at = fields.DateTime(required=True)
    code = fields.String(required=True, metadata={"description": "the text of the new badge's QR code"})


class KeysSchema(Schema):
    keys = fields.Dict(keys=fields.String(), values=fields.String(), required=True, metadata={
        "description": "key id → base64 of the raw 32-byte Ed25519 public key"})
    format = fields.String(required=True, metadata={"description": "how a badge code is built"})


@blp.post("/events/<slug:slug>/invitations/<int(signed=True):invitation_id>/badge")
@token_required()
@blp.response(201, BadgeSchema)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def reissue(slug: str, invitation_id: int) -> dict[str, Any]:
    """Re-issue a guest's badge: a new serial, the old one revoked (organisers)

    Only a guest who accepted to attend in person has a badge (409 `not_in_person` otherwise).
    """
    event = events.get(slug)
    invitation = db.session.get(Invitation, invitation_id) if 0 < invitation_id < 2**31 else None  # INTEGER ids
    if invitation is None or invitation.event_id != event.id:
        raise NotFound("invitation", f"no invitation {invitation_id} at {slug}")
    old = badges.current(invitation)
    revoked_serial = old.serial if old is not None else None
    badge = badges.reissue(invitation, current_staff())
    return {"invitation_id": invitation.id, "serial": badge.serial, "revoked_serial": revoked_serial,
            "issued_at": badge.issued_at,
            "code": codec.encode(event.id, invitation.id, badge.serial, current_app.config)}


@blp.get("/badges/keys")
@token_required(StaffRole.DOOR)
@blp.response(200, KeysSchema)
def keys() -> dict[str, Any]:
    """The public keys that verify badge codes, for door devices that check badges offline (door staff,
    organisers)"""
    return {"keys": codec.public_keys(current_app.config), "format": CODE_FORMAT}
