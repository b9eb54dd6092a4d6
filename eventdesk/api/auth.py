"""Bearer tokens: `Authorization: Bearer <token>` from `eventdesk users token`, and the role check."""

from __future__ import annotations

import hashlib
import time
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


def token_required(*roles: StaffRole, hot_path: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Staff with a valid token whose role is among `roles` (organisers always pass): 401 without one, 403 for
    another role. Only the token counts: a browser's session cookie never authorises an API call, so a page
    elsewhere cannot make a signed-in browser act for its user. Documents the security and both answers.

    On a route of an event, staff limited to other events get the answer for an event that does not exist (404).

    `hot_path` (the door scan only): the token's account and its event limits are remembered for up to
    `REMEMBER_SECONDS` per process, and the view gets a stand-in Staff holding id, e-mail and role, never added to
    the session."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if hot_path:
                staff, limits = _remembered_staff()
            else:
                staff = _staff_from_token()
                limits = service.event_limits(staff.id) if "slug" in kwargs else frozenset()
            if not staff.may(*roles):
                raise Forbidden(_("Your role may not do this."))
            if "slug" in kwargs:
                service.check_event(limits, kwargs["slug"])
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


# A revoked token or deactivated account stops working at the door within this many seconds (one second
# still spares the database the lookup for nearly every scan of a busy door).
REMEMBER_SECONDS = 1.0
_remembered: dict[str, tuple[float, Staff, frozenset[str]]] = {}


def _remembered_staff() -> tuple[Staff, frozenset[str]]:
    token = _presented_token()
    key = hashlib.sha256(token.encode()).hexdigest()
    hit = _remembered.get(key)
    if hit is None or hit[0] < time.monotonic():
        staff = _staff_from_token()
        if len(_remembered) > 10_000:  # tokens are few; this only bounds memory against a flood of bad ones
            _remembered.clear()
        # The stand-in is kept too, and shared by the requests of that second: building one cost a tenth of a scan.
        hit = _remembered[key] = (time.monotonic() + REMEMBER_SECONDS,
                                  Staff(id=staff.id, email=staff.email, role=staff.role, active=True),
                                  service.event_limits(staff.id))
    return hit[1], hit[2]


def _presented_token() -> str:
    scheme, _space, token = request.headers.get("Authorization", "").strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized(_("Send a staff token: Authorization: Bearer <token>."),
                           www_authenticate=WWWAuthenticate("bearer"))
    return token


def _staff_from_token() -> Staff:
    staff = service.staff_for_token(_presented_token())
    if staff is None:
        raise Unauthorized(_("This token is unknown or revoked, or its account is inactive."),
                           www_authenticate=WWWAuthenticate("bearer", {"error": "invalid_token"}))
    return staff
