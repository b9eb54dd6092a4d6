"""The organisers' guest list pages: the list with search, filters and bulk actions; import with a preview;
export; adding, editing, overriding and withdrawing one guest. Thin: each view calls one service function."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from flask import Blueprint, Response, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from eventdesk import countries
from eventdesk.attendance import joins, picture
from eventdesk.attendance import labels as attendance_labels
from eventdesk.auth import roles_required
from eventdesk.errors import Refused
from eventdesk.events import service as events
from eventdesk.guests import exporter, forms, listing, service
from eventdesk.guests import invitations as sending
from eventdesk.models import Event, Invitation, StaffRole
from eventdesk.rsvp import labels as rsvp_labels
from eventdesk.web import add_event_link, current_language

bp = Blueprint("guests", __name__, url_prefix="/events/<slug>")
PREVIEW_ROWS = 300  # rows listed per outcome in the preview; the counts cover the whole file

add_event_link("guests.guest_list", _l("Guest list"), StaffRole.ORGANISER)


@bp.url_value_preprocessor
def keep_slug(_endpoint: str | None, values: dict[str, Any] | None) -> None:
    g.slug = values.pop("slug", None) if values else None


@bp.url_defaults
def add_slug(_endpoint: str, values: dict[str, Any]) -> None:
    if "slug" not in values and g.get("slug"):
        values["slug"] = g.slug


def current_event() -> Event:
    """The event of the address, loaded after the role check (an unknown slug is a 404 page)."""
    if "event" not in g:
        g.event = events.get(g.slug)
    return g.event


@bp.get("/guests")
@roles_required()
def guest_list() -> Any:
    event = current_event()
    flt = listing.GuestFilter.from_args(request.args)
    page = listing.guest_page(event, flt)
    mails = sending.invitation_mail([i.id for i in page.invitations])
    return render_template("guests/list.html", event=event, page=page, flt=page.filter, labels=forms,
                           bulk=forms.BulkForm(), country_name=country_name,
                           told=rsvp_labels.details, mails=mails, attendance_labels=attendance_labels,
                           ended=picture.ended(event))


@bp.route("/guests/import", methods=["GET", "POST"])
@roles_required()
def import_upload() -> Any:
    event = current_event()
    form = forms.ImportForm()
    if not form.validate_on_submit():
        return render_template("guests/import.html", event=event, form=form), 400 if form.errors else 200
    upload = form.file.data
    data, filename = upload.read(), upload.filename or "guests.csv"
    try:
        report = service.import_guests(event, data, filename, staff=current_user, dry_run=True)
    except Refused as e:
        form.file.errors = [e.message]
        return render_template("guests/import.html", event=event, form=form), 400
    if report.problems:
        return render_template("guests/import.html", event=event, form=form, problems=report.problems,
                               filename=filename), 400
    confirm = forms.ConfirmImportForm(formdata=None, filename=filename)
    return render_template("guests/preview.html", event=event, report=report, confirm=confirm, filename=filename,
                           chunks=confirm.chunks(data), shown=PREVIEW_ROWS)


@bp.post("/guests/import/confirm")
@roles_required()
def import_confirm() -> Any:
    event = current_event()
    form = forms.ConfirmImportForm()
    if not form.validate_on_submit():
        flash(_("The preview had expired. Please upload the file again."), "error")
        return redirect(url_for(".import_upload"))
    try:
        data = base64.b64decode("".join(request.form.getlist("content")), validate=True)
        report = service.import_guests(event, data, form.filename.data, staff=current_user)
    except (binascii.Error, ValueError, Refused):
        flash(_("The file could not be read again. Please upload it again."), "error")
        return redirect(url_for(".import_upload"))
    if report.problems:
        return render_template("guests/import.html", event=event, form=forms.ImportForm(), problems=report.problems,
                               filename=form.filename.data), 400
    flash(_("Imported %(file)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.",
            file=form.filename.data, created=report.created, updated=report.updated, unchanged=report.unchanged),
          "success")
    return redirect(url_for(".guest_list"))


@bp.get("/guests/export")
@roles_required()
def export() -> Any:
    format_ = "xlsx" if request.args.get("format") == "xlsx" else "csv"
    data, mime, filename = exporter.export(current_event(), format_)
    return Response(data, mimetype=mime.split(";")[0], headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})


@bp.route("/guests/new", methods=["GET", "POST"])
@roles_required()
def add_guest() -> Any:
    event = current_event()
    form = forms.GuestForm().with_rooms(joins.rooms(event))
    if form.validate_on_submit():
        try:
            invitation = service.add_guest(event, form.values(), staff=current_user)
        except Refused as e:
            _field_error(form, e)
        else:
            flash(_("%(name)s is on the guest list.", name=invitation.delegate.display_name), "success")
            return redirect(url_for(".guest_list", q=invitation.delegate.email))
    return render_template("guests/form.html", event=event, form=form, invitation=None), 400 if form.errors else 200


@bp.route("/guests/<int:invitation_id>", methods=["GET", "POST"])
@roles_required()
def edit_guest(invitation_id: int) -> Any:
    from eventdesk.rsvp import service as rsvp

    event = current_event()
    invitation = service.invitation_of(event, invitation_id)
    form = (forms.GuestForm(data=_form_data(invitation)) if request.method == "GET" else forms.GuestForm()) \
        .with_rooms(joins.rooms(event))
    if form.validate_on_submit():
        try:
            service.update_guest(invitation, form.values(), staff=current_user)
        except Refused as e:
            _field_error(form, e)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for(".edit_guest", invitation_id=invitation.id))
    override = forms.OverrideForm(data={"status": invitation.status.value,
                                        "mode": invitation.mode.value if invitation.mode else ""})
    return render_template("guests/form.html", event=event, form=form, invitation=invitation, override=override,
                           waiting_position=rsvp.waiting_position(invitation), confirm=forms.ConfirmForm(),
                           attendance=picture.picture(event, [invitation.id]).of(invitation.id),
                           attendance_labels=attendance_labels,
                           labels=forms, mail=sending.invitation_mail([invitation.id]).get(invitation.id)), \
        400 if form.errors else 200


@bp.post("/guests/<int:invitation_id>/answer")
@roles_required()
def override_answer(invitation_id: int) -> Any:
    from eventdesk.rsvp import service as rsvp

    invitation = service.invitation_of(current_event(), invitation_id)
    form = forms.OverrideForm()
    if not form.validate_on_submit():
        flash(_("Choose an answer."), "error")
    else:
        try:
            outcome = rsvp.override(invitation, form.status.data, form.mode.data or None, current_user)
        except Refused as e:
            flash(e.message, "error")
        else:
            flash(_("The answer is now: %(answer)s.", answer=forms.STATUS_LABELS[invitation.status.value]), "success")
            if outcome.promoted:
                flash(_("%(count)s guest(s) moved from the waiting list into the hall.", count=len(outcome.promoted)),
                      "info")
    return redirect(url_for(".edit_guest", invitation_id=invitation_id))


@bp.route("/guests/<int:invitation_id>/withdraw", methods=["GET", "POST"])
@roles_required()
def withdraw_guest(invitation_id: int) -> Any:
    """A confirmation page first; the posted confirmation withdraws through the answer rules."""
    invitation = service.invitation_of(current_event(), invitation_id)
    form = forms.ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        from eventdesk.rsvp import service as rsvp

        try:
            rsvp.withdraw(invitation, current_user)
        except Refused as e:
            flash(e.message, "error")
        else:
            flash(_("The invitation of %(name)s is withdrawn.", name=invitation.delegate.display_name), "success")
        return redirect(url_for(".edit_guest", invitation_id=invitation_id))
    return render_template("guests/confirm.html", event=current_event(), form=form, invitations=[invitation], total=1,
                           action="withdraw", action_label=forms.BULK_ACTIONS["withdraw"],
                           target=url_for(".withdraw_guest", invitation_id=invitation_id))


@bp.post("/guests/bulk")
@roles_required()
def bulk() -> Any:
    """Step one shows what the action would touch; step two (with `confirmed`) does it."""
    event = current_event()
    form = forms.BulkForm()
    ids = [int(i) for i in request.form.getlist("ids") if i.isdigit()]
    if request.form.get("all_matching") == "1":
        ids = listing.matching_ids(event, listing.GuestFilter.from_args(request.form))
    if not form.validate_on_submit() or not ids:
        flash(_("Select at least one guest and an action.") if not ids else _("Choose a valid action."), "error")
        return redirect(url_for(".guest_list", **_list_args(request.form)))
    if form.action.data == "role" and not form.role.data:
        flash(_("Choose the new role."), "error")
        return redirect(url_for(".guest_list", **_list_args(request.form)))
    if request.form.get("confirmed") != "1":
        chosen = service.selected(event, ids)
        return render_template("guests/confirm.html", event=event, form=form, invitations=chosen[:100],
                               total=len(chosen), ids=[i.id for i in chosen], action=form.action.data,
                               action_label=forms.BULK_ACTIONS[form.action.data],
                               new_role_label=forms.ROLE_LABELS.get(form.role.data or ""), target=url_for(".bulk"),
                               back=_list_args(request.form))
    result = service.bulk(event, ids, form.action.data, staff=current_user, role=form.role.data or None)
    flash(_("%(action)s: %(done)s done, %(skipped)s skipped.", action=forms.BULK_ACTIONS[form.action.data],
            done=result.done, skipped=result.skipped), "success")
    if form.action.data in ("invite", "resend") and result.done:
        return redirect(url_for("guests.invitations", deliver="1"))
    return redirect(url_for(".guest_list", **_list_args(request.form)))


def _list_args(form: Any) -> dict[str, Any]:
    """The list's query string carried through a bulk action, so organisers land where they were."""
    return {k: form.get(f"back_{k}") for k in ("q", *listing.FACETS, "needs", "attendance", "arrival", "sort", "page")
            if form.get(f"back_{k}")}


def _form_data(invitation: Invitation) -> dict[str, Any]:
    values = service.guest_values(invitation)
    room_id = values.pop("room_id")
    return {**{k: (getattr(v, "value", v) or "") for k, v in values.items()}, "room": str(room_id or "")}


def _field_error(form: forms.GuestForm, error: Refused) -> None:
    field = getattr(form, error.field or "", None) or form.email
    field.errors = [*field.errors, error.message.split(": ", 1)[-1]]


def country_name(code: str | None) -> str:
    return countries.name(code, current_language())
