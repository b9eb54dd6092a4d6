"""The JSON API at /api/v1, with its OpenAPI 3 document at /api/v1/openapi.json (no token needed).

The same marshmallow schemas validate requests, shape answers and write the document, so they cannot drift
apart; tests/test_api_contract.py checks every documented operation against the running app.

Adding an area (invitations, check-ins, agreements):

1. Write eventdesk/api/<area>.py with
   `blp = ApiBlueprint("api_<area>", __name__, url_prefix=f"{PREFIX}/events/<slug:slug>/<area>")`.
   Decorate each view, top to bottom: `@blp.get(...)` (or post/patch), `@token_required(roles...)` (before
   the arguments, so a caller without a token learns that before anything about the body),
   `@blp.arguments(InputSchema)` for a body (`location="query"` for a query string),
   `@blp.response(status, OutputSchema)`, and `@blp.alt_response(code, response="CONFLICT")` (or
   BAD_REQUEST, NOT_FOUND, ...) for each refusal a client should expect.
   The view parses nothing itself: it calls one service function (with `current_staff()` for the audit log)
   and returns what the schema shows. A service's `Refused` becomes `{"error": {"code", "message"}}` with
   its status; `<slug:slug>` in a path lets only well-formed slugs reach the view.
2. Put its schemas in eventdesk/api/schemas.py: `Text` for strings (the database refuses NUL characters),
   `EventTime` for times, a `validate.Length` for every string and a `validate.Range` for every number the
   database holds, so no input a schema accepts can fail in the database.
3. Add the module to ROUTE_MODULES below, then run tests/test_api_contract.py.
"""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api

from eventdesk.api import agreements, badges, checkins, events, invitations
from eventdesk.api.auth import SCHEME, SECURITY_SCHEME
from eventdesk.api.blueprint import PREFIX, SlugConverter, slug_parameter
from eventdesk.api.schemas import ErrorSchema
from eventdesk.extensions import csrf

ROUTE_MODULES = (events, agreements, invitations, checkins, badges)

SETTINGS = {
    "API_TITLE": "eventdesk",
    "API_VERSION": "1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": PREFIX,
    "OPENAPI_JSON_PATH": "openapi.json",  # no browsable UI: it would load scripts from a CDN
}


class EventdeskApi(Api):
    """flask-smorest's Api with our error shape in the document.

    flask-smorest would install an app-wide handler for every HTTP error, answering its own JSON shape and
    replacing the HTML pages errors.register gives outside /api/. Instead, errors.register keeps the app
    (it answers our JSON shape under /api/, e.g. for unknown routes and wrong methods) and each ApiBlueprint
    carries the API's handlers, which add the invalid fields of a request.
    """

    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self) -> None:
        pass


def init_app(app: Flask) -> None:
    for name, value in SETTINGS.items():
        app.config.setdefault(name, value)
    app.url_map.converters["slug"] = SlugConverter
    api = EventdeskApi(app)
    api.register_converter(SlugConverter, slug_parameter)
    api.spec.components.security_scheme(SCHEME, SECURITY_SCHEME)
    for module in ROUTE_MODULES:
        csrf.exempt(module.blp)  # a bearer token, which no other site can send, authorises every API call
        api.register_blueprint(module.blp)
