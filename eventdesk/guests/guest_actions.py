"""What an organiser does for one guest from the guest's page: send the invitation again, print the badge, issue a
new badge (after a confirmation); and the reminder rounds of the invitations page. Thin: each calls one service."""

from __future__ import annotations

import io
from typing import Any

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventdesk.auth import roles_required
from eventdesk.badges import service as badges
from eventdesk.errors import Refused
from eventdesk.guests import forms, reminders, service
from eventdesk.guests.views import bp, current_event


@bp.post("/invitations/remind")
@roles_required()
def remind() -> Any:
    event = current_event()
    round_ = request.form.get("round", "")
    if not forms.ConfirmForm().validate_on_submit():
        flash(_("The form had expired. Please try again."), "error")
        return redirect(url_for(".invitations"))
    try:
        queued = reminders.remind(event, round_, staff=current_user)
    except Refused as e:
        flash(e.message, "error")
        return redirect(url_for(".invitations"))
    flash(_("%(count)s reminder(s) waiting in the outbox.", count=queued) if round_ == "reminder" else
          _("%(count)s last call(s) waiting in the outbox.", count=queued), "info")
    return redirect(url_for(".invitations", deliver="1" if queued else None))


@bp.post("/guests/<int:invitation_id>/resend")
@roles_required()
def resend_invitation(invitation_id: int) -> Any:
    invitation = service.invitation_of(current_event(), invitation_id)
    if not forms.ConfirmForm().validate_on_submit():
        flash(_("The form had expired. Please try again."), "error")
        return redirect(url_for(".edit_guest", invitation_id=invitation_id))
    try:
        reminders.resend_invitation(invitation, staff=current_user)
    except Refused as e:
        flash(e.message, "error")
        return redirect(url_for(".edit_guest", invitation_id=invitation_id))
    flash(_("The invitation to %(name)s waits in the outbox.", name=invitation.delegate.display_name), "info")
    return redirect(url_for(".invitations", deliver="1"))


@bp.get("/guests/<int:invitation_id>/badge.pdf")
@roles_required()
def print_badge(invitation_id: int) -> Any:
    invitation = service.invitation_of(current_event(), invitation_id)
    if not invitation.attends_in_person:
        flash(_("Only guests who attend in person have a badge."), "error")
        return redirect(url_for(".edit_guest", invitation_id=invitation_id))
    try:
        pdf = badges.delegate_pdf(invitation)
    except Refused as e:
        flash(e.message, "error")
        return redirect(url_for(".edit_guest", invitation_id=invitation_id))
    # send_file names it for every browser: an ASCII fallback and the UTF-8 name (RFC 5987) for 山田太郎.
    response = send_file(io.BytesIO(pdf), mimetype="application/pdf",
                         download_name=f"badge-{invitation.delegate.native_name}.pdf")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/guests/<int:invitation_id>/badge/reissue", methods=["GET", "POST"])
@roles_required()
def reissue_badge(invitation_id: int) -> Any:
    """A confirmation first: the old badge stops admitting at once."""
    event = current_event()
    invitation = service.invitation_of(event, invitation_id)
    form = forms.ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            badge = badges.reissue(invitation, current_user)
        except Refused as e:
            flash(e.message, "error")
        else:
            flash(_("New badge No. %(serial)s issued to %(name)s; the old one no longer admits.",
                    serial=f"{badge.serial:06d}", name=invitation.delegate.display_name), "success")
        return redirect(url_for(".edit_guest", invitation_id=invitation_id))
    return render_template("guests/reissue.html", event=event, invitation=invitation, form=form,
                           current=badges.current(invitation))
