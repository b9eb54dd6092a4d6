"""The staff home (the events this account works on, with their live counts) and the organisers' list of staff
accounts."""

from typing import Any

from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from eventdesk import web
from eventdesk.auth import roles_required
from eventdesk.events import service as events
from eventdesk.models import StaffRole
from eventdesk.staff import service as staff

bp = Blueprint("organisers", __name__)

web.add_nav("organisers.staff_accounts", _l("Staff"), StaffRole.ORGANISER)


@bp.get("/")
@login_required
def home() -> Any:
    listed = staff.visible_events(current_user)
    return render_template("organisers/home.html", events=listed,
                           counts=events.counts([e.id for e in listed]))


@bp.get("/staff")
@roles_required(StaffRole.ORGANISER)
def staff_accounts() -> Any:
    """Each account's role and, for a limited one, its events (set with `eventdesk users limit`)."""
    return render_template("organisers/staff.html", accounts=staff.accounts())
