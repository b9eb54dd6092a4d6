"""The organisers' report page and its downloads (PDF, CSV, JSON), in the page's language. Thin: the figures come
from reports.service, the files from reports.files."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, render_template
from flask_babel import lazy_gettext as _l

from eventdesk import web
from eventdesk.auth import roles_required
from eventdesk.door.display import clock
from eventdesk.events import service as events
from eventdesk.models import StaffRole, utcnow
from eventdesk.reports import charts, files, labels, service
from eventdesk.rsvp import dates
from eventdesk.signing import money
from eventdesk.signing.labels import AGREEMENT_KINDS, MODES, exact

bp = Blueprint("reports", __name__, url_prefix="/events/<slug>")

web.add_event_link("reports.report", _l("Post-event report"), StaffRole.ORGANISER)


@bp.get("/report")
@roles_required()
def report(slug: str) -> Any:
    event = events.get(slug)
    found = service.build(event)
    language = web.current_language()
    return render_template(
        "reports/report.html", event=event, report=found, labels=labels, language=language,
        country_label=lambda code: labels.country(code, language),
        arrivals=charts.layout(event, found.arrivals, charts.ARRIVALS),
        joins=charts.layout(event, found.joins, charts.JOINS),
        clock=lambda instant: clock(event, instant, on=event.starts_at),
        moment=lambda instant: dates.moment(event.local(instant), language), days=dates.days(event, language),
        exact=exact, in_cny=lambda agreement: money.in_cny(event, agreement), modes=MODES,
        agreement_kinds=AGREEMENT_KINDS)


@bp.get("/report.<any(pdf, csv, json):format>")
@roles_required()
def report_file(slug: str, format: str) -> Any:
    event = events.get(slug)
    body = files.render(service.build(event), format, web.current_language())
    stamp = event.local(utcnow()).strftime("%Y%m%d-%H%M")
    return Response(body, mimetype=files.MIMETYPES[format], headers={
        "Content-Disposition": f'attachment; filename="{event.slug}-report-{stamp}.{files.SUFFIXES[format]}"'})
