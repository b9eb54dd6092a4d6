"""The audit log: who changed what, when. Append-only, and the database refuses updates and deletes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DDL, JSON, ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventdesk.models.base import Base, UTCDateTime, utcnow
from eventdesk.models.staff import Staff


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_event_at", "event_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(50))  # e.g. event.update, guest.import, agreement.sign
    entity: Mapped[str] = mapped_column(String(50))  # the kind of thing changed: event, invitation, ...
    entity_id: Mapped[str | None] = mapped_column(String(64))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # {field: [before, after]}

    staff: Mapped[Staff | None] = relationship()


# The same statements serve metadata.create_all (tests) and the migration, so both databases refuse
# rewriting history. ON DELETE SET NULL on staff/event would be an UPDATE, so those are allowed to null.
APPEND_ONLY_DDL = {
    "sqlite": [
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "WHEN NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.action IS NOT OLD.action "
        "OR NEW.entity IS NOT OLD.entity OR NEW.entity_id IS NOT OLD.entity_id "
        "OR NEW.changes IS NOT OLD.changes "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN IF TG_OP = 'DELETE' OR NEW.id IS DISTINCT FROM OLD.id OR NEW.at IS DISTINCT FROM OLD.at "
        "OR NEW.action IS DISTINCT FROM OLD.action OR NEW.entity IS DISTINCT FROM OLD.entity "
        "OR NEW.entity_id IS DISTINCT FROM OLD.entity_id OR NEW.changes::text IS DISTINCT FROM OLD.changes::text "
        "THEN RAISE EXCEPTION 'audit_log is append-only'; END IF; "
        "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$",
        "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    ],
}

for dialect, statements in APPEND_ONLY_DDL.items():
    for statement in statements:
        event.listen(AuditEntry.__table__, "after_create", DDL(statement).execute_if(dialect=dialect))
