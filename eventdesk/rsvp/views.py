"""Delegate pages (/i/<token>: no account, the personal token is the key), open registration, and the
organisers' pages for registration requests and the programme feed."""

from __future__ import annotations

import hmac
import math
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import refresh
from flask_login import current_user

from eventdesk import web
from eventdesk.attendance import joins
from eventdesk.auth import roles_required
from eventdesk.errors import Refused
from eventdesk.events import service as events
from eventdesk.extensions import db
from eventdesk.mail import sender
from eventdesk.models import Invitation, StaffRole, Status, utcnow
from eventdesk.rsvp import calendar, dates, labels, links, registration, service, throttle
from eventdesk.rsvp.forms import AnswerForm, RegistrationForm

bp = Blueprint("rsvp", __name__)
web.add_event_link("rsvp.registrations", _l("Registrations and calendar feed"), StaffRole.ORGANISER)


@bp.after_request
def personal_pages_leak_nothing(response: Response) -> Response:
    """The token is in the address: never send it to another site as a referrer, never keep the page in shared
    caches. A page sends its address to this site alone, because over HTTPS the CSRF check wants the form's
    Referer; files and redirects (the meeting link) send it nowhere."""
    if request.view_args and "token" in request.view_args:
        page = response.status_code == 200 and response.mimetype == "text/html"
        response.headers["Referrer-Policy"] = "same-origin" if page else "no-referrer"
        response.headers["Cache-Control"] = "private, no-store"
    return response


def personal_invitation(token: str) -> Invitation:
    """The invitation behind a personal link, shown in the delegate's language. A valid link is always served,
    however many wrong ones came from the same address (a venue's network is shared by every delegate behind
    it). An unknown token gets a 404 that says nothing more; once an address keeps guessing, its unknown
    tokens get 429 for a while. Guessing itself is hopeless (192 random bits): the throttle only stops a scan."""
    invitation = service.by_token(token)
    if invitation is None:
        address = request.remote_addr
        if throttle.exceeded("bad_token", address):
            message = _("Too many wrong links were opened from your network. Please try again in a few minutes.")
            abort(make_response(render_template("error.html", status=429, message=message), 429,
                                {"Retry-After": str(throttle.retry_after("bad_token"))}))
        throttle.hit("bad_token", address)
        db.session.commit()
        abort(404, description=_("Please check the link in your invitation e-mail."))
    g.page_language = invitation.delegate.language.value
    refresh()  # the locale may have been chosen before the delegate's language was known
    return invitation


def deliver_after_response(response: Response, mail_ids: list[int]) -> Response:
    """Send what this request queued once the answer has left, so nobody waits for the mail server; what
    cannot be sent now stays in the outbox for the next run of the sender."""
    if mail_ids:
        app = current_app._get_current_object()  # type: ignore[attr-defined]

        def send() -> None:
            with app.app_context():
                try:
                    sender.deliver(mail_ids)
                except Exception:  # the messages stay pending; never let this break the server
                    app.logger.exception("sending mail %s after the response failed", mail_ids)

        response.call_on_close(send)
    return response


@bp.route("/i/<token>", methods=["GET", "POST"])
def invitation(token: str) -> Any:
    invitation = personal_invitation(token)
    form = AnswerForm(data=_form_data(invitation))
    error = None
    if request.method == "POST":
        if form.validate():
            details = None if request.form.get("keep_details") else form.details()
            try:
                outcome = service.answer(invitation, form.answer.data, details)
            except Refused as e:
                db.session.rollback()
                error = e
            else:
                response = redirect(url_for("rsvp.confirmed", token=token), 303)
                return deliver_after_response(response, outcome.mail_ids)
        status = error.status if error else 400
    else:
        status = 200
    return render_template("rsvp/invitation.html", **_page(invitation), form=form, error=error), status


@bp.get("/i/<token>/confirmed")
def confirmed(token: str) -> Any:
    return render_template("rsvp/confirmed.html", **_page(personal_invitation(token)))


@bp.get("/i/<token>/calendar.ics")
def calendar_file(token: str) -> Any:
    invitation = personal_invitation(token)
    return Response(calendar.for_invitation(invitation), mimetype="text/calendar",
                    headers={"Content-Disposition": 'attachment; filename="invitation.ics"'})


@bp.get("/i/<token>/join")
def join(token: str) -> Any:
    invitation = personal_invitation(token)
    room = request.args.get("room", "")
    room_id = int(room) if room.isdigit() and len(room) < 10 else None
    try:
        outcome = joins.join(invitation, room_id)
    except Refused:
        db.session.rollback()
        return render_template("rsvp/join.html", **_page(invitation), state="not_online"), 403
    if outcome.state == joins.JoinState.OPEN and outcome.choice is not None:
        return redirect(outcome.choice.url, 303)
    extra: dict[str, Any] = {}
    if outcome.state == joins.JoinState.NOT_YET:
        zone = dates.home_zone(invitation.delegate, invitation.event)
        seconds = max(1, math.ceil((outcome.opens_at - utcnow()).total_seconds()))  # never moves on early
        extra = {"opens": dates.instant(invitation.event, outcome.opens_at),
                 "opens_there": dates.instant(invitation.event, outcome.opens_at, zone) if zone else None,
                 "seconds": seconds, "left": dates.duration(seconds), "room_id": room_id}
    if outcome.state == joins.JoinState.ENDED:
        extra = {"ended": dates.instant(invitation.event, invitation.event.ends_at)}
    status = {joins.JoinState.NOT_YET: 200, joins.JoinState.ENDED: 410}.get(outcome.state, 404)
    return render_template("rsvp/join.html", **_page(invitation), state=outcome.state.value, **extra), status


