"""The staff home: every event with its live counts."""

from typing import Any

from flask import Blueprint, render_template
from flask_login import login_required

from eventdesk.events import service as events

bp = Blueprint("organisers", __name__)


@bp.get("/")
@login_required
def home() -> Any:
    listed = events.all_events()
    return render_template("organisers/home.html", events=listed,
                           counts=events.counts([e.id for e in listed]))
