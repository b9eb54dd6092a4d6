"""The organisers' attendance-report pages: the reports imported, the upload with its preview, each report's
rows, and the names waiting for a decision. Thin: each view calls one service function."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from eventdesk.attendance import forms, imports, unmatched
from eventdesk.auth import roles_required
from eventdesk.errors import NotFound, Refused
from eventdesk.events import service as events
from eventdesk.extensions import db
from eventdesk.guests import listing
from eventdesk.models import AttendanceReport, AttendanceReportRow, Event, OnlineRoom

bp = Blueprint("attendance", __name__, url_prefix="/events/<slug>/attendance")
PREVIEW_ROWS = 300  # rows listed per outcome; the counts cover the whole file
FOUND = 20  # guests listed when searching for the one a name belongs to


@bp.get("")
@roles_required()
def reports(slug: str) -> Any:
    event = events.get(slug)
    listed = db.session.execute(
        select(AttendanceReport, func.count(AttendanceReportRow.id))
        .outerjoin(AttendanceReportRow, AttendanceReportRow.report_id == AttendanceReport.id)
        .where(AttendanceReport.event_id == event.id).group_by(AttendanceReport.id)
        .order_by(AttendanceReport.imported_at.desc())).all()
    waiting = len(unmatched.unmatched_names(event, suggest=False))
    return render_template("attendance/reports.html", event=event, reports=listed, waiting=waiting,
                           labels=forms)


@bp.route("/import", methods=["GET", "POST"])
@roles_required()
def upload(slug: str) -> Any:
    event = events.get(slug)
    form = forms.UploadForm().offer(event.timezone, _rooms(event))
    if not form.validate_on_submit():
        return render_template("attendance/upload.html", event=event, form=form), 400 if form.errors else 200
    data, filename = form.file.data.read(), form.file.data.filename or "report.csv"
    try:
        result = imports.import_report(event, data, filename, timezone=form.timezone.data or None,
                                       room=form.room.data or None, staff=current_user, dry_run=True)
    except Refused as e:
        form.file.errors = [e.message]
        return render_template("attendance/upload.html", event=event, form=form), 400
    confirm = forms.ConfirmForm(formdata=None, filename=filename, timezone=form.timezone.data or "",
                                room=form.room.data or "")
    return render_template("attendance/preview.html", event=event, result=result, confirm=confirm,
                           chunks=confirm.chunks(data), shown=PREVIEW_ROWS, labels=forms, local=_local(event))


@bp.post("/import/confirm")
@roles_required()
def confirm(slug: str) -> Any:
    event = events.get(slug)
    form = forms.ConfirmForm()
    if not form.validate_on_submit():
        flash(_("The preview had expired. Please upload the file again."), "error")
        return redirect(url_for(".upload", slug=slug))
    try:
        data = base64.b64decode("".join(request.form.getlist("content")), validate=True)
        result = imports.import_report(event, data, form.filename.data, timezone=form.timezone.data or None,
                                       room=form.room.data or None, staff=current_user)
    except (binascii.Error, ValueError, Refused):
        flash(_("The file could not be read again. Please upload it again."), "error")
        return redirect(url_for(".upload", slug=slug))
    counts = result.counts
    if result.already_imported:
        flash(_("%(file)s was imported before: nothing changed.", file=form.filename.data), "info")
    else:
        flash(_("Imported %(file)s: %(matched)s matched, %(left_out)s left out, %(unmatched)s unmatched.",
                file=form.filename.data, matched=counts["matched"], left_out=counts["left_out"],
                unmatched=counts["unmatched"]), "success")
    if counts["unmatched"]:
        return redirect(url_for(".names", slug=slug))
    return redirect(url_for(".report", slug=slug, report_id=result.report_id))


@bp.get("/reports/<int:report_id>")
@roles_required()
def report(slug: str, report_id: int) -> Any:
    event = events.get(slug)
    stored = db.session.scalar(select(AttendanceReport).where(AttendanceReport.id == report_id,
                                                              AttendanceReport.event_id == event.id))
    if stored is None:
        raise NotFound("report", _("That report is not one of this event's."))
    return render_template("attendance/report.html", event=event, result=imports.stored_result(stored),
                           imported_at=stored.imported_at, labels=forms, local=_local(event))


@bp.get("/unmatched")
@roles_required()
def names(slug: str) -> Any:
    event = events.get(slug)
    return render_template("attendance/unmatched.html", event=event, names=unmatched.unmatched_names(event),
                           form=forms.NameForm(), local=_local(event))


@bp.get("/unmatched/find")
@roles_required()
def find(slug: str) -> Any:
    """Search the guest list for the guest a name belongs to."""
    event = events.get(slug)
    name = (request.args.get("name") or "").strip()[:300]
    if not name:
        return redirect(url_for(".names", slug=slug))
    q = (request.args.get("q") if "q" in request.args else unmatched.search_words(name)) or ""
    page = listing.guest_page(event, listing.GuestFilter(q=q.strip()[:200], per_page=FOUND)) if q.strip() else None
    return render_template("attendance/find.html", event=event, name=name, q=q, page=page, form=forms.NameForm())


@bp.post("/unmatched/match")
@roles_required()
def match(slug: str) -> Any:
    event = events.get(slug)
    form = forms.NameForm()
    if not form.validate_on_submit() or not form.invitation_id.data:
        flash(_("Choose the guest this name belongs to."), "error")
        return redirect(url_for(".names", slug=slug))
    try:
        minutes = unmatched.match_by_hand(event, form.name.data, form.invitation_id.data, staff=current_user)
    except Refused as e:
        flash(e.message, "error")
    else:
        flash(_("%(name)s is now matched, and remembered for later reports: %(minutes)s minutes online in all.",
                name=form.name.data, minutes=minutes), "success")
    return redirect(url_for(".names", slug=slug))


@bp.post("/unmatched/not-on-list")
@roles_required()
def not_on_list(slug: str) -> Any:
    event = events.get(slug)
    form = forms.NameForm()
    if not form.validate_on_submit():
        flash(_("The form had expired. Please try again."), "error")
        return redirect(url_for(".names", slug=slug))
    try:
        unmatched.not_on_list(event, form.name.data, staff=current_user)
    except Refused as e:
        flash(e.message, "error")
    else:
        flash(_("%(name)s is marked as not on the guest list.", name=form.name.data), "success")
    return redirect(url_for(".names", slug=slug))


def _rooms(event: Event) -> list[str]:
    return list(db.session.scalars(select(OnlineRoom.name).where(OnlineRoom.event_id == event.id)
                                   .order_by(OnlineRoom.position, OnlineRoom.name)))


def _local(event: Event) -> Any:
    """A row's time in the event's zone: the time alone on the event's first day, else with its date."""
    first_day = event.local(event.starts_at).date()

    def show(instant: datetime | None) -> str:
        if instant is None:
            return ""
        local = event.local(instant)
        return f"{local:%H:%M:%S}" if local.date() == first_day else f"{local:%Y-%m-%d %H:%M:%S}"

    return show
