"""/api/v1/events: create, list, read and change events; each answer carries the event's counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eventdesk.api.auth import current_staff, token_required
from eventdesk.api.blueprint import PREFIX, ApiBlueprint
from eventdesk.api.schemas import EventChangeSchema, EventCreateSchema, EventListSchema, EventSchema
from eventdesk.events import service
from eventdesk.models import Event, StaffRole

blp = ApiBlueprint("api_events", __name__, url_prefix=f"{PREFIX}/events",
                   description="Events (the ceremonies) with their answer and admission counts.")


@dataclass(frozen=True)
class CountedEvent:
    """An event as the API shows it: its own fields and its counts."""

    event: Event
    counts: service.Counts

    def __getattr__(self, name: str) -> Any:
        return getattr(self.event, name)


def counted(events: list[Event]) -> list[CountedEvent]:
    numbers = service.counts([event.id for event in events])
    return [CountedEvent(event, numbers[event.id]) for event in events]


@blp.get("")
@token_required(StaffRole.ORGANISER)
@blp.response(200, EventListSchema)
def list_events() -> dict[str, Any]:
    """The events, latest first (organisers)"""
    return {"items": counted(service.all_events())}


@blp.post("")
@token_required(StaffRole.ORGANISER)
@blp.arguments(EventCreateSchema, example={
    "slug": "chengdu-2026", "title": "China–Japan Regional Cooperation Promotion", "timezone": "Asia/Shanghai",
    "starts_at": "2026-05-20T09:30:00", "ends_at": "2026-05-20T17:00:00", "venue": "Chengdu Exhibition Centre",
    "venues": {"zh": "成都会展中心", "ja": "成都展示センター"}, "capacity": 400,
    "rsvp_deadline": "2026-05-17T09:30:00+08:00"})
@blp.response(201, EventSchema)
@blp.alt_response(400, response="BAD_REQUEST")
@blp.alt_response(409, response="CONFLICT")
def create_event(fields: dict[str, Any]) -> CountedEvent:
    """Create an event (organisers)

    Times without an offset are local to `timezone`. A slug in use answers 409 `slug_taken`.
    """
    return counted([service.create(staff=current_staff(), **fields)])[0]


@blp.get("/<slug:slug>")
@token_required(*StaffRole)
@blp.response(200, EventSchema)
@blp.alt_response(404, response="NOT_FOUND")
def read_event(slug: str) -> CountedEvent:
    """The event with its counts (all staff)"""
    return counted([service.get(slug)])[0]


@blp.patch("/<slug:slug>")
@token_required(StaffRole.ORGANISER)
@blp.arguments(EventChangeSchema, example={"starts_at": "2026-05-20T10:00:00", "venue": "Hall B"})
@blp.response(200, EventSchema)
@blp.alt_response(400, response="BAD_REQUEST")
@blp.alt_response(404, response="NOT_FOUND")
def change_event(fields: dict[str, Any], slug: str) -> CountedEvent:
    """Change any of an event's fields (organisers)

    A change of time or place raises `schedule_sequence`, and with it every calendar file's SEQUENCE.
    """
    return counted([service.update(service.get(slug), staff=current_staff(), **fields)])[0]
