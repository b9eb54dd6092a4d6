"""The door pages: choose the door, then the scanner (camera and handheld scanner), the manual lookup and undo;
and the organisers' door dashboard. The scanner page talks JSON to the small routes here (session sign-in,
CSRF token in the X-CSRFToken header); each calls one function of door.service, door.lookup or door.bundle.

Offline, the scanner page is an installable web app: its service worker (served here, so that its scope covers
the page) keeps the page and its files, the page keeps the offline bundle and the queue of scans in IndexedDB
and syncs them through the scan route with their own `scan_id` and `scanned_at`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from eventdesk import web
from eventdesk.attendance import picture
from eventdesk.auth import roles_required
from eventdesk.door import bundle, display, lookup, service
from eventdesk.errors import Refused
from eventdesk.events import service as events
from eventdesk.extensions import db
from eventdesk.models import Door, Event, Invitation, ScanResult, StaffRole

bp = Blueprint("door", __name__, url_prefix="/events/<slug>/door")

web.add_event_link("door.scanner", _l("Door check-in"), StaffRole.DOOR)
web.add_event_link("door.dashboard", _l("Arrivals"), StaffRole.ORGANISER)

MAX_DOOR = 100  # what the doors table holds
MAX_SCAN_ID = 100


def chosen_door(event: Event) -> str | None:
    return (session.get("doors") or {}).get(event.slug)


def door_names(event: Event) -> list[str]:
    return list(db.session.scalars(select(Door.name).where(Door.event_id == event.id).order_by(Door.name)))


def refused_json(refusal: Refused) -> ResponseReturnValue:
    db.session.rollback()
    return {"error": {"code": refusal.code, "message": refusal.message}}, refusal.status


def json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise Refused("invalid_json", _("The request body is not a JSON object."))
    return body


def field_text(body: dict[str, Any], name: str, longest: int) -> str:
    value = body.get(name) or ""
    if not isinstance(value, str) or "\x00" in value or len(value) > longest:
        raise Refused(f"invalid_{name}", _("The %(name)s is not valid text.", name=name), field=name)
    return value


def scanned_code(body: dict[str, Any]) -> str:
    """What the scanner read: any text is a readable scan, control characters and NUL included (`invalid` when it
    is no badge of ours); only something that is not text at all is refused."""
    value = body.get("code") or ""
    if not isinstance(value, str):
        raise Refused("invalid_code", _("The %(name)s is not valid text.", name="code"), field="code")
    return value


# The door


@bp.get("")
@roles_required(StaffRole.DOOR)
def scanner(slug: str) -> Any:
    event = events.get(slug)
    door = chosen_door(event)
    if door is None:
        return redirect(url_for(".choose", slug=slug))
    return render_template("door/scanner.html", event=event, door=door, language=web.current_language(),
                           offline_labels=display.offline_labels())


@bp.route("/choose", methods=["GET", "POST"])
@roles_required(StaffRole.DOOR)
def choose(slug: str) -> Any:
    event = events.get(slug)
    problem = None
    if request.method == "POST":
        name = " ".join((request.form.get("door") or "").split())
        if name and len(name) <= MAX_DOOR:
            session["doors"] = {**(session.get("doors") or {}), event.slug: name}
            return redirect(url_for(".scanner", slug=slug))
        problem = _("Name the door, in at most %(count)d characters.", count=MAX_DOOR)
    return render_template("door/choose.html", event=event, doors=door_names(event), current=chosen_door(event),
                           problem=problem), 400 if problem else 200


def scanned_at(body: dict[str, Any]) -> datetime | None:
    """The time a scan made offline was made: ISO 8601 with an offset, as the door page sends it."""
    value = field_text(body, "scanned_at", 40)
    if not value:
        return None
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:
        instant = None
    if instant is None or instant.tzinfo is None:
        raise Refused("invalid_scanned_at", _("The time of the scan is not a valid time."), field="scanned_at")
    return instant


def shown_offline(body: dict[str, Any]) -> ScanResult | None:
    value = field_text(body, "offline_result", 20)
    if value and value not in {result.value for result in ScanResult}:
        raise Refused("invalid_offline_result", _("The offline result is not one of the door's results."),
                      field="offline_result")
    return ScanResult(value) if value else None


@bp.post("/scan")
@roles_required(StaffRole.DOOR)
def scan(slug: str) -> ResponseReturnValue:
    """A scan, answered at once; or one made offline, synced later with its time and what the door showed."""
    event = events.get(slug)
    try:
        body = json_body()
        outcome = service.scan(event, scanned_code(body), door=field_text(body, "door", MAX_DOOR),
                               staff=current_user, scan_id=field_text(body, "scan_id", MAX_SCAN_ID) or None,
                               scanned_at=scanned_at(body), shown_offline=shown_offline(body))
    except Refused as refusal:
        return refused_json(refusal)
    return {"answer": outcome.answer, "view": display.result_view(event, outcome.answer)}


# Offline


@bp.get("/bundle")
@roles_required(StaffRole.DOOR)
def offline_bundle(slug: str) -> ResponseReturnValue:
    """The offline bundle, as the API gives it to a door device with a token; `since` for changes only."""
    return bundle.response(bundle.build(events.get(slug), request.args.get("since")))


@bp.get("/sw.js")
@roles_required(StaffRole.DOOR)
def service_worker(slug: str) -> ResponseReturnValue:
    """The service worker, from a path under the door so that its scope may cover the door page itself."""
    answer = current_app.send_static_file("js/door-sw.js")
    answer.headers["Service-Worker-Allowed"] = url_for(".scanner", slug=slug)
    answer.headers["Cache-Control"] = "no-cache"  # a new version installs on the next visit
    return answer


@bp.get("/offline-files")
@roles_required(StaffRole.DOOR)
def offline_files(slug: str) -> ResponseReturnValue:
    """What the service worker keeps for the door to open without the network."""
    static = [url_for("static", filename=name) for name in (
        "css/app.css", "css/door.css", "favicon.svg", "vendor/jsqr/jsQR.js", "js/door.js", "js/door-decide.js",
        "js/door-offline.js")]
    return {"page": url_for(".scanner", slug=slug), "fallback": url_for(".offline_page", slug=slug),
            "files": [*static, url_for(".manifest", slug=slug)]}


@bp.get("/offline")
@roles_required(StaffRole.DOOR)
def offline_page(slug: str) -> Any:
    """What the service worker shows for a door page it never kept: this device was never online on it."""
    return render_template("door/offline.html", event=events.get(slug))


@bp.get("/manifest.webmanifest")
@roles_required(StaffRole.DOOR)
def manifest(slug: str) -> ResponseReturnValue:
    """Lets staff install the door page as an app that opens without the network."""
    event = events.get(slug)
    page = url_for(".scanner", slug=slug)
    answer = current_app.json.response({
        "name": f"{event.title_in(web.current_language())} · {_('Door check-in')}", "short_name": _("Door check-in"),
        "start_url": page, "scope": page, "display": "standalone", "background_color": "#ffffff",
        "theme_color": "#1f4e79", "lang": web.current_language(),
        "icons": [{"src": url_for("static", filename="favicon.svg"), "sizes": "any", "type": "image/svg+xml"}]})
    answer.mimetype = "application/manifest+json"
    return answer


@bp.get("/guests")
@roles_required(StaffRole.DOOR)
def find_guests(slug: str) -> ResponseReturnValue:
    event = events.get(slug)
    found = lookup.find(event, request.args.get("q", ""))
    return {"items": [{
        "id": f.invitation.id, **display.guest_view({
            "name": f.invitation.delegate.native_name, "name_latin": f.invitation.delegate.latin_name,
            "organisation": f.invitation.delegate.organisation.name,
            "organisation_latin": f.invitation.delegate.organisation.name_latin,
            "role": f.invitation.delegate.role.value}),
        "status": display.status_label(f.invitation.status.value, f.invitation.mode and f.invitation.mode.value),
        "admitted": _("Admitted at %(time)s, %(door)s", time=display.clock(event, f.admitted_at),
                      door=f.admitted_door or "") if f.admitted_at else None,
        "admissible": f.admissible,
        # Why the door may not simply admit them, and whether it may anyway, with a note.
        "reason": str(display.NOT_IN_PERSON[f.answer]) if f.answer in display.NOT_IN_PERSON else None,
        "anyway": f.may_admit_anyway,
    } for f in found]}


@bp.post("/guests/<int:invitation_id>/admit")
@roles_required(StaffRole.DOOR)
def admit(slug: str, invitation_id: int) -> ResponseReturnValue:
    event = events.get(slug)
    invitation = db.session.get(Invitation, invitation_id)
    try:
        if invitation is None or invitation.event_id != event.id:
            raise Refused("not_found", _("No such guest at this event."), status=404)
        body = json_body()
        anyway = body.get("anyway") is True
        outcome = service.admit_manually(event, invitation, door=field_text(body, "door", MAX_DOOR),
                                         staff=current_user, note=field_text(body, "note", 500) or None,
                                         anyway=anyway)
    except Refused as refusal:
        return refused_json(refusal)
    view = display.result_view(event, outcome.answer)
    view["manual"] = _("Admitted anyway, by name; your note is kept with the admission.") if anyway \
        else _("Admitted by name, without a badge.")
    return {"answer": outcome.answer, "view": view}


@bp.post("/undo")
@roles_required(StaffRole.DOOR)
def undo(slug: str) -> ResponseReturnValue:
    event = events.get(slug)
    try:
        undone = service.undo_last_admission(event, current_user)
    except Refused as refusal:
        return refused_json(Refused(refusal.code, _("You have no admission left to take back."),
                                    status=refusal.status))
    name = undone.invitation.delegate.display_name if undone.invitation else ""
    return {"message": _("Taken back: %(name)s is no longer admitted.", name=name)}


@bp.get("/stats")
@roles_required(StaffRole.DOOR)
def stats(slug: str) -> ResponseReturnValue:
    event = events.get(slug)
    counts = service.stats(event)
    door = request.args.get("door", "")
    return {"admitted": counts.admitted, "expected": counts.expected, "here": counts.by_door.get(door, 0),
            "by_door": sorted(counts.by_door.items(), key=lambda item: (-item[1], item[0]))}


# The organisers' dashboard


@bp.get("/dashboard")
@roles_required()
def dashboard(slug: str) -> Any:
    event = events.get(slug)
    if request.args.get("part") not in (None, "live"):
        abort(404)
    template = "door/_live.html" if request.args.get("part") == "live" else "door/dashboard.html"
    return render_template(template, event=event, stats=service.stats(event), doors=door_names(event),
                           arrivals=lookup.arrivals_over_time(event), scans=lookup.recent_scans(event),
                           duplicates=lookup.duplicate_entries(event), attendance=picture.counts(event),
                           clock=lambda instant: display.clock(event, instant), kind_label=display.kind_label,
                           tone_of=lambda result: display.TONES.get(result, "red"))
