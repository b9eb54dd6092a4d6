"""/healthz for load balancers and monitoring: the database and the mail worker, told apart, naming no engine
or version. 200 while the database answers (mail that waits does not stop the door or the pages), 503 when not."""

from datetime import timedelta
from typing import Any

from flask import Blueprint
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from eventdesk.extensions import db
from eventdesk.mail import sender
from eventdesk.models import utcnow

bp = Blueprint("health", __name__)

# Pages send their own mail at once and the worker runs every 30 s or so: mail still waiting after this long
# means the worker is stopped or the SMTP server refuses it for now.
MAIL_LATE_AFTER = timedelta(minutes=10)


@bp.get("/healthz")
def healthz() -> Any:
    try:
        db.session.execute(text("SELECT 1"))
        waiting_since = sender.oldest_waiting()
    except SQLAlchemyError:
        db.session.rollback()
        return {"status": "down", "database": "down", "mail": "unknown"}, 503
    mail = "late" if waiting_since is not None and utcnow() - waiting_since > MAIL_LATE_AFTER else "ok"
    return {"status": "ok" if mail == "ok" else "degraded", "database": "ok", "mail": mail}
