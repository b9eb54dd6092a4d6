"""Every route of the app and the API, read from the URL map, asked by each kind of visitor with GET and with its
state-changing methods: anonymous, a delegate with their personal link, door staff, a signing clerk, an organiser,
and door and clerk accounts limited to another event. Each answer is checked against ROUTES, so a new route
without a row here fails, and its roles are decided when it is written."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask, session
from flask_wtf.csrf import generate_csrf
from werkzeug.routing import Rule

from tests.route_walk import ACTORS, World, build_world, paths

LOGIN = "sign in"  # a page redirects to the sign-in page (and back here after); the API answers 401
DENY = 403  # signed in, but the role may not
HIDE = 404  # unknown to this visitor: a made-up personal link, or an event the account is not limited to
OK = "allowed"  # past every check of who is asking (the input may still be refused: 400, 409)

PUBLIC = (OK,) * 7
ORGANISERS = (LOGIN, LOGIN, DENY, DENY, OK, DENY, DENY)
EVENT_ORGANISERS = ORGANISERS  # organisers are never limited to events (staff.service.limit)
DOOR = (LOGIN, LOGIN, OK, DENY, OK, HIDE, DENY)
DOOR_ANY_EVENT = (LOGIN, LOGIN, OK, DENY, OK, OK, DENY)  # nothing of one event in it
CLERK = (LOGIN, LOGIN, DENY, OK, OK, DENY, HIDE)
ANY_STAFF_OF_EVENT = (LOGIN, LOGIN, OK, OK, OK, HIDE, HIDE)
ANY_STAFF = (LOGIN, LOGIN, OK, OK, OK, OK, OK)
PERSONAL = (HIDE, OK, OK, OK, OK, OK, OK)  # /i/<token>: the link is the key; staff may open a guest's link too

ROUTES: dict[tuple[str, str], tuple[Any, ...]] = {
    # Public: the site's files, the health check, the API's document, the live board, open registration.
    ("static", "GET"): PUBLIC,
    ("health.healthz", "GET"): PUBLIC,
    ("api-docs.openapi_json", "GET"): PUBLIC,
    ("auth.login", "GET"): PUBLIC,
    ("auth.login", "POST"): PUBLIC,
    ("board.board", "GET"): PUBLIC,
    ("board.feed", "GET"): PUBLIC,
    ("rsvp.register", "GET"): PUBLIC,
    ("rsvp.register", "POST"): PUBLIC,
    ("rsvp.registered", "GET"): PUBLIC,
    # Organisers signed in, or a calendar program holding the feed's secret address (not asked for here).
    ("rsvp.programme_feed", "GET"): (HIDE, HIDE, HIDE, HIDE, OK, HIDE, HIDE),
    # A delegate's own pages: the personal token is the key.
    ("rsvp.invitation", "GET"): PERSONAL,
    ("rsvp.invitation", "POST"): PERSONAL,
    ("rsvp.confirmed", "GET"): PERSONAL,
    ("rsvp.calendar_file", "GET"): PERSONAL,
    ("badges.delegate_badge", "GET"): PERSONAL,
    ("rsvp.join", "GET"): PERSONAL,
    # Any member of staff: the home lists only the events an account works on.
    ("organisers.home", "GET"): ANY_STAFF,
    ("auth.logout", "POST"): ANY_STAFF,
    # Organisers only, across events.
    ("audit.audit_log", "GET"): ORGANISERS,
    ("organisers.staff_accounts", "GET"): ORGANISERS,
    # The door.
    ("door.scanner", "GET"): DOOR,
    ("door.choose", "GET"): DOOR,
    ("door.choose", "POST"): DOOR,
    ("door.scan", "POST"): DOOR,
    ("door.find_guests", "GET"): DOOR,
    ("door.admit", "POST"): DOOR,
    ("door.undo", "POST"): DOOR,
    ("door.stats", "GET"): DOOR,
    ("door.offline_bundle", "GET"): DOOR,  # the door page's own copy of the roster, for scanning offline
    ("door.offline_files", "GET"): DOOR,
    ("door.offline_page", "GET"): DOOR,
    ("door.manifest", "GET"): DOOR,
    ("door.service_worker", "GET"): DOOR,
    ("door.dashboard", "GET"): EVENT_ORGANISERS,
    # The clerk's desk.
    ("signing.desk", "GET"): CLERK,
    ("signing.sign", "POST"): CLERK,
    ("signing.correct", "POST"): CLERK,
    ("signing.change_status", "POST"): CLERK,
    ("signing.mark_present", "POST"): CLERK,  # a signatory no door scanned, admitted at the table
    ("signing.move", "POST"): CLERK,
    ("signing.desk_state", "GET"): CLERK,
    ("signing.document", "GET"): CLERK,  # the signed document's scan, and the report, are the clerk's to hand out
    ("signing.report_file", "GET"): CLERK,
    # The organisers' pages of an event.
    ("signing.agreements", "GET"): EVENT_ORGANISERS,
    ("signing.rates", "POST"): EVENT_ORGANISERS,
    ("signing.new", "GET"): EVENT_ORGANISERS,
    ("signing.new", "POST"): EVENT_ORGANISERS,
    ("signing.edit", "GET"): EVENT_ORGANISERS,
    ("signing.edit", "POST"): EVENT_ORGANISERS,
    ("signing.import_file", "GET"): EVENT_ORGANISERS,
    ("signing.import_file", "POST"): EVENT_ORGANISERS,
    ("signing.upload_document", "POST"): EVENT_ORGANISERS,
    ("badges.batch", "GET"): EVENT_ORGANISERS,
    ("badges.batch", "POST"): EVENT_ORGANISERS,
    ("guests.dashboard", "GET"): EVENT_ORGANISERS,
    ("guests.guest_list", "GET"): EVENT_ORGANISERS,
    ("guests.door_list", "GET"): EVENT_ORGANISERS,  # printed by organisers for the doors
    ("guests.add_guest", "GET"): EVENT_ORGANISERS,
    ("guests.add_guest", "POST"): EVENT_ORGANISERS,
    ("guests.edit_guest", "GET"): EVENT_ORGANISERS,
    ("guests.edit_guest", "POST"): EVENT_ORGANISERS,
    ("guests.override_answer", "POST"): EVENT_ORGANISERS,
    ("guests.withdraw_guest", "GET"): EVENT_ORGANISERS,
    ("guests.withdraw_guest", "POST"): EVENT_ORGANISERS,
    ("guests.bulk", "POST"): EVENT_ORGANISERS,
    ("guests.export", "GET"): EVENT_ORGANISERS,
    ("guests.print_badge", "GET"): EVENT_ORGANISERS,
    ("guests.reissue_badge", "GET"): EVENT_ORGANISERS,
    ("guests.reissue_badge", "POST"): EVENT_ORGANISERS,
    ("guests.resend_invitation", "POST"): EVENT_ORGANISERS,
    ("guests.remind", "POST"): EVENT_ORGANISERS,
    ("guests.import_upload", "GET"): EVENT_ORGANISERS,
    ("guests.import_upload", "POST"): EVENT_ORGANISERS,
    ("guests.import_confirm", "POST"): EVENT_ORGANISERS,
    ("guests.invitations", "GET"): EVENT_ORGANISERS,
    ("guests.send_invitations", "POST"): EVENT_ORGANISERS,
    ("guests.deliver", "POST"): EVENT_ORGANISERS,
    ("guests.delivery_status", "GET"): EVENT_ORGANISERS,
    ("rsvp.registrations", "GET"): EVENT_ORGANISERS,
    ("rsvp.decide", "POST"): EVENT_ORGANISERS,
    ("rooms.room_list", "GET"): EVENT_ORGANISERS,
    ("rooms.room_list", "POST"): EVENT_ORGANISERS,
    ("rooms.opening", "POST"): EVENT_ORGANISERS,
    ("rooms.edit", "GET"): EVENT_ORGANISERS,
    ("rooms.edit", "POST"): EVENT_ORGANISERS,
    ("rooms.remove", "GET"): EVENT_ORGANISERS,
    ("rooms.remove", "POST"): EVENT_ORGANISERS,
    ("attendance.reports", "GET"): EVENT_ORGANISERS,
    ("attendance.upload", "GET"): EVENT_ORGANISERS,
    ("attendance.upload", "POST"): EVENT_ORGANISERS,
    ("attendance.confirm", "POST"): EVENT_ORGANISERS,
    ("attendance.report", "GET"): EVENT_ORGANISERS,
    ("attendance.names", "GET"): EVENT_ORGANISERS,
    ("attendance.find", "GET"): EVENT_ORGANISERS,
    ("attendance.match", "POST"): EVENT_ORGANISERS,
    ("attendance.not_on_list", "POST"): EVENT_ORGANISERS,
    ("reports.report", "GET"): EVENT_ORGANISERS,
    ("reports.report_file", "GET"): EVENT_ORGANISERS,
    # The API: bearer tokens only (a delegate's personal token is none), roles as on the pages.
    ("api_events.list_events", "GET"): ORGANISERS,
    ("api_events.create_event", "POST"): ORGANISERS,
    ("api_events.read_event", "GET"): ANY_STAFF_OF_EVENT,
    ("api_events.change_event", "PATCH"): EVENT_ORGANISERS,
    ("api_invitations.list_invitations", "GET"): DOOR,
    ("api_badges.reissue", "POST"): EVENT_ORGANISERS,
    ("api_badges.keys", "GET"): DOOR_ANY_EVENT,
    ("api_checkins.scan", "POST"): DOOR,
    ("api_checkins.stats", "GET"): DOOR,
    ("api_checkins.offline_bundle", "GET"): DOOR,
    ("api_agreements.list_agreements", "GET"): CLERK,
    ("api_agreements.sign", "POST"): CLERK,
}


@pytest.fixture
def world(app: Flask) -> World:
    return build_world()


def ask(app: Flask, world: World, actor: str, method: str, path: str, csrf: tuple[str, str]) -> Any:
    """One request from a fresh browser (or device) of `actor`, with a valid CSRF token: only who asks decides."""
    raw, signed = csrf
    client = app.test_client()
    member = world.staff[actor]
    api = path.startswith("/api/")
    with client.session_transaction() as cookie:
        cookie["csrf_token"] = raw
        if member is not None and not api:
            cookie["_user_id"] = member.get_id()  # signing out comes last: the version is still the first
            cookie["_fresh"] = True
    headers = {"X-CSRFToken": signed}
    if api and actor in world.tokens:
        headers["Authorization"] = f"Bearer {world.tokens[actor]}"
    if method == "GET":
        return client.get(path, headers=headers)
    if api:
        return client.open(path, method=method, json={}, headers=headers)
    return client.open(path, method=method, data={"csrf_token": signed}, headers=headers)


def verdict(answer: Any) -> Any:
    if answer.status_code == 401 or (answer.status_code == 302 and answer.location.startswith("/login?next=")):
        return LOGIN
    if answer.status_code in (DENY, HIDE) or answer.status_code >= 500:
        return answer.status_code
    return OK


def walk(app: Flask) -> list[tuple[Rule, str]]:
    """Each route with each of its methods: first every GET (on the world as built), then the state-changing
    methods, signing out last (so no other answer tests a session that has ended)."""
    pairs = [(rule, method) for rule in app.url_map.iter_rules() for method in rule.methods - {"HEAD", "OPTIONS"}]
    return sorted(pairs, key=lambda rm: (rm[0].endpoint == "auth.logout", rm[1] != "GET", rm[0].rule, rm[1]))


def test_every_route_of_the_url_map_has_its_row(app: Flask) -> None:
    walked = {(rule.endpoint, method) for rule, method in walk(app)}
    assert sorted(walked - ROUTES.keys()) == [], "routes without a row in ROUTES: decide who may use them"
    assert sorted(ROUTES.keys() - walked) == [], "rows in ROUTES for routes that no longer exist"


def test_every_route_answers_each_kind_of_visitor_as_its_roles_say(app: Flask, world: World) -> None:
    with app.test_request_context():
        signed = generate_csrf()
        csrf = (session["csrf_token"], signed)
    wrong = []
    for rule, method in walk(app):
        for actor, expected in zip(ACTORS, ROUTES.get((rule.endpoint, method), ()), strict=False):
            for path in paths(rule, world, actor):
                got = verdict(ask(app, world, actor, method, path, csrf))
                if got != expected:
                    wrong.append(f"{method} {path} as {actor}: {got}, expected {expected}")
    assert not wrong, "\n".join(wrong)
