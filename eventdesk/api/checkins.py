"""/api/v1/events/<slug>/checkins: a door device's scan, the live counts, and the offline bundle a door device
decides scans with while the network is down (door staff and organisers).

The scan is the ceremony's busiest route: the view hands the body to door.service.scan and sends back the
service's answer as it is (the same JSON a retry with the scan's `scan_id` replays), without a second pass
through a schema; the schema below only documents it. The event's id comes from a per-process cache.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary
from zoneinfo import ZoneInfo

from flask import jsonify
from flask.typing import ResponseReturnValue
from marshmallow import Schema, fields, validate
from sqlalchemy import select
from sqlalchemy.engine import Engine

from eventdesk.api.auth import current_staff, token_required
from eventdesk.api.blueprint import PREFIX, ApiBlueprint
from eventdesk.api.schemas import EventTime, Text
from eventdesk.door import bundle, service
from eventdesk.errors import NotFound
from eventdesk.events import service as events
from eventdesk.extensions import db
from eventdesk.models import Event, Mode, Role, ScanResult, StaffRole, Status

blp = ApiBlueprint("api_checkins", __name__, url_prefix=f"{PREFIX}/events/<slug:slug>/checkins",
                   description="Door check-in: scan a badge's code at a door; admitted / expected counts.")
MAX_DOOR = 100  # what the doors table holds


class ScanSchema(Schema):
    # Not `Text`: a scanner may type anything, NUL and other control characters too; it is a readable scan.
    code = fields.String(required=True, validate=validate.Length(min=1), metadata={
        "description": "the QR code's text as scanned; any non-empty text is a readable scan (`invalid` when "
                       "it is not one of our badges), control characters and NUL included"})
    door = Text(required=True, validate=validate.Length(1, MAX_DOOR), metadata={
        "description": "the scanning door's name; a door is created on first use", "example": "North door"})
    scanned_at = EventTime(metadata={
        "description": "for a scan made offline: when it was made, which is then the admission time; "
                       "ISO 8601, without an offset local to the event's timezone; not before the badge was "
                       "issued, nor more than a minute after now"})
    scan_id = Text(validate=validate.Length(1, 100), metadata={
        "description": "made by the device, unique within the event: a retry with the same id returns the first "
                       "answer whatever its body, and records nothing twice"})
    offline_result = fields.String(validate=validate.OneOf([r.value for r in ScanResult]), metadata={
        "description": "for a scan decided offline: the result the door showed. A scan shown `admitted` whose "
                       "guest was admitted earlier elsewhere is answered `already_admitted` and kept as a "
                       "duplicate entry that organisers see"})


class ScannedGuestSchema(Schema):
    id = fields.Integer(required=True, metadata={"description": "the invitation's id"})
    name = fields.String(required=True, metadata={"description": "in the guest's own script"})
    name_latin = fields.String(required=True)
    organisation = fields.String(required=True)
    organisation_latin = fields.String(required=True, allow_none=True)
    role = fields.String(required=True, validate=validate.OneOf([r.value for r in Role]))
    status = fields.String(required=True, validate=validate.OneOf([s.value for s in Status]))
    mode = fields.String(required=True, allow_none=True, validate=validate.OneOf([m.value for m in Mode]))


class ScanAnswerSchema(Schema):
    result = fields.String(required=True, validate=validate.OneOf([r.value for r in ScanResult]), metadata={
        "description": "admitted (green); already_admitted (amber); revoked, not_in_person, wrong_event, "
                       "invalid (red)"})
    invitation = fields.Nested(ScannedGuestSchema, required=True, allow_none=True, metadata={
        "description": "whose badge it is: null for wrong_event and invalid"})
    door = fields.String(required=True, metadata={"description": "the door that scanned"})
    first_admitted_at = fields.DateTime(required=True, allow_none=True, metadata={
        "description": "when the guest was admitted (admitted, already_admitted), with the offset of the event's "
                       "timezone; null otherwise"})
    first_admitted_door = fields.String(allow_none=True, metadata={
        "description": "already_admitted only: the door that admitted the guest"})


class StatsSchema(Schema):
    admitted = fields.Integer(required=True, metadata={"description": "guests admitted (undone admissions left out)"})
    expected = fields.Integer(required=True, metadata={"description": "accepted in person"})
    by_door = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True,
                          metadata={"description": "admitted at each door", "example": {"North door": 120}})
    by_organisation_kind = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True, metadata={
        "description": "admitted by kind of organisation", "example": {"government": 80, "corporate": 40}})


@blp.post("")
@token_required(StaffRole.DOOR, hot_path=True)
# An instance, made once: given the class, webargs would make a schema (deep-copying its fields) for every scan.
@blp.arguments(ScanSchema(), error_status_code=400, example={"code": "EDA...", "door": "North door",
                                                           "scan_id": "tablet-3:000142"})
@blp.response(200, ScanAnswerSchema)
@blp.alt_response(400, response="BAD_REQUEST")
@blp.alt_response(404, response="NOT_FOUND")
def scan(body: dict[str, Any], slug: str) -> ResponseReturnValue:
    """Scan a badge at a door (door staff, organisers)

    Every readable scan answers 200 with its result and is recorded with time, door and staff account;
    however many doors scan one badge at the same moment, exactly one is `admitted`. A missing or empty
    `code` or `door` answers 400, and so does a `scanned_at` before the badge was issued or more than a
    minute after now. `first_admitted_at` carries the event's offset. A scan made offline (`scanned_at`) that
    is earlier than the guest's recorded admission becomes the admission, whatever order doors sync in; the
    later one is kept as a duplicate entry.
    """
    event = scanning_event(slug)
    scanned_at = body.get("scanned_at")
    if scanned_at is not None and scanned_at.tzinfo is None:  # local to the event's timezone, as of now
        timezone = db.session.scalar(select(Event.timezone).where(Event.id == event.id))
        scanned_at = events.localize(scanned_at, ZoneInfo(timezone), "scanned_at")
    shown = body.get("offline_result")
    outcome = service.scan(event, body["code"], door=body["door"], staff=current_staff(), scanned_at=scanned_at,
                           scan_id=body.get("scan_id"), shown_offline=ScanResult(shown) if shown else None)
    return jsonify(outcome.answer)


# Events are never deleted and their slugs never change, so a process may keep slug → event (per engine: per
# database). Loading the event's row on every scan would cost a fifth of the request, and building the stand-in
# a tenth.
_events: WeakKeyDictionary[Engine, dict[str, Event]] = WeakKeyDictionary()


def scanning_event(slug: str) -> Event:
    """The event a scan names, as door.service.scan needs it: its id (a transient object, never added nor
    changed, shared by the process's scans)."""
    known = _events.setdefault(db.engine, {})
    if slug not in known:
        event_id = db.session.scalar(select(Event.id).where(Event.slug == slug))
        if event_id is None:
            raise NotFound("event", f"no event with slug {slug!r}")
        known[slug] = Event(id=event_id, slug=slug)
    return known[slug]


@blp.get("/stats")
@token_required(StaffRole.DOOR)
@blp.response(200, StatsSchema)
@blp.alt_response(404, response="NOT_FOUND")
def stats(slug: str) -> service.Stats:
    """Admitted / expected, per door and per kind of organisation (door staff, organisers)"""
    return service.stats(events.get(slug))


class BundleQuerySchema(Schema):
    since = fields.String(metadata={"description": "the `cursor` of the bundle the device holds: only the guests "
                                                   "changed since are sent (an unknown cursor gets the whole bundle)"})


class BundleSchema(Schema):
    format = fields.Integer(required=True, metadata={"description": "1"})
    full = fields.Boolean(required=True, metadata={
        "description": "true: the whole roster, replacing the device's; false: changed guests only, replacing "
                       "theirs, and serials revoked since"})
    cursor = fields.String(required=True, metadata={"description": "send it back as `since` for the next delta"})
    server_time = fields.Integer(required=True, metadata={"description": "the server's clock, ms since the epoch"})
    event = fields.Dict(required=True, metadata={"description": "`id`, `slug`, `timezone`"})
    keys = fields.Dict(keys=fields.String(), values=fields.String(), required=True, metadata={
        "description": "key id → base64 of the raw 32-byte Ed25519 public key that verifies badge codes"})
    revoked = fields.List(fields.Integer(), required=True, metadata={"description": "revoked badge serials"})
    doors = fields.Dict(keys=fields.String(), values=fields.String(), required=True,
                        metadata={"description": "door id → name"})
    organisations = fields.Dict(keys=fields.String(), values=fields.List(fields.String(allow_none=True)),
                                required=True, metadata={"description": "id → [name, name in Latin letters]"})
    columns = fields.List(fields.String(), required=True, metadata={"description": "the order of each guest row"})
    guests = fields.List(fields.List(fields.Raw()), required=True, metadata={
        "description": "one row per invitation: id, serial of the valid badge (0: none), name, name in Latin "
                       "letters (empty when the same), search key, organisation id, role, status, mode, admitted "
                       "at (ms since the epoch, 0: not admitted), admitting door id"})
    variants = fields.Dict(keys=fields.String(), values=fields.String(), metadata={
        "description": "whole bundles only: characters the search folds to another (variant kanji, accented "
                       "letters), as the server's search does"})


@blp.get("/bundle")
@token_required(StaffRole.DOOR)
@blp.arguments(BundleQuerySchema, location="query", error_status_code=400)
@blp.response(200, BundleSchema)
@blp.alt_response(404, response="NOT_FOUND")
def offline_bundle(query: dict[str, Any], slug: str) -> ResponseReturnValue:
    """The offline bundle: what a door device needs to check badges without the network (door staff, organisers)

    The badge public keys, the revoked serials and the roster, compact JSON (gzip when accepted). Ask with
    `since` = the last bundle's `cursor` for the changes only.
    """
    return bundle.response(bundle.build(events.get(slug), query.get("since")))
