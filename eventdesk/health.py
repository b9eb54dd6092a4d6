"""/healthz: 200 when the database answers, 503 when it does not (for load balancers)."""

from typing import Any

from flask import Blueprint
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from eventdesk.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Any:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as e:
        db.session.rollback()
        return {"status": "unavailable", "database": type(e).__name__}, 503
    return {"status": "ok", "database": db.engine.dialect.name}
