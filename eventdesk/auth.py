"""Staff sign-in and the role check every staff page goes through."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Email

from eventdesk.errors import Refused
from eventdesk.extensions import db, login_manager
from eventdesk.models import Staff, StaffRole
from eventdesk.staff import service

bp = Blueprint("auth", __name__)

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please sign in to see this page.")
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_staff(session_id: str) -> Staff | None:
    """The account of a session id (`Staff.get_id`), unless its sessions were ended since."""
    staff_id, _, version = session_id.partition(".")
    if not (staff_id.isdigit() and version.isdigit()):
        return None
    staff = db.session.get(Staff, int(staff_id))
    return staff if staff is not None and staff.session_version == int(version) else None


def roles_required(*roles: StaffRole) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Signed-in staff whose role is among `roles` (organisers always pass); others get 403. On a route of an
    event, staff limited to other events get the page of an event that does not exist (404)."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        @login_required
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if not current_user.may(*roles):
                abort(403)
            slug = kwargs.get("slug", g.get("slug"))  # the guest pages keep their event's slug in g
            if slug is not None:
                service.check_event(service.event_limits(current_user.id), slug)
            return view(*args, **kwargs)

        return guarded

    return decorate


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email()],
                       render_kw={"autocomplete": "username", "autofocus": True})
    password = PasswordField(_l("Password"), validators=[DataRequired()],
                             render_kw={"autocomplete": "current-password"})


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    form = LoginForm()
    if form.validate_on_submit():
        try:
            staff = service.authenticate(form.email.data, form.password.data, request.remote_addr)
        except Refused as refusal:  # too many failed sign-ins
            flash(refusal.message, "error")
            return (render_template("auth/login.html", form=form), refusal.status,
                    {"Retry-After": str(service.SIGN_IN_LOCKOUT)})
        if staff is not None:
            login_user(staff)
            return redirect(_safe_next(request.args.get("next")) or url_for(home_endpoint(staff)))
        flash(_l("That e-mail and password do not match an active staff account."), "error")
    return render_template("auth/login.html", form=form), 200 if request.method == "GET" else 400


@bp.post("/logout")
@login_required
def logout() -> Any:
    current_user.end_sessions()  # copies of this session's cookie stop working too
    db.session.commit()
    logout_user()
    flash(_l("You are signed out."), "info")
    return redirect(url_for("auth.login"))


def home_endpoint(staff: Staff) -> str:
    return "organisers.home"


def _safe_next(target: str | None) -> str | None:
    """Only same-site paths, so the login form cannot bounce someone to another site."""
    if not target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc and target.startswith("/") else None
