"""The live board: a public page for the hall's big screen and the stream, and the JSON it polls every second.

Public on purpose, so it shows only what the hall sees anyway: titles, organisations, amounts, signing times.
No names of people, no e-mail addresses, no tokens. The JSON carries an ETag; an unchanged poll answers 304.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from eventdesk import web
from eventdesk.events import service as events
from eventdesk.i18n import LANGUAGE_NAMES
from eventdesk.models import Agreement, Event
from eventdesk.signing import money, service
from eventdesk.signing.labels import MODES, exact, headline

bp = Blueprint("board", __name__)
LIST_LENGTH = 28  # the whole of a ceremony's running order fits the list; more scroll off the bottom


@bp.get("/events/<slug>/board")
def board(slug: str) -> Any:
    event = events.get(slug)
    language = web.current_language()
    state = state_json(event, language)
    return render_template("signing/board.html", event=event, state=state, language=language,
                           languages=LANGUAGE_NAMES,
                           feed=url_for(".feed", slug=slug, lang=language)), 200, {"Cache-Control": "no-cache"}


@bp.get("/events/<slug>/board.json")
def feed(slug: str) -> Any:
    event = events.get(slug)
    language = request.args.get("lang") if request.args.get("lang") in LANGUAGE_NAMES else web.current_language()
    body = json.dumps(state_json(event, language), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    response = current_app.response_class(body, mimetype="application/json")
    response.set_etag(hashlib.sha256(body.encode()).hexdigest()[:32])
    response.headers["Cache-Control"] = "no-cache"  # keep a copy, but ask every time: the ETag makes that cheap
    response.headers["Access-Control-Allow-Origin"] = "*"  # public facts; a stream overlay may read them
    return response.make_conditional(request)


def state_json(event: Event, language: str) -> dict[str, Any]:
    """The board's state as the page shows it, words and numbers already in `language`."""
    with force_locale(language):
        state = service.board(event)
        total = headline(state.totals.cny, language)
        latest = state.latest
        return {
            "title": event.title_in(language),
            "signed": len(state.signed),
            "planned": state.planned,
            "total": {"prefix": total.prefix, "value": total.value, "unit": total.unit,
                      "exact": f"{exact(state.totals.cny)} CNY"},
            "unconverted": [f"{exact(amount, currency)} {currency}"
                            for currency, amount in state.totals.unconverted.items()],
            "latest": _item(event, latest, language) if latest else None,
            "items": [_item(event, a, language) for a in reversed(state.signed[-LIST_LENGTH:])],
            "labels": {"none": _("The first agreement is about to be signed."),
                       "no_rate": _("Not in the total, for want of an exchange rate:")},
        }


def _item(event: Event, agreement: Agreement, language: str) -> dict[str, Any]:
    amount = agreement.amount
    converted = money.in_cny(event, agreement)
    return {
        "ref": agreement.ref,
        "title": agreement.title_in(language),
        "parties": [{"name": _organisation_name(p.organisation, language), "side": p.side or ""}
                    for p in agreement.parties],
        "time": event.local(agreement.signed_at).strftime("%H:%M") if agreement.signed_at else "",
        "mode": str(MODES[agreement.signing_mode]) if agreement.signing_mode else "",
        "remote": agreement.signing_mode is not None and agreement.signing_mode.value == "remote",
        "amount": "" if amount is None else (str(headline(converted, language)) if converted is not None
                                             else f"{exact(amount, agreement.currency)} {agreement.currency}"),
    }


def _organisation_name(organisation: Any, language: str) -> str:
    """Organisations in their own script; for English readers, the Latin name when there is one."""
    return organisation.name_latin if language == "en" and organisation.name_latin else organisation.name
