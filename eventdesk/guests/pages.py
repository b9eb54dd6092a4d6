"""Organiser pages around the guest list: sending invitations (with live progress), the dashboard, the audit log.

Sending from the web: the request queues the unsent invitations (quick) and returns; the page's script
(static/js/delivery.js) then posts small delivery batches until the outbox is empty. Each batch is an
ordinary short request, so it works with any number of gunicorn workers and nothing runs after a request
ends; the outbox's claim makes two tabs or workers never send one mail twice.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from eventdesk.attendance import labels as attendance_labels
from eventdesk.auth import roles_required
from eventdesk.events import service as events
from eventdesk.guests import audit_sentences, auditlog, forms, reminders
from eventdesk.guests import dashboard as figures
from eventdesk.guests import invitations as sending
from eventdesk.guests.views import bp, country_name, current_event
from eventdesk.mail import problems
from eventdesk.models import StaffRole
from eventdesk.rsvp import labels as rsvp_labels
from eventdesk.web import add_event_link, add_nav

# Each dashboard answer as the guest list's filter, so every number leads to the names behind it.
ANSWER_FILTERS = {"in_person": {"status": "accepted", "mode": "in_person"},
                  "online": {"status": "accepted", "mode": "online"}, "declined": {"status": "declined"},
                  "no_answer": {"status": "invited"},
                  "waiting": {"status": "waiting", "sort": "waiting"}}
DELIVERY_BATCH = 10  # messages per delivery request: a few seconds at most, so progress moves visibly

add_event_link("guests.dashboard", _l("Dashboard"), StaffRole.ORGANISER)
add_event_link("guests.invitations", _l("Invitations"), StaffRole.ORGANISER)

audit_bp = Blueprint("audit", __name__)
add_nav("audit.audit_log", _l("Audit log"), StaffRole.ORGANISER)


@bp.get("/invitations")
@roles_required()
def invitations() -> Any:
    event = current_event()
    from eventdesk.rsvp import service as rsvp

    return render_template("guests/sending.html", event=event, state=sending.state(event),
                           form=forms.ConfirmForm(), autostart=request.args.get("deliver") == "1",
                           explain=problems.explain, due={r: len(reminders.due(event, r)) for r in reminders.ROUNDS},
                           answers_open=rsvp.is_open(event), deadline=rsvp.deadline(event))


@bp.post("/invitations/send")
@roles_required()
def send_invitations() -> Any:
    event = current_event()
    if forms.ConfirmForm().validate_on_submit():
        queued = sending.queue(event, sending.unsent(event), staff=current_user)
        # Not "sent": the progress below says what the mail server did with them.
        flash(_("%(count)s invitation(s) waiting in the outbox.", count=queued), "info")
    return redirect(url_for(".invitations", deliver="1"))


@bp.post("/invitations/deliver")
@roles_required()
def deliver() -> Any:
    """One batch from the outbox; JSON for the page's script, a redirect for a plain form."""
    event = current_event()
    if not forms.ConfirmForm().validate_on_submit():
        return jsonify(error={"code": "csrf_failed", "message": _("Please reload the page.")}), 400
    batch = sending.deliver(event, limit=DELIVERY_BATCH)
    if request.accept_mimetypes.best == "application/json":
        state = sending.state(event)
        return jsonify(**state.as_dict(), batch={"sent": batch.sent, "failed": len(batch.failed),
                                                 "deferred": len(batch.deferred)})
    return redirect(url_for(".invitations"))


@bp.get("/invitations/status")
@roles_required()
def delivery_status() -> Any:
    return jsonify(**sending.state(current_event()).as_dict())


@bp.get("/dashboard")
@roles_required()
def dashboard() -> Any:
    event = current_event()
    return render_template("guests/dashboard.html", event=event, board=figures.dashboard(event),
                           attendance_labels=attendance_labels,
                           answers=figures.ANSWERS, kind_label=lambda kind: forms.KIND_LABELS.get(kind, kind),
                           country_label=_country_label, filters=ANSWER_FILTERS,
                           interpreter_label=lambda code: rsvp_labels.LANGUAGES.get(code, code))


def _country_label(code: str) -> str:
    if code == "*":
        return _("Other countries")
    return country_name(code) if code else _("Not given")


@audit_bp.get("/audit")
@roles_required()
def audit_log() -> Any:
    flt = auditlog.AuditFilter.from_args(request.args)
    event = None
    if flt.event:
        event = next((e for e in events.all_events() if e.slug == flt.event), None)
    page = auditlog.audit_page(flt, event.tz if event else ZoneInfo("UTC"))
    return render_template("guests/audit.html", page=page, flt=flt, event=event,
                           lines=audit_sentences.lines(page.entries))
