"""Refused is the one domain error: a service says no with a code and a message; edges map it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy.exc
from flask_babel import lazy_gettext as _l

if TYPE_CHECKING:
    from flask import Flask


class Refused(Exception):
    """A rule said no. `code` is stable (API clients match on it); `message` is for people."""

    def __init__(self, code: str, message: str, *, status: int = 400, field: str | None = None,
                 details: object = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.field = field
        self.details = details


class NotFound(Refused):
    def __init__(self, what: str, message: str | None = None) -> None:
        super().__init__("not_found", message or f"{what} not found", status=404)


class Conflict(Refused):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message, status=409)


HTTP_DESCRIPTIONS = {
    400: _l("The request could not be understood. Please go back and try again."),
    401: _l("Please sign in first."),
    403: _l("Your account may not open this page. Ask an organiser if you need it."),
    404: _l("The address may be mistyped, or the page was removed."),
    405: _l("This address does not take this kind of request."),
    413: _l("What was sent is too large."),
    429: _l("Too many requests. Please wait a moment and try again."),
    500: _l("The server encountered an internal error and was unable to complete your request. Either the server is "
            "overloaded or there is an error in the application."),
}

# Errors that mean "the database cannot answer now" rather than "this request is wrong".
DatabaseUnavailable = (sqlalchemy.exc.OperationalError, sqlalchemy.exc.InterfaceError,
                       sqlalchemy.exc.DisconnectionError, sqlalchemy.exc.TimeoutError)
RETRY_AFTER_S = 2

PLAIN_ERROR_PAGE = ('<!doctype html><html><head><meta charset="utf-8"><title>{status} · eventdesk</title>'
                    '</head><body><main><h1>{status}</h1><p>{message}</p><p><a href="/">eventdesk</a></p></main>'
                    '</body></html>')


def register(app: Flask) -> None:
    """One mapping from errors to answers: JSON under /api, a page elsewhere; never a bare 500."""
    from flask import render_template, request
    from flask_wtf.csrf import CSRFError
    from markupsafe import escape
    from werkzeug.exceptions import HTTPException

    def wants_json() -> bool:
        return request.path.startswith("/api/") or request.path == "/healthz"

    def answer(status: int, code: str, message: str) -> Any:
        if wants_json():
            return {"error": {"code": code, "message": message}}, status
        try:
            return render_template("error.html", status=status, message=message), status
        except Exception:  # the layout around the message failed too: still the site's page, not a bare 500
            app.logger.exception("the error page could not be drawn on %s %s", request.method, request.path)
            return PLAIN_ERROR_PAGE.format(status=status, message=escape(str(message))), status

    @app.errorhandler(Refused)
    def refused(e: Refused) -> Any:
        from eventdesk.extensions import db

        db.session.rollback()  # a service may have changed objects before it said no: keep none of it
        return answer(e.status, e.code, e.message)

    @app.errorhandler(CSRFError)
    def csrf_failed(e: CSRFError) -> Any:
        from flask_babel import gettext

        return answer(400, "csrf_failed", gettext("The form had expired or was not sent by this site. "
                                                  "Please reload the page and try again."))

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException) -> Any:
        code = (e.name or "error").lower().replace(" ", "_")
        description = e.description or e.name
        if description == type(e).description:  # werkzeug's own English words: ours, in the page's language
            description = str(HTTP_DESCRIPTIONS.get(e.code or 500, description))
        body, status = answer(e.code or 500, code, description)
        return body, status, {k: v for k, v in e.get_headers() if k == "Allow"}  # 405 names the methods

    @app.errorhandler(Exception)
    def unexpected(e: Exception) -> Any:
        from eventdesk.extensions import db

        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        db.session.rollback()  # a failed statement must not poison the next request on this connection
        return answer(500, "internal_error", str(HTTP_DESCRIPTIONS[500]))

    def database_unavailable(e: Exception) -> Any:
        """The database went away (restarted, failed over, locked too long): a clear 503 with a retry hint, never a
        500. A door that sends the scan again with its scan_id has it recorded once when the database is back."""
        from flask_babel import gettext

        from eventdesk.extensions import db

        app.logger.error("database unavailable on %s %s: %s", request.method, request.path, e)
        try:
            db.session.rollback()
        except Exception:  # the connection is gone; the pool replaces it (pre-ping) on the next checkout
            db.session.close()
        message = gettext("The database is not answering for a moment. Please try again in a few seconds.")
        if wants_json() or request.accept_mimetypes.best == "application/json":
            body, status = {"error": {"code": "database_unavailable", "message": message}}, 503
        else:
            body, status = answer(503, "database_unavailable", message)
        return body, status, {"Retry-After": str(RETRY_AFTER_S)}

    for error in DatabaseUnavailable:
        app.register_error_handler(error, database_unavailable)
