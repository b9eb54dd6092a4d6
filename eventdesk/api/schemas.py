"""Marshmallow schemas of the API: they validate requests, shape answers and write the OpenAPI document."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Any
from zoneinfo import available_timezones

from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate

from eventdesk.events.service import SLUG
from eventdesk.names import NotText, normalise

LANGUAGES = ("en", "zh", "ja")
MAX_CAPACITY = 1_000_000  # far above any hall, far below the database's integer limit


class Text(fields.String):
    """A string a database can keep: PostgreSQL refuses NUL characters and lone surrogates."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("metadata", {}).setdefault("pattern", "^[^\\u0000]*$")
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text or not _utf8(text):
            raise ValidationError(_("Contains a NUL character or an unpaired surrogate."))
        return text


class Line(Text):
    """One line people read (a title, a venue): the same normalisation as every name that enters."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        try:
            return normalise(super()._deserialize(value, attr, data, **kwargs))
        except NotText as e:
            raise ValidationError(_("Contains a control character (%(code)s).", code=e.code_point)) from e


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # an unpaired surrogate, which JSON's \ud800 escapes can carry
        return False
    return True


class EventTime(fields.DateTime):
    """ISO 8601. Answers carry the offset of the event's timezone; a request's time without an offset is local
    to the event's timezone (the service reads it so)."""

    EARLIEST, LATEST = 1970, 2100  # keeps every conversion between timezones inside what datetime can hold

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("metadata", {}).setdefault(
            "description", "ISO 8601; without an offset, local to the event's timezone (a time its clocks skip "
                           "is refused; one they show twice is the first of the two); years 1970-2100")
        super().__init__(**kwargs)

    def _serialize(self, value: datetime | None, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return None if value is None else value.astimezone(obj.tz).isoformat()

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        moment = super()._deserialize(value, attr, data, **kwargs)
        if not self.EARLIEST <= moment.year <= self.LATEST:
            raise ValidationError(_("The year must be between %(earliest)d and %(latest)d.",
                                    earliest=self.EARLIEST, latest=self.LATEST))
        return moment


class Coordinate(fields.Float):
    """Degrees within ±limit as a JSON number; kept as the database keeps them, to six decimal places."""

    def __init__(self, *, limit: int, **kwargs: Any) -> None:
        self.range = validate.Range(-limit, limit)
        super().__init__(validate=self.range, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Decimal:
        degrees = self.range(super()._deserialize(value, attr, data, **kwargs))  # before 1e308 overflows quantize
        return Decimal(str(degrees)).quantize(Decimal("0.000001"))


@cache
def timezones() -> frozenset[str]:
    return frozenset(available_timezones())


def known_timezone(name: str) -> None:
    if name not in timezones():
        raise ValidationError(_("Unknown timezone: use an IANA name like Asia/Shanghai."))


# Errors


class ErrorDetailSchema(Schema):
    code = fields.String(required=True, metadata={"description": "stable, for programs: e.g. slug_taken"})
    message = fields.String(required=True, metadata={"description": "for people"})
    field_problems = fields.Dict(keys=fields.String(), values=fields.Raw(), data_key="fields",
                                 metadata={"description": "problems by field name, when fields were invalid"})


class ErrorSchema(Schema):
    error = fields.Nested(ErrorDetailSchema, required=True)


# Events


class EventChangeSchema(Schema):
    """Any of an event's fields; a change of time or place raises the calendar files' SEQUENCE."""

    title = Line(validate=validate.Length(1, 300))
    titles = fields.Dict(keys=fields.String(validate=validate.OneOf(LANGUAGES)),
                         values=Line(validate=validate.Length(max=300)),
                         metadata={"description": "the title by language (en, zh, ja)"})
    timezone = Text(validate=[validate.Length(1, 64), known_timezone], metadata={"example": "Asia/Shanghai"})
    starts_at = EventTime()
    ends_at = EventTime()
    rsvp_deadline = EventTime(allow_none=True)
    venue = Line(allow_none=True, validate=validate.Length(max=300))
    venues = fields.Dict(keys=fields.String(validate=validate.OneOf(LANGUAGES)),
                         values=Line(validate=validate.Length(max=300)),
                         metadata={"description": "the venue's name by language (en, zh, ja); `venue` is the fallback"})
    venue_address = Line(allow_none=True, validate=validate.Length(max=500))
    online_url = Text(allow_none=True, validate=[validate.Length(max=500), validate.URL(schemes={"http", "https"})])
    latitude = Coordinate(limit=90, allow_none=True)
    longitude = Coordinate(limit=180, allow_none=True)
    capacity = fields.Integer(allow_none=True, strict=True, validate=validate.Range(0, MAX_CAPACITY),
                              metadata={"description": "places in the hall; null: no limit"})


class EventCreateSchema(EventChangeSchema):
    slug = fields.String(required=True, validate=validate.Regexp(SLUG),
                metadata={"description": "1-63 lower-case letters, digits and hyphens; the event's address"})
    title = Line(required=True, validate=validate.Length(1, 300))
    timezone = Text(required=True, validate=[validate.Length(1, 64), known_timezone],
                    metadata={"example": "Asia/Shanghai"})
    starts_at = EventTime(required=True)
    ends_at = EventTime(required=True)


class CountsSchema(Schema):
    invited = fields.Integer(required=True, metadata={"description": "invitations not withdrawn"})
    in_person = fields.Integer(required=True, metadata={"description": "accepted, in the hall"})
    online = fields.Integer(required=True, metadata={"description": "accepted, online"})
    declined = fields.Integer(required=True)
    waiting = fields.Integer(required=True, metadata={"description": "on the waiting list"})
    no_answer = fields.Integer(required=True)
    admitted = fields.Integer(required=True, metadata={"description": "admitted at a door"})


class EventSchema(Schema):
    slug = fields.String(required=True)
    title = fields.String(required=True)
    titles = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    timezone = fields.String(required=True)
    starts_at = EventTime(required=True)
    ends_at = EventTime(required=True)
    rsvp_deadline = EventTime(required=True, allow_none=True)
    venue = fields.String(required=True, allow_none=True)
    venues = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    venue_address = fields.String(required=True, allow_none=True)
    online_url = fields.String(required=True, allow_none=True)
    latitude = fields.Float(required=True, allow_none=True)
    longitude = fields.Float(required=True, allow_none=True)
    capacity = fields.Integer(required=True, allow_none=True)
    schedule_sequence = fields.Integer(required=True, metadata={
        "description": "rises whenever the time or place changes (the calendar files' SEQUENCE follows it)"})
    counts = fields.Nested(CountsSchema, required=True)


class EventListSchema(Schema):
    items = fields.List(fields.Nested(EventSchema), required=True)
