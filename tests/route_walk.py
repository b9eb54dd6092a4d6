"""A world to walk every route in: what each URL argument names exists, and each kind of visitor has an account
or a personal link. Used by the role matrix and the CSRF walk."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from werkzeug.routing import AnyConverter, Rule

from eventdesk.badges import service as badges
from eventdesk.extensions import db
from eventdesk.models import AttendanceReport, OnlineRoom, RegistrationRequest, Staff
from eventdesk.signing import documents
from eventdesk.staff import service as staff_service
from tests.factories import PASSWORD, make_event, make_invitation, make_staff
from tests.signing_factories import make_agreement

ACTORS = ("anonymous", "delegate", "door", "clerk", "organiser", "door elsewhere", "clerk elsewhere")
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass
class World:
    """One event with a guest, a badge, an agreement with a document, a registration request, an online room and an
    attendance report; another event the limited accounts work on; an account of each kind."""

    values: dict[str, Any]
    staff: dict[str, Staff | None]
    tokens: dict[str, str]


def build_world() -> World:
    event = make_event("ceremony", open_registration=True)
    make_event("elsewhere")
    invitation = make_invitation(event, status="accepted", mode="in_person", online_allowed=True)
    badges.issue(invitation)
    agreement = make_agreement(event, "CJ-01")
    document = documents.attach(agreement, "signed.pdf", b"%PDF-1.4\n%%EOF\n")
    request = RegistrationRequest(event=event, email="visitor@example.org", family_name="Visitor",
                                  organisation="Visiting Ltd", mode="in_person", details={})
    room = OnlineRoom(event_id=event.id, name="Main hall stream", url="https://meet.example.org/main")
    report = AttendanceReport(event_id=event.id, room=room, layout="zoom_meeting", digest="0" * 64, filename="zoom.csv",
                              timezone=event.timezone)
    db.session.add_all([request, room, report])
    db.session.commit()
    staff: dict[str, Staff | None] = {
        "anonymous": None, "delegate": None,
        "door": make_staff("door"), "clerk": make_staff("clerk"), "organiser": make_staff("organiser"),
        "door elsewhere": staff_service.create("door-elsewhere@eventdesk.test", "door", password=PASSWORD,
                                               event_slugs=["elsewhere"]),
        "clerk elsewhere": staff_service.create("clerk-elsewhere@eventdesk.test", "clerk", password=PASSWORD,
                                                event_slugs=["elsewhere"]),
    }
    tokens = {actor: staff_service.issue_token(member) for actor, member in staff.items() if member is not None}
    tokens["delegate"] = invitation.token  # not an API token: the API must refuse it
    values = {"slug": event.slug, "ref": agreement.ref, "document_id": document.id,
              "invitation_id": invitation.id, "request_id": request.id, "token": invitation.token,
              "filename": "css/app.css", "room_id": room.id, "report_id": report.id,
              "delegate_id": invitation.delegate_id}
    return World(values, staff, tokens)


def paths(rule: Rule, world: World, actor: str) -> Iterator[str]:
    """The rule's address with the world's values, once for each choice of an `any(...)` part."""
    fixed: dict[str, Any] = {}
    choices: dict[str, list[str]] = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        if isinstance(converter, AnyConverter):
            choices[name] = sorted(converter.items)
        elif name == "token" and actor == "anonymous":
            fixed[name] = "A" * 43  # a made-up personal link
        else:
            assert name in world.values, f"{rule.rule}: add a value for <{name}> to build_world"
            fixed[name] = world.values[name]
    for picked in itertools.product(*choices.values()):
        yield rule.build({**fixed, **dict(zip(choices, picked, strict=True))}, append_unknown=False)[1]


