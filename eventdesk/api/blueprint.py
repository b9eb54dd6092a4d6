"""What every API route module builds on: its blueprint class, the JSON error answers, the slug converter."""

from __future__ import annotations

import json
from typing import Any

import flask
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_smorest import Blueprint
from marshmallow import ValidationError
from webargs.flaskparser import FlaskParser
from werkzeug.exceptions import HTTPException
from werkzeug.routing import BaseConverter

from eventdesk.errors import Refused
from eventdesk.events.service import SLUG
from eventdesk.extensions import db

PREFIX = "/api/v1"
# Headers an error answer keeps: how to authenticate (401) and which methods a route has (405).
KEPT_HEADERS = {"WWW-Authenticate", "Allow"}


class SlugConverter(BaseConverter):
    """`<slug:slug>`: anything else is an unknown route (404) before a query could choke on it."""

    regex = SLUG.pattern.strip("^$")


def slug_parameter(converter: SlugConverter) -> dict[str, Any]:
    return {"type": "string", "pattern": SLUG.pattern, "maxLength": 63}


class BodyParser(FlaskParser):
    """Reads JSON bodies; a body Python's json cannot hold (an integer of 5,000 digits, nesting deeper than the
    recursion limit) is a bad request like any other malformed JSON, not a server error."""

    def _raw_load_json(self, req: flask.Request) -> Any:
        try:
            return super()._raw_load_json(req)
        except json.JSONDecodeError:
            raise
        except (ValueError, RecursionError) as e:
            self._handle_invalid_json_error(e, req)


class ApiBlueprint(Blueprint):
    """A flask-smorest blueprint whose errors answer `{"error": {"code", "message"[, "fields"]}}`."""

    ARGUMENTS_PARSER = BodyParser()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.register_error_handler(HTTPException, http_error)
        self.register_error_handler(Refused, refused)


def error(status: int, code: str, message: str, fields: dict[str, Any] | None = None,
          headers: dict[str, str] | None = None) -> ResponseReturnValue:
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return {"error": body}, status, headers or {}


def http_error(e: HTTPException) -> ResponseReturnValue:
    status = e.code or 500
    headers = {k: v for k, v in e.get_headers() if k in KEPT_HEADERS}
    data = getattr(e, "data", None) or {}  # webargs' abort puts its messages and headers here, its cause in exc
    headers.update(data.get("headers") or {})
    cause = getattr(e, "exc", None)
    if isinstance(cause, ValidationError):
        problems: dict[str, Any] = {}
        for found in data["messages"].values():  # {location: {field: [message]}}: the location tells nothing
            problems.update(found)
        return error(status, "invalid_input", _("Some fields are invalid: %(names)s.",
                                                 names=", ".join(sorted(problems))), problems, headers)
    if cause is not None:  # the body could not be read as JSON
        return error(status, "invalid_json", _("The request body is not valid JSON."), headers=headers)
    code = (e.name or "error").lower().replace(" ", "_")
    return error(status, code, e.description or e.name, headers=headers)


def refused(e: Refused) -> ResponseReturnValue:
    # A service may have set attributes before it said no; nothing of a refused request may be written later.
    db.session.rollback()
    return error(e.status, e.code, e.message, {e.field: [e.message]} if e.field else None)
