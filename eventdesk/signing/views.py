"""Staff pages of the signing ledger: the clerk's desk (clerks and organisers) and the organisers' agreement
pages (list, edit, import, documents, the report). Thin: each view calls the service and renders its answer."""

from __future__ import annotations

import json
import re
import secrets
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from eventdesk import web
from eventdesk.auth import roles_required
from eventdesk.errors import Refused
from eventdesk.events import service as events
from eventdesk.extensions import db
from eventdesk.models import Agreement, AgreementStatus, AuditEntry, Event, StaffRole
from eventdesk.signing import documents, editing, importer, money, order, report, service, table
from eventdesk.signing.forms import (
    AgreementForm,
    CorrectForm,
    DocumentForm,
    ImportForm,
    MoveForm,
    PresentForm,
    RatesForm,
    SignForm,
    StatusForm,
)
from eventdesk.signing.labels import AGREEMENT_KINDS, MODES, ORGANISATION_KINDS, STATUSES, exact, plain
from eventdesk.signing.spec import parse, party_entries

bp = Blueprint("signing", __name__)

web.add_event_link("signing.desk", _l("Signing desk"), StaffRole.CLERK)
web.add_event_link("signing.agreements", _l("Agreements"), StaffRole.ORGANISER)
web.add_event_link("board.board", _l("Live board"))

COMMON_CURRENCIES = ("JPY", "USD", "EUR")
UPLOAD = re.compile(r"^[0-9a-f]{32}$")


def _helpers(event: Event) -> dict[str, Any]:
    """What the signing templates use to show times, amounts and labels."""
    return {
        "event": event, "statuses": STATUSES, "modes": MODES, "kinds": AGREEMENT_KINDS,
        "organisation_kinds": ORGANISATION_KINDS, "exact": exact,
        "clock": lambda t, seconds=False: event.local(t).strftime("%H:%M:%S" if seconds else "%H:%M") if t else "",
        "local_input": lambda t: event.local(t).strftime("%Y-%m-%dT%H:%M:%S") if t else "",
        "in_cny": lambda a: money.in_cny(event, a), "language": web.current_language(),
    }


# The clerk's desk


@bp.get("/events/<slug>/signing")
@roles_required(StaffRole.CLERK)
def desk(slug: str) -> Any:
    event = events.get(slug)
    running = service.agreements(event)
    chosen = request.args.get("ref")
    selected = next((a for a in running if a.ref == chosen), None) or service.next_up(running)
    present = service.presence(event, {s.delegate_id for a in running for s in service.signatories(a)})
    board = service.board(event)
    return render_template(
        "signing/desk.html", running=running, selected=selected, next_up=service.next_up(running),
        present=present, board=board, sign_form=SignForm(), correct_form=CorrectForm(), status_form=StatusForm(),
        present_form=PresentForm(), version=service.desk_version(event),
        ready=lambda a: all(present[s.delegate_id].satisfies(s) for s in service.signatories(a)),
        **_helpers(event))


@bp.post("/events/<slug>/signing/<ref>/sign")
@roles_required(StaffRole.CLERK)
def sign(slug: str, ref: str) -> Any:
    event = events.get(slug)
    agreement = service.get(event, ref)
    form = SignForm()
    if not form.validate():
        flash(_("Choose in person or remote to record the signing."), "error")
        return redirect(url_for(".desk", slug=slug, ref=ref))
    try:
        service.sign(agreement, form.mode.data, signed_at=form.signed_at.data or None, staff=current_user)
    except Refused as refusal:
        flash(refusal.message, "error")
        return redirect(url_for(".desk", slug=slug, ref=ref))
    flash(_("Signed: %(ref)s at %(time)s, %(mode)s.", ref=agreement.ref,
            time=event.local(agreement.signed_at).strftime("%H:%M:%S"), mode=MODES[agreement.signing_mode]),
          "success")
    return redirect(url_for(".desk", slug=slug))


@bp.post("/events/<slug>/signing/<ref>/present/<int:delegate_id>")
@roles_required(StaffRole.CLERK)
def mark_present(slug: str, ref: str, delegate_id: int) -> Any:
    event = events.get(slug)
    agreement = service.get(event, ref)
    form = PresentForm()
    if not form.validate():
        flash(_("The form had expired; nothing was changed."), "error")
    else:
        try:
            table.mark_present(agreement, delegate_id, staff=current_user, note=form.note.data)
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(_("Marked present at the signing table: admitted by hand, in your name."), "success")
    return redirect(url_for(".desk", slug=slug, ref=ref), 303)


