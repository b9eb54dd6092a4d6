"""Creating, changing and counting events. The one place these rules live, for web, API and CLI."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import case, func, select

from eventdesk import audit
from eventdesk.errors import Conflict, NotFound, Refused
from eventdesk.extensions import db
from eventdesk.models import CheckIn, Event, Invitation, Mode, ScanResult, Staff, Status

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
# A change of any of these moves the event in people's calendars.
SCHEDULE_FIELDS = {"starts_at", "ends_at", "venue", "venues", "venue_address", "timezone", "latitude", "longitude"}
EDITABLE = {"title", "titles", "description", "timezone", "starts_at", "ends_at", "rsvp_deadline", "venue",
            "venues", "venue_address", "latitude", "longitude", "capacity", "online_url", "organiser_name",
            "organiser_email", "open_registration", "exchange_rates"}


def get(slug: str) -> Event:
    """The event with this slug; a slug no event could have is unknown without asking the database."""
    event = db.session.scalar(select(Event).where(Event.slug == slug)) if SLUG.match(slug) else None
    if event is None:
        raise NotFound("event", f"no event with slug {slug!r}")
    return event


def all_events() -> list[Event]:
    return list(db.session.scalars(select(Event).order_by(Event.starts_at.desc())))


def check_timezone(name: str) -> ZoneInfo:
    if name not in available_timezones():
        raise Refused("invalid_timezone", f"unknown timezone {name!r}: use an IANA name like Asia/Shanghai",
                      field="timezone")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as e:  # pragma: no cover - guarded above
        raise Refused("invalid_timezone", str(e), field="timezone") from e


def parse_local(value: str | datetime, tz: ZoneInfo, field: str) -> datetime:
    """An ISO 8601 time; without an offset it is read as local time in `tz` (see `localize`)."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError as e:
            raise Refused("invalid_time", _("%(field)s: %(value)s is not an ISO 8601 date and time", field=field,
                                            value=repr(value)), field=field) from e
    return localize(value, tz, field) if value.tzinfo is None else value


def localize(wall: datetime, tz: ZoneInfo, field: str) -> datetime:
    """A wall-clock time a person gave, as an instant in `tz`. A time the clocks skip when they go forward is
    refused, naming it; a time they show twice when they go back is the first of the two (as RFC 5545 reads
    it, so calendar files agree)."""
    if not wall_exists(wall, tz):
        raise Refused("nonexistent_time", _("%(time)s does not exist in %(zone)s: the clocks skip it when they go "
                                            "forward.", time=f"{wall:%Y-%m-%d %H:%M}", zone=tz.key), field=field)
    return wall.replace(tzinfo=tz, fold=0)


def wall_exists(wall: datetime, tz: ZoneInfo) -> bool:
    """Whether the clocks in `tz` ever show this (naive) time: one they skip changes on a round trip via UTC."""
    moment = wall.replace(tzinfo=tz, fold=0)
    return moment.astimezone(UTC).astimezone(tz).replace(tzinfo=None, fold=0) == moment.replace(tzinfo=None)


def create(*, slug: str, title: str, starts_at: str | datetime, ends_at: str | datetime, timezone: str,
           staff: Staff | None = None, **fields: Any) -> Event:
    slug = slug.strip().lower()
    if not SLUG.match(slug):
        raise Refused("invalid_slug", "a slug is 1-63 lower-case letters, digits and hyphens", field="slug")
    if db.session.scalar(select(Event.id).where(Event.slug == slug)) is not None:
        raise Conflict("slug_taken", f"the slug {slug!r} is already used by another event")
    if not title.strip():
        raise Refused("invalid_title", "an event needs a title", field="title")
    event = Event(slug=slug, title=title.strip(), timezone=timezone, starts_at=starts_at, ends_at=ends_at,
                  titles={}, venues={}, exchange_rates={}, schedule_sequence=0, open_registration=False)
    _apply(event, {"timezone": timezone, "starts_at": starts_at, "ends_at": ends_at, **fields})
    db.session.add(event)
    db.session.flush()
    audit.record("event.create", "event", event.id, staff=staff, event=event,
                 changes={"slug": [None, slug], "title": [None, event.title]})
    db.session.commit()
    return event


