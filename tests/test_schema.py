"""The migration history builds exactly the models' schema, on SQLite and PostgreSQL, and the database
itself holds the rules that must never break: one admission per guest, an append-only audit log."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from eventdesk.extensions import db
from eventdesk.models import AuditEntry, CheckIn, ScanResult
from tests.factories import make_event, make_invitation


def test_migrations_build_exactly_the_models_schema(empty_app: Flask) -> None:
    upgrade()
    with db.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                       db.metadata)
    assert differences == []


def test_migrations_downgrade_to_an_empty_database(empty_app: Flask) -> None:
    upgrade()
    assert "invitations" in inspect(db.engine).get_table_names()
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()  # and back up again: the history is repeatable
    assert "checkins" in inspect(db.engine).get_table_names()


def test_database_refuses_a_second_admission_of_the_same_guest(app: Flask) -> None:
    invitation = make_invitation(make_event(), status="accepted", mode="in_person")
    db.session.add(CheckIn(event_id=invitation.event_id, invitation_id=invitation.id, result=ScanResult.ADMITTED))
    db.session.commit()
    db.session.add(CheckIn(event_id=invitation.event_id, invitation_id=invitation.id, result=ScanResult.ADMITTED))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    # Repeat scans are logged freely; only the admission is unique.
    db.session.add(CheckIn(event_id=invitation.event_id, invitation_id=invitation.id,
                           result=ScanResult.ALREADY_ADMITTED))
    db.session.commit()


def test_audit_log_cannot_be_rewritten_even_with_sql(app: Flask) -> None:
    event = make_event()
    db.session.add(AuditEntry(action="event.update", entity="event", entity_id=str(event.id), changes={}))
    db.session.commit()
    for statement in ("UPDATE audit_log SET action = 'nothing.happened'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
    assert db.session.query(AuditEntry).count() == 1
