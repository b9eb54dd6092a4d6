"""What every page template can use: the language, times in the event's timezone, and the staff menus.

Areas add their menu entries with `add_nav` / `add_event_link` when their blueprint is imported, so the
layout lists only what exists and what the signed-in role may open.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from babel.dates import format_date, format_time
from flask import Flask, Request, Response, current_app, has_request_context, request, url_for
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from eventdesk.i18n import LANGUAGE_NAMES
from eventdesk.models import Event, StaffRole

Link = tuple[str, Any, tuple[StaffRole, ...]]
_NAV: list[Link] = [("organisers.home", _l("Events"), ())]
_EVENT_LINKS: list[Link] = []
ROLE_LABELS = {StaffRole.ORGANISER: _l("Organiser"), StaffRole.DOOR: _l("Door staff"),
               StaffRole.CLERK: _l("Signing clerk")}


def add_nav(endpoint: str, label: Any, *roles: StaffRole) -> None:
    _NAV.append((endpoint, label, roles))


def add_event_link(endpoint: str, label: Any, *roles: StaffRole) -> None:
    """A button on each event of the staff home; `endpoint` takes the event's `slug`."""
    _EVENT_LINKS.append((endpoint, label, roles))


def _allowed(links: list[Link]) -> list[tuple[str, Any]]:
    views = current_app.view_functions
    return [(endpoint, label) for endpoint, label, roles in links
            if endpoint in views and (not roles or current_user.may(*roles))]


# The event menu's order: the guests, their mail and answers, the numbers, then the day itself and after it.
EVENT_MENU_ORDER = ("guests.guest_list", "guests.invitations", "rsvp.registrations", "guests.dashboard",
                    "badges.batch", "door.dashboard", "door.scanner", "signing.agreements", "signing.desk",
                    "board.board", "rooms.room_list", "attendance.reports", "reports.report")


def event_menu(extra: list[tuple[str, Any]] | None = None) -> list[tuple[str, Any]]:
    """Every area of one event that the signed-in role may open, in EVENT_MENU_ORDER (others after): the
    areas' own links (add_event_link) and `extra` ones an area shows without a button on the staff home."""
    links = _allowed(_EVENT_LINKS)
    known = {endpoint for endpoint, _label in links}
    links += [(endpoint, label) for endpoint, label in extra or []
              if endpoint not in known and endpoint in current_app.view_functions]
    order = {endpoint: n for n, endpoint in enumerate(EVENT_MENU_ORDER)}
    return sorted(links, key=lambda link: order.get(link[0], len(order)))


def current_language() -> str:
    return str(get_locale() or "en").split("_")[0]


def format_local(event: Event, instant: datetime | None, format: str = "medium") -> str:
    """An instant as the event's local time to the minute, in the page's language, with the timezone named;
    `format` is the date's length (short or medium)."""
    if instant is None:
        return ""
    locale, local = str(get_locale() or "en"), instant.astimezone(event.tz)
    day, time = format_date(local, format=format, locale=locale), format_time(local, format="short", locale=locale)
    return f"{day} {time} ({event.timezone})"


def url_with_lang(code: str) -> str:
    """This page in another language. The visitor's query arguments are appended as such, never passed to
    url_for, where `_method`, `_external` or `_anchor` would be taken as its own arguments."""
    query = urlencode([(k, v) for k, v in request.args.items(multi=True) if k != "lang"] + [("lang", code)])
    if request.endpoint is None or request.view_args is None:
        return f"?{query}"
    return f"{url_for(request.endpoint, **request.view_args)}?{query}"


class SessionOverHttps(SecureCookieSessionInterface):
    """The session cookie is Secure whenever the request came over HTTPS (directly, or as the trusted proxy
    says), so plain HTTP on 127.0.0.1 still works for development.

    The JSON API authorises by token alone (api/auth.py), so its requests neither read nor write the session
    cookie: they get an empty session that is never saved. That also spares the door scan verifying and
    re-signing the cookie, a twentieth of its time in the app."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if _is_api(request):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        if not _is_api(request):
            super().save_session(app, session, response)

    def get_cookie_secure(self, app: Flask) -> bool:
        return super().get_cookie_secure(app) or (has_request_context() and request.is_secure)


def _is_api(asked: Request) -> bool:
    return asked.path.startswith("/api/")  # api.blueprint.PREFIX's first part (importing it here would loop)


def init_app(app: Flask) -> None:
    app.session_interface = SessionOverHttps()

    @app.context_processor
    def template_helpers() -> dict[str, Any]:
        return {
            "language_names": LANGUAGE_NAMES,
            "current_language": current_language,
            "current_locale_tag": lambda: {"zh": "zh-Hans"}.get(current_language(), current_language()),
            "url_with_lang": url_with_lang,
            "format_local": format_local,
            "staff_nav": lambda: _allowed(_NAV),
            "event_links": lambda event: _allowed(_EVENT_LINKS),
            "event_menu": event_menu,
            "role_label": lambda role: ROLE_LABELS.get(role, role),
        }

    @app.after_request
    def security_headers(response: Any) -> Any:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if response.mimetype == "text/html":
            # Everything is served by the app itself: no third-party scripts, styles or fonts.
            response.headers.setdefault(
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
                "style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; "
                "form-action 'self'; base-uri 'self'")
        return response
