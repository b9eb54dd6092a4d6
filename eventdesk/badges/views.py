"""Badge downloads: a delegate's own badge (PDF and PNG, the personal token is the key) and the organisers'
batch PDF for the print shop."""

from __future__ import annotations

import tempfile
from typing import Any

from flask import Blueprint, Response, current_app, render_template, request, send_file
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SelectField

from eventdesk import web
from eventdesk.auth import roles_required
from eventdesk.badges import service
from eventdesk.errors import Refused
from eventdesk.events import service as events
from eventdesk.models import Invitation, Mode, StaffRole, Status
from eventdesk.rsvp.views import personal_invitation

bp = Blueprint("badges", __name__)

WHY_NO_BADGE = {
    Status.INVITED: _l("You have not answered the invitation yet. A badge comes with an answer to attend in "
                       "person."),
    Status.DECLINED: _l("You declined the invitation, so there is no badge."),
    Status.WAITING: _l("You are on the waiting list for a place in the hall. Your badge will be here once a "
                       "place is confirmed."),
    Status.WITHDRAWN: _l("This invitation was withdrawn by the organisers, so there is no badge."),
    Mode.ONLINE: _l("You will attend online, so you need no badge: badges are for guests in the hall."),
}


@bp.after_request
def private(response: Response) -> Response:
    # A badge is a key to the hall: keep its link out of referrers, caches and shared proxies.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/i/<token>/badge.<any(pdf, png):kind>")
def delegate_badge(token: str, kind: str) -> Any:
    # The same door as the invitation page: constant-time check, guessing slowed, the delegate's language.
    invitation = personal_invitation(token)
    if not invitation.attends_in_person:
        return _no_badge(invitation)
    render, mimetype = (service.delegate_pdf, "application/pdf") if kind == "pdf" else \
        (service.delegate_png, "image/png")
    return Response(render(invitation), mimetype=mimetype,
                    headers={"Content-Disposition": f'inline; filename="badge.{kind}"'})


class BatchForm(FlaskForm):
    only = RadioField(_l("Which badges"), default="all", choices=[
        SelectChoice("all", _l("All badges of guests attending in person")),
        SelectChoice("new", _l("Only new: never printed")),
        SelectChoice("changed", _l("Only changed: re-issued since the last print"))])
    organisation = SelectField(_l("Organisation"), coerce=int, default=0)


@bp.route("/events/<slug>/badges", methods=["GET", "POST"])
@roles_required(StaffRole.ORGANISER)
def batch(slug: str) -> Any:
    event = events.get(slug)
    form = BatchForm()
    organisations = service.organisations_in_person(event)
    form.organisation.choices = [SelectChoice(0, _l("All organisations"))] + [
        SelectChoice(org.id, _l("%(organisation)s (%(count)s in person)", count=count,
                                organisation=org.name if not org.name_latin else f"{org.name} · {org.name_latin}"))
        for org, count in organisations]
    problem = None
    if form.validate_on_submit():
        selection = service.Selection(only_new=form.only.data == "new", only_changed=form.only.data == "changed",
                                      organisation_id=form.organisation.data or None)
        try:
            service.prepare_batch(event, selection)
        except Refused as e:
            problem = e
        else:
            out = tempfile.TemporaryFile()  # noqa: SIM115 - a big batch goes to disk; send_file closes it
            service.write_batch(event, selection, out)
            out.seek(0)
            # Named after the organisation when it is one (send_file adds the UTF-8 name, RFC 5987, for CJK).
            chosen = next((org.name for org, _count in organisations if org.id == form.organisation.data), None)
            return send_file(out, mimetype="application/pdf", as_attachment=True,
                             download_name=f"badges-{event.slug}-{chosen or form.only.data}.pdf")
    status = problem.status if problem else 400 if form.errors else 200
    return render_template("badges/batch.html", event=event, form=form, problem=problem,
                           counts=service.batch_counts(event), unprintable=service.unprintable(event)), status


web.add_event_link("badges.batch", _l("Badges"), StaffRole.ORGANISER)


def _no_badge(invitation: Invitation) -> Any:
    language = request.args.get("lang")
    if language not in current_app.config["LANGUAGES"]:
        language = invitation.delegate.language.value
    reason = WHY_NO_BADGE[Mode.ONLINE if invitation.status == Status.ACCEPTED else invitation.status]
    with force_locale(language):
        return render_template("badges/no_badge.html", invitation=invitation, reason=str(reason),
                               language=language), 404
