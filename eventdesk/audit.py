"""Recording staff changes in the audit log; services call `record` inside their own transaction."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from eventdesk.extensions import db
from eventdesk.models import AuditEntry, Event, Staff


def record(action: str, entity: str, entity_id: object = None, *, staff: Staff | None = None,
           event: Event | None = None, changes: dict[str, Any] | None = None) -> AuditEntry:
    entry = AuditEntry(action=action, entity=entity, entity_id=None if entity_id is None else str(entity_id),
                       staff_id=staff.id if staff else None, event_id=event.id if event else None,
                       changes={k: _plain(v) for k, v in (changes or {}).items()})
    db.session.add(entry)
    return entry


def diff(obj: object, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Apply `values` to `obj` and return {field: [before, after]} for what really changed."""
    changed: dict[str, list[Any]] = {}
    for field, new in values.items():
        old = getattr(obj, field)
        if old != new:
            changed[field] = [old, new]
            setattr(obj, field, new)
    return changed


def _plain(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    return value