def update(event: Event, staff: Staff | None = None, **fields: Any) -> Event:
    unknown = set(fields) - EDITABLE
    if unknown:
        raise Refused("invalid_field", f"cannot change {', '.join(sorted(unknown))}")
    changed = _apply(event, fields)
    if changed.keys() & SCHEDULE_FIELDS:
        event.schedule_sequence += 1
    if changed:
        audit.record("event.update", "event", event.id, staff=staff, event=event, changes=changed)
    db.session.commit()
    before, after = changed.get("capacity", [None, None])
    if after is not None and (before is None or after > before):
        from eventdesk.rsvp import service as rsvp  # the answer rules build on events, not the other way round

        rsvp.fill_places(event)  # new places go to the waiting list in order; their e-mails join the outbox
    return event


def _apply(event: Event, fields: dict[str, Any]) -> dict[str, list[Any]]:
    """Validate and set fields; times without an offset are local to the (possibly new) timezone."""
    values = dict(fields)
    tz = check_timezone(values.get("timezone", event.timezone))
    for name in ("starts_at", "ends_at", "rsvp_deadline"):
        if values.get(name) is not None:
            values[name] = parse_local(values[name], tz, name)
    if "title" in values:
        values["title"] = (values["title"] or "").strip()
        if not values["title"]:
            raise Refused("invalid_title", "an event needs a title", field="title")
    if "venues" in values:
        values["venues"] = venue_names(values["venues"])
    if values.get("capacity") is not None and int(values["capacity"]) < 0:
        raise Refused("invalid_capacity", "the capacity cannot be negative", field="capacity")
    changed = audit.diff(event, values)
    # In UTC: times in one zone compare by their wall clocks, which an hour the clocks go back repeats.
    if event.ends_at.astimezone(UTC) <= event.starts_at.astimezone(UTC):
        raise Refused("invalid_time", _("The event must end after it starts."), field="ends_at")
    if event.rsvp_deadline is not None and event.rsvp_deadline.astimezone(UTC) > event.ends_at.astimezone(UTC):
        raise Refused("invalid_deadline", _("The RSVP deadline cannot be after the event ends."),
                      field="rsvp_deadline")
    return changed


def venue_names(names: Any) -> dict[str, str]:
    """The venue by language ({"zh": ..., "ja": ...}): languages the site speaks, one line each; empty ones left out."""
    if names is None:
        return {}
    languages = current_app.config["LANGUAGES"]
    if not isinstance(names, dict) or any(k not in languages or not isinstance(v, str) for k, v in names.items()):
        raise Refused("invalid_venues", f"venues maps a language ({', '.join(languages)}) to the venue's name",
                      field="venues")
    cleaned = {language: " ".join(name.split()) for language, name in names.items()}
    if any(len(name) > 300 for name in cleaned.values()):
        raise Refused("invalid_venues", "a venue's name has at most 300 characters", field="venues")
    return {language: name for language, name in sorted(cleaned.items()) if name}


@dataclass(frozen=True)
class Counts:
    invited: int = 0
    in_person: int = 0
    online: int = 0
    declined: int = 0
    waiting: int = 0
    no_answer: int = 0
    admitted: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def counts(event_ids: list[int]) -> dict[int, Counts]:
    """Answer and admission counts for many events in two queries (the home page lists them all)."""
    accepted = Invitation.status == Status.ACCEPTED

    def total(condition: Any) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    answers = db.session.execute(
        select(Invitation.event_id,
               total(Invitation.status != Status.WITHDRAWN),
               total(accepted & (Invitation.mode == Mode.IN_PERSON)),
               total(accepted & (Invitation.mode == Mode.ONLINE)),
               total(Invitation.status == Status.DECLINED),
               total(Invitation.status == Status.WAITING),
               total(Invitation.status == Status.INVITED))
        .where(Invitation.event_id.in_(event_ids)).group_by(Invitation.event_id))
    admitted = dict(db.session.execute(
        select(CheckIn.event_id, func.count())
        .where(CheckIn.event_id.in_(event_ids), CheckIn.result == ScanResult.ADMITTED,
               CheckIn.undone_at.is_(None))
        .group_by(CheckIn.event_id)).all())
    result = {event_id: Counts() for event_id in event_ids}
    for event_id, *numbers in answers:
        result[event_id] = Counts(*(int(n) for n in numbers), admitted=int(admitted.get(event_id, 0)))
    return result