@bp.post("/events/<slug>/signing/<ref>/correct")
@roles_required(StaffRole.CLERK)
def correct(slug: str, ref: str) -> Any:
    event = events.get(slug)
    agreement = service.get(event, ref)
    form = CorrectForm()
    if form.validate():
        try:
            service.correct(agreement, signed_at=form.signed_at.data or None, mode=form.mode.data,
                            staff=current_user, note=form.note.data)
            flash(_("Corrected: %(ref)s now reads %(time)s, %(mode)s. The earlier entry stays in the ledger.",
                    ref=agreement.ref, time=event.local(agreement.signed_at).strftime("%H:%M:%S"),
                    mode=MODES[agreement.signing_mode]), "success")
        except Refused as refusal:
            flash(refusal.message, "error")
    else:
        flash(_("The correction was not understood; nothing was changed."), "error")
    return redirect(url_for(".desk", slug=slug, ref=ref))


@bp.post("/events/<slug>/signing/<ref>/status")
@roles_required(StaffRole.CLERK)
def change_status(slug: str, ref: str) -> Any:
    event = events.get(slug)
    agreement = service.get(event, ref)
    form = StatusForm()
    action = form.action.data
    if not form.validate() or (action == "withdraw" and not current_user.may(StaffRole.ORGANISER)):
        flash(_("That change is not possible here; nothing was changed."), "error")
    else:
        try:
            {"postpone": service.postpone, "withdraw": service.withdraw, "reopen": service.reopen}[action](
                agreement, staff=current_user, note=form.note.data)
            flash(_("%(ref)s is now: %(status)s.", ref=agreement.ref, status=STATUSES[agreement.status]), "success")
        except Refused as refusal:
            flash(refusal.message, "error")
    target = request.form.get("next")
    if target == "agreement" and current_user.may(StaffRole.ORGANISER):
        return redirect(url_for(".edit", slug=slug, ref=ref))
    if agreement.status in (AgreementStatus.POSTPONED, AgreementStatus.WITHDRAWN):
        return redirect(url_for(".desk", slug=slug))  # moved out of the way: the desk goes on to the next one
    return redirect(url_for(".desk", slug=slug, ref=ref))


@bp.post("/events/<slug>/signing/<ref>/move")
@roles_required(StaffRole.CLERK)
def move(slug: str, ref: str) -> Any:
    """One place up or down in the running order, from the desk or the agreements page."""
    event = events.get(slug)
    agreement = service.get(event, ref)
    form = MoveForm()
    if not form.validate():
        flash(_("That change is not possible here; nothing was changed."), "error")
    else:
        order.move(agreement, -1 if form.direction.data == "up" else 1, staff=current_user)
    if request.form.get("next") == "agreements" and current_user.may(StaffRole.ORGANISER):
        return redirect(url_for(".agreements", slug=slug), 303)
    return redirect(url_for(".desk", slug=slug, ref=request.form.get("selected") or None), 303)


@bp.get("/events/<slug>/signing/state")
@roles_required(StaffRole.CLERK)
def desk_state(slug: str) -> Any:
    """A fingerprint of everything the desk shows (order, statuses, who is present), which the desk polls to
    redraw itself when another clerk, an organiser or a door changed something; unchanged, it answers 304."""
    version = service.desk_version(events.get(slug))
    response = current_app.response_class(json.dumps({"version": version}), mimetype="application/json")
    response.set_etag(version)
    response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)


# The organisers' agreement pages


@bp.get("/events/<slug>/agreements")
@roles_required(StaffRole.ORGANISER)
def agreements(slug: str) -> Any:
    event = events.get(slug)
    running = service.agreements(event)
    current = [a for a in running if a.status != AgreementStatus.WITHDRAWN]
    signed = [a for a in running if a.status == AgreementStatus.SIGNED]
    used = sorted(({a.currency for a in running} | set(COMMON_CURRENCIES) | set(event.exchange_rates or {})) - {"CNY"})
    return render_template("signing/agreements.html", running=running, planned=money.totals(event, current),
                           signed=money.totals(event, signed), currencies=used, rates_form=RatesForm(),
                           rate=lambda c: money.rate(event, c), **_helpers(event))


