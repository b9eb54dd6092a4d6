"""Bearer tokens: `Authorization: Bearer <token>` from `eventdesk users token`, and the role check."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import g, request
from flask_babel import gettext as _
from flask_smorest import Blueprint
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import Forbidden, Unauthorized

from eventdesk.models import Staff, StaffRole
from eventdesk.staff import service

SCHEME = "bearerAuth"  # the security scheme's name in the OpenAPI document
SECURITY_SCHEME = {"type": "http", "scheme": "bearer",
                   "description": "A staff token from `eventdesk users token EMAIL`."}


def token_required(*roles: StaffRole) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Staff with a valid token whose role is among `roles` (organisers always pass): 401 without one, 403 for
    another role. Only the token counts: a browser's session cookie never authorises an API call, so a page
    elsewhere cannot make a signed-in browser act for its user. Documents the security and both answers."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            staff = _staff_from_token()
            if not staff.may(*roles):
                raise Forbidden(_("Your role may not do this."))
            g.api_staff = staff
            return view(*args, **kwargs)

        responses = {401: "UNAUTHORIZED"}
        if set(StaffRole) - {StaffRole.ORGANISER, *roles}:
            responses[403] = "FORBIDDEN"
        return Blueprint.doc(security=[{SCHEME: []}], responses=responses)(guarded)

    return decorate


def current_staff() -> Staff:
    """The member of staff whose token authorised this request (inside a `token_required` view)."""
    return g.api_staff


def _staff_from_token() -> Staff:
    scheme, _space, token = request.headers.get("Authorization", "").strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized(_("Send a staff token: Authorization: Bearer <token>."),
                           www_authenticate=WWWAuthenticate("bearer"))
    staff = service.staff_for_token(token)
    if staff is None:
        raise Unauthorized(_("This token is unknown or revoked, or its account is inactive."),
                           www_authenticate=WWWAuthenticate("bearer", {"error": "invalid_token"}))
    return staff
