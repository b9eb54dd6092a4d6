"""/api/v1/events/<slug>/invitations: the guest list, searched and filtered as on the organisers' page.

Door staff may look guests up; only organisers see each guest's personal RSVP link (it is the key to the
guest's answer, so it is left out of everyone else's answers).
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from eventdesk.api.auth import current_staff, token_required
from eventdesk.api.blueprint import PREFIX, ApiBlueprint
from eventdesk.api.schemas import Text
from eventdesk.attendance import picture
from eventdesk.events import service as events
from eventdesk.guests import listing
from eventdesk.models import Event, Invitation, Mode, StaffRole, Status
from eventdesk.rsvp.links import personal_url

blp = ApiBlueprint("api_invitations", __name__, url_prefix=f"{PREFIX}/events/<slug:slug>/invitations",
                   description="The guest list: search by any name form, e-mail or organisation; filter by answer.")


class InvitationQuerySchema(Schema):
    q = Text(load_default="", validate=validate.Length(max=200),
             metadata={"description": "part of a name in any script (Han in any of its forms, kana, Latin) or of "
                                      "its reading, an e-mail or an organisation"})
    status = fields.String(validate=validate.OneOf([s.value for s in Status]))
    mode = fields.String(validate=validate.OneOf([m.value for m in Mode]),
                         metadata={"description": "the answered mode"})
    attendance = fields.String(validate=validate.OneOf(listing.ATTENDANCE), metadata={
        "description": "the attendance summary: in_person (the hall only), online (only), both, or no_show "
                       "(accepted, neither; before the end: not there yet)"})
    page = fields.Integer(load_default=1, validate=validate.Range(1, 100_000))
    per_page = fields.Integer(load_default=listing.PER_PAGE, validate=validate.Range(1, listing.MAX_PER_PAGE))


class GuestSchema(Schema):
    family_name = fields.String(required=True, allow_none=True, metadata={"description": "native script"})
    given_name = fields.String(required=True, allow_none=True)
    family_name_latin = fields.String(required=True, allow_none=True)
    given_name_latin = fields.String(required=True, allow_none=True)
    family_name_reading = fields.String(required=True, allow_none=True,
                                        metadata={"description": "how the native name is read: yomigana, pinyin"})
    given_name_reading = fields.String(required=True, allow_none=True)
    name = fields.String(required=True, metadata={"description": "as written in the guest's own script"})
    name_latin = fields.String(required=True)
    honorific = fields.String(required=True, allow_none=True)
    position = fields.String(required=True, allow_none=True)
    organisation = fields.String(required=True)
    organisation_kind = fields.String(required=True)
    country = fields.String(required=True, allow_none=True, metadata={"description": "ISO 3166-1 alpha-2"})
    role = fields.String(required=True)
    language = fields.String(required=True, metadata={"description": "en, zh or ja"})


class InHallSchema(Schema):
    at = fields.String(required=True, metadata={"description": "the first admission, ISO 8601 with the event's offset"})
    door = fields.String(required=True, allow_none=True)
    source = fields.String(required=True, validate=validate.OneOf(["door_scan", "manual_admission"]), metadata={
        "description": "a badge scanned at a door, or admitted by hand (a forgotten badge, present at the signing "
                       "table)"})


class OnlineSchema(Schema):
    first_joined_at = fields.String(required=True, allow_none=True, metadata={
        "description": "ISO 8601 with the event's offset; null when the only report gives a total duration"})
    minutes = fields.Integer(required=True, metadata={
        "description": "time online from the platforms' reports: rejoins add up, overlaps count once"})
    rooms = fields.List(fields.String(), required=True)
    sources = fields.List(fields.String(), required=True, metadata={
        "description": "join_link (the personal join link) and/or the imported reports' file names"})


class AttendanceSchema(Schema):
    in_person = fields.Nested(InHallSchema, required=True, allow_none=True)
    online = fields.Nested(OnlineSchema, required=True, allow_none=True)
    summary = fields.String(required=True, validate=validate.OneOf([s.value for s in picture.Summary]), metadata={
        "description": "in_person, online or both; no_show once the event has ended, not_yet before"})


class InvitationSchema(Schema):
    id = fields.Integer(required=True)
    email = fields.String(required=True)
    delegate = fields.Nested(GuestSchema, required=True)
    status = fields.String(required=True, validate=validate.OneOf([s.value for s in Status]))
    mode = fields.String(required=True, allow_none=True, validate=validate.OneOf([m.value for m in Mode]))
    proposed_mode = fields.String(required=True, allow_none=True)
    checked_in_at = fields.DateTime(required=True, allow_none=True,
                                    metadata={"description": "first admission at a door, with the event's offset"})
    attendance = fields.Nested(AttendanceSchema, required=True)
    rsvp_url = fields.String(metadata={"description": "the guest's personal link (organisers only)"})


class InvitationListSchema(Schema):
    items = fields.List(fields.Nested(InvitationSchema), required=True)
    total = fields.Integer(required=True, metadata={
        "description": "all invitations matching q, status, mode and attendance"})
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)


@blp.get("")
@token_required(StaffRole.DOOR)
@blp.arguments(InvitationQuerySchema, location="query")
@blp.response(200, InvitationListSchema)
@blp.alt_response(400, response="BAD_REQUEST")
@blp.alt_response(404, response="NOT_FOUND")
def list_invitations(query: dict[str, Any], slug: str) -> dict[str, Any]:
    """The guest list, a page at a time (door staff, organisers)

    `rsvp_url` is present only for organisers.
    """
    event = events.get(slug)
    page = listing.guest_page(event, listing.GuestFilter(
        q=query["q"].strip(), status=query.get("status"), mode=query.get("mode"),
        attendance=query.get("attendance"), page=query["page"], per_page=query["per_page"]))
    with_links = current_staff().role == StaffRole.ORGANISER
    found = picture.picture(event, [i.id for i in page.invitations])
    return {"items": [shown(event, i, found.of(i.id), with_links) for i in page.invitations],
            "total": page.total, "page": page.filter.page, "per_page": page.filter.per_page}


def shown(event: Event, invitation: Invitation, attendance: picture.Attendance, with_link: bool) -> dict[str, Any]:
    delegate = invitation.delegate
    organisation = delegate.organisation
    item = {
        "id": invitation.id, "email": delegate.email, "status": invitation.status.value,
        "mode": invitation.mode.value if invitation.mode else None,
        "proposed_mode": invitation.proposed_mode.value if invitation.proposed_mode else None,
        "checked_in_at": event.local(attendance.in_hall.at) if attendance.in_hall else None,
        "attendance": attendance.as_api(event),
        "delegate": {
            "family_name": delegate.family_name, "given_name": delegate.given_name,
            "family_name_latin": delegate.family_name_latin, "given_name_latin": delegate.given_name_latin,
            "family_name_reading": delegate.family_name_reading, "given_name_reading": delegate.given_name_reading,
            "name": delegate.native_name, "name_latin": delegate.latin_name, "honorific": delegate.honorific,
            "position": delegate.position, "organisation": organisation.name,
            "organisation_kind": organisation.kind.value, "country": organisation.country,
            "role": delegate.role.value, "language": delegate.language.value},
    }
    if with_link:
        item["rsvp_url"] = personal_url(invitation)
    return item