@bp.post("/events/<slug>/agreements/rates")
@roles_required(StaffRole.ORGANISER)
def rates(slug: str) -> Any:
    event = events.get(slug)
    form = RatesForm()
    if not form.validate():
        flash(_("The form had expired; nothing was changed."), "error")
        return redirect(url_for(".agreements", slug=slug))
    typed = {name.removeprefix("rate_"): value for name, value in request.form.items()
             if name.startswith("rate_") and re.fullmatch(r"[A-Z]{3}", name.removeprefix("rate_"))
             and name != "rate_CNY"}
    try:
        found = money.read_rates(typed)
    except Refused as refusal:
        flash(refusal.message, "error")
        return redirect(url_for(".agreements", slug=slug))
    events.update(event, staff=current_user, exchange_rates=found)
    flash(_("Exchange rates saved."), "success")
    return redirect(url_for(".agreements", slug=slug))


@bp.route("/events/<slug>/agreements/new", methods=["GET", "POST"])
@roles_required(StaffRole.ORGANISER)
def new(slug: str) -> Any:
    return _edit(events.get(slug), None)


@bp.route("/events/<slug>/agreements/<ref>/edit", methods=["GET", "POST"])
@roles_required(StaffRole.ORGANISER)
def edit(slug: str, ref: str) -> Any:
    event = events.get(slug)
    return _edit(event, service.get(event, ref))


def _edit(event: Event, agreement: Agreement | None) -> Any:
    form = AgreementForm(data=_form_data(agreement) if agreement and request.method == "GET" else None)
    status = 200
    if form.validate_on_submit():
        values = {name: (str(getattr(form, name).data) if getattr(form, name).data is not None else "")
                  for name in ("ref", "title", "title_zh", "title_ja", "title_en", "summary", "kind", "amount",
                               "currency", "position", "parties", "signatories", "remote_signatories")}
        spec, problems = parse(event, values, party_entries(values["parties"]))
        for name, message in problems:
            getattr(form, name).errors = [*getattr(form, name).errors, message]
        if spec is not None:
            if agreement is None and db.session.scalar(select(Agreement.id).where(
                    Agreement.event_id == event.id, Agreement.ref == spec.ref)) is not None:
                form.ref.errors = [_("Another agreement of this event has this reference number.")]
            else:
                try:
                    saved, action = editing.save(event, spec, staff=current_user, agreement=agreement)
                except Refused as refusal:
                    form.ref.errors = [refusal.message]
                else:
                    flash({"created": _("Agreement %(ref)s created.", ref=saved.ref),
                           "updated": _("Agreement %(ref)s saved.", ref=saved.ref),
                           "unchanged": _("Nothing changed in %(ref)s.", ref=saved.ref)}[action], "success")
                    return redirect(url_for(".edit", slug=event.slug, ref=saved.ref))
        db.session.rollback()
        status = 400
    elif request.method == "POST":
        status = 400
    history = []
    if agreement is not None:
        history = list(db.session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "agreement", AuditEntry.entity_id == str(agreement.id))
            .order_by(AuditEntry.id.desc())))
    return render_template("signing/edit.html", form=form, agreement=agreement, history=history,
                           ledger=service.ledger(agreement) if agreement else [], document_form=DocumentForm(),
                           status_form=StatusForm(), **_helpers(event)), status


def _form_data(agreement: Agreement) -> dict[str, Any]:
    people = service.signatories(agreement)
    return {
        "ref": agreement.ref, "title": agreement.title,
        **{f"title_{language}": text for language, text in (agreement.titles or {}).items()},
        "summary": agreement.summary or "", "kind": agreement.kind.value,
        "amount": plain(agreement.amount, agreement.currency), "currency": agreement.currency,
        "position": agreement.position,
        "parties": "\n".join(p.organisation.name + (f": {p.side}" if p.side else "") for p in agreement.parties),
        "signatories": "\n".join(s.delegate.email for s in people if not s.remote),
        "remote_signatories": "\n".join(s.delegate.email for s in people if s.remote),
    }