@bp.route("/events/<slug>/register", methods=["GET", "POST"])
def register(slug: str) -> Any:
    event = registration.open_event(slug)
    form = RegistrationForm(data={"language": web.current_language()})
    status = 200
    if request.method == "POST":
        if form.website.data:  # the honeypot: a person never sees it; answer as if all went well
            return redirect(url_for("rsvp.registered", slug=slug), 303)
        if form.validate():
            try:
                registration.request_place(event, form.request(), request.remote_addr)
            except Refused as e:
                db.session.rollback()
                flash(e.message, "error")
                status = e.status
            else:
                return redirect(url_for("rsvp.registered", slug=slug), 303)
        else:
            status = 400
    return render_template("rsvp/register.html", event=event, form=form, when=_when(event),
                           open=service.is_open(event)), status


@bp.get("/events/<slug>/register/thanks")
def registered(slug: str) -> Any:
    event = registration.open_event(slug)
    return render_template("rsvp/registered.html", event=event)


@bp.get("/events/<slug>/registrations")
@roles_required(StaffRole.ORGANISER)
def registrations(slug: str) -> Any:
    event = events.get(slug)
    return render_template("rsvp/registrations.html", event=event, requests=registration.pending(event),
                           listed=registration.on_guest_list(event), feed_url=links.feed_url(event),
                           when=_when(event), details=labels.details,
                           register_url=f"{links.base_url()}{url_for('rsvp.register', slug=slug)}")


@bp.post("/events/<slug>/registrations/<int:request_id>/<any(approve, reject):decision>")
@roles_required(StaffRole.ORGANISER)
def decide(slug: str, request_id: int, decision: str) -> Any:
    event = events.get(slug)
    asked = registration.get(event, request_id)
    act = registration.approve if decision == "approve" else registration.reject
    try:
        mail_ids = act(asked, current_user)
    except Refused as e:
        db.session.rollback()
        flash(e.message, "error")
        mail_ids = []
    else:
        flash(_("Approved: the personal link is on its way to %(email)s.", email=asked.email)
              if decision == "approve" else _("Rejected; %(email)s has been told.", email=asked.email), "success")
    return deliver_after_response(redirect(url_for("rsvp.registrations", slug=slug), 303), mail_ids)


@bp.get("/events/<slug>/programme.ics")
def programme_feed(slug: str) -> Any:
    """For organisers signed in, or for a calendar program holding the feed's secret address."""
    event = events.get(slug)
    organiser = current_user.is_authenticated and current_user.may(StaffRole.ORGANISER)
    if not organiser and not hmac.compare_digest(request.args.get("key", ""), links.feed_key(event)):
        abort(404)
    return Response(calendar.programme_feed(event, web.current_language()), mimetype="text/calendar",
                    headers={"Content-Disposition": f'inline; filename="{event.slug}-programme.ics"'})


def _form_data(invitation: Invitation) -> dict[str, Any]:
    """The current answer; before any, only what the guest asked for when registering (the organisers' proposal
    is a hint beside it, never a choice made for them: a guest who sends the form unread is asked, not answered
    for)."""
    if invitation.status == Status.INVITED:
        asked = registration.asked_mode(invitation)
        answer = asked.value if asked else None
    else:
        answer = {"in_person": "in_person", "waiting": "in_person", "online": "online",
                  "declined": "decline"}.get(labels.answer_key(invitation))
    details = {k: v for k, v in (invitation.details or {}).items() if k in service.DETAIL_LIMITS}
    return {"answer": answer, **details}


def _when(event: Any) -> dates.When:
    return dates.when(event, event.starts_at, event.ends_at)


def _page(invitation: Invitation) -> dict[str, Any]:
    """What every personal page shows."""
    event = invitation.event
    language = web.current_language()
    online = calendar.attends_online(invitation)
    return {
        "invitation": invitation, "event": event, "delegate": invitation.delegate,
        "title": event.title_in(language), "when": _when(event),
        "deadline": dates.instant(event, service.deadline(event)), "is_open": service.is_open(event),
        "answer": labels.answer_key(invitation), "answer_label": labels.answer_label(invitation),
        "details": labels.details(invitation), "position": service.waiting_position(invitation),
        "online": online, "may_join": joins.may_join(invitation),
        "join_choices": joins.choices(invitation) if joins.may_join(invitation) else [],
        "join_opens": dates.instant(event, joins.opens_at(event)),
        "programme": [(times, item.title_in(language), item)
                      for times, item in dates.programme(event, event.programme)],
        "map_url": _map_url(event),
    }


def _map_url(event: Any) -> str | None:
    if event.latitude is None or event.longitude is None:
        return None
    lat, lon = f"{float(event.latitude):.5f}", f"{float(event.longitude):.5f}"
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