@bp.route("/events/<slug>/agreements/import", methods=["GET", "POST"])
@roles_required(StaffRole.ORGANISER)
def import_file(slug: str) -> Any:
    event = events.get(slug)
    form = ImportForm()
    if not form.validate_on_submit():
        return render_template("signing/import.html", form=form, result=None, **_helpers(event)), \
            400 if request.method == "POST" else 200
    kept = _kept_upload(form.upload.data)
    if kept is not None:  # the organiser confirmed the preview: import the very file that was checked
        data, filename = kept[0].read_bytes(), kept[1]
    elif form.file.data:
        data, filename = form.file.data.read(), form.file.data.filename or ""
    else:
        form.file.errors = [_("Choose a file to import.")]
        return render_template("signing/import.html", form=form, result=None, **_helpers(event)), 400
    try:
        result = importer.import_agreements(event, data, filename, staff=current_user, dry_run=kept is None)
    except Refused as refusal:
        form.file.errors = [refusal.message]
        return render_template("signing/import.html", form=form, result=None, **_helpers(event)), 400
    if kept is not None:
        kept[0].unlink(missing_ok=True)
        if result.written:
            flash(_("Imported: %(summary)s.", summary=result.summary), "success")
            return redirect(url_for(".agreements", slug=slug))
    upload = ""
    if not result.problems:
        upload = secrets.token_hex(16)
        _upload_folder().mkdir(parents=True, exist_ok=True)
        (_upload_folder() / upload).write_bytes(data)
        (_upload_folder() / f"{upload}.name").write_text(filename, encoding="utf-8")
    form.upload.data = upload
    return render_template("signing/import.html", form=form, result=result, **_helpers(event)), \
        400 if result.problems else 200


def _upload_folder() -> Path:
    return Path(current_app.instance_path) / "agreement-imports"


def _kept_upload(token: str | None) -> tuple[Path, str] | None:
    if not token or not UPLOAD.match(token):
        return None
    path = _upload_folder() / token
    name = _upload_folder() / f"{token}.name"
    if not path.is_file():
        return None
    filename = name.read_text(encoding="utf-8") if name.is_file() else ""
    name.unlink(missing_ok=True)
    return path, filename


@bp.post("/events/<slug>/agreements/<ref>/documents")
@roles_required(StaffRole.ORGANISER)
def upload_document(slug: str, ref: str) -> Any:
    event = events.get(slug)
    agreement = service.get(event, ref)
    form = DocumentForm()
    if not form.validate_on_submit():
        flash(_("Choose a file to attach."), "error")
        return redirect(url_for(".edit", slug=slug, ref=ref), 303)
    try:
        document = documents.attach(agreement, form.file.data.filename or "", form.file.data.read(),
                                    staff=current_user)
    except Refused as refusal:
        flash(refusal.message, "error")
        return redirect(url_for(".edit", slug=slug, ref=ref), 303)
    flash(_("Attached %(name)s.", name=document.filename), "success")
    return redirect(url_for(".edit", slug=slug, ref=ref), 303)


@bp.get("/events/<slug>/agreements/<ref>/documents/<int:document_id>")
@roles_required(StaffRole.CLERK)
def document(slug: str, ref: str, document_id: int) -> Any:
    event = events.get(slug)
    found, path = documents.get(service.get(event, ref), document_id)
    response = send_file(path, mimetype=found.content_type, download_name=found.filename,
                         as_attachment="download" in request.args, max_age=0, conditional=True)
    response.headers["Cache-Control"] = "private, no-store"
    if found.content_type.startswith("image/"):  # shown by the browser's own image page: nothing else may load
        response.headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    return response


@bp.get("/events/<slug>/agreements/report.<any(pdf, csv):format>")
@roles_required(StaffRole.CLERK)
def report_file(slug: str, format: str) -> Any:
    event = events.get(slug)
    language = web.current_language()
    with force_locale(language):
        data = report.record(event)
        body = report.to_pdf(data, language) if format == "pdf" else report.to_csv(data)
    stamp = datetime.now(event.tz).strftime("%Y%m%d-%H%M")
    return Response(body, mimetype="application/pdf" if format == "pdf" else "text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{event.slug}-agreements-{stamp}.{format}"',
                             "Cache-Control": "private, no-store"})
