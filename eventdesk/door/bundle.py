"""The offline bundle: all a door device needs to decide scans by itself while the venue network is down.

The badge public keys, the revoked serials, and the roster: per invitation its id, the serial of its valid badge,
the names in both scripts, the organisation, role, answer and mode, and the admission if any (when, which door).
A device loads it once whole, then asks for what changed since the bundle's `cursor`. The rows are arrays under
`columns`, organisations and doors are listed once and referred to by id: gzip does the rest (about 2 MB for
50,000 guests). The device then decides by the same rules as `door.service.scan` (static/js/door-decide.js).
"""

from __future__ import annotations

import base64
import binascii
import gzip
import json
import struct
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Response, current_app, request
from sqlalchemy import String, and_, literal_column, select, type_coerce, union

from eventdesk.badges import codec
from eventdesk.extensions import db
from eventdesk.models import Badge, CheckIn, Delegate, Door, Event, Invitation, Organisation, utcnow
from eventdesk.names import SEPARATOR, VARIANTS, fold

FORMAT = 1
COLUMNS = ("id", "serial", "name", "name_latin", "search", "organisation", "role", "status", "mode",
           "admitted_at", "admitted_door")
# A delta also returns what changed this long before its cursor: a change stamped just before a bundle was read
# but committed just after it is sent again rather than missed.
OVERLAP = timedelta(seconds=60)
LARGEST_DELTA = 5_000  # more changed guests than this: the whole bundle is as cheap
CURSOR = struct.Struct(">q")  # microseconds since the epoch, base64url: opaque to the device
EPOCH, MILLISECOND = datetime(1970, 1, 1, tzinfo=UTC), timedelta(milliseconds=1)


def build(event: Event, since: str | None = None) -> dict[str, Any]:
    """The whole bundle, or with `since` (a cursor from an earlier bundle) only the guests changed after it."""
    started = utcnow()
    after = read_cursor(since)
    changed = db.session.connection().execute(_changed_since(event, after - OVERLAP)).scalars().all() \
        if after is not None else None
    delta = changed is not None and len(changed) <= LARGEST_DELTA
    rows = _roster(event, changed if delta else None)
    organisations = {row[5] for row in rows}
    revoked = select(Badge.serial).where(Badge.event_id == event.id, Badge.revoked_at.is_not(None))
    if delta:
        revoked = revoked.where(Badge.revoked_at > after - OVERLAP)
    answer = {
        "format": FORMAT, "full": not delta, "cursor": make_cursor(started),
        "server_time": (started - EPOCH) // MILLISECOND,  # lets a device with a wrong clock date its scans right
        "event": {"id": event.id, "slug": event.slug, "timezone": event.timezone},
        "keys": codec.public_keys(current_app.config),
        "revoked": list(db.session.scalars(revoked)),
        "doors": {str(door_id): name for door_id, name in db.session.execute(
            select(Door.id, Door.name).where(Door.event_id == event.id))},
        "organisations": {str(org_id): [name, latin] for org_id, name, latin in db.session.execute(
            select(Organisation.id, Organisation.name, Organisation.name_latin)
            .where(Organisation.id.in_(organisations)))} if organisations else {},
        "columns": COLUMNS, "guests": rows,
    }
    if not delta:  # the search's own folding of variant characters, for the lookup on the device
        answer["variants"] = {chr(code): to if isinstance(to, str) else chr(to) for code, to in VARIANTS.items()}
    return answer


def response(bundle: dict[str, Any]) -> Response:
    """The bundle as compact JSON, gzipped for every client that says it reads gzip (all browsers do); never
    kept by a shared or browser cache (the device keeps it, in IndexedDB)."""
    body = json.dumps(bundle, ensure_ascii=False, separators=(",", ":")).encode()
    answer = Response(mimetype="application/json", headers={"Cache-Control": "no-store", "Vary": "Accept-Encoding"})
    if request.accept_encodings["gzip"] > 0:
        body = gzip.compress(body, compresslevel=6, mtime=0)
        answer.headers["Content-Encoding"] = "gzip"
    answer.set_data(body)
    return answer


def make_cursor(at: datetime) -> str:
    micros = (at - EPOCH) // timedelta(microseconds=1)
    return base64.urlsafe_b64encode(CURSOR.pack(micros)).decode("ascii").rstrip("=")


def read_cursor(cursor: str | None) -> datetime | None:
    """The instant a cursor stands for; None for no cursor or one we did not make (the device gets it all)."""
    if not cursor or len(cursor) != 11:
        return None
    try:
        (micros,) = CURSOR.unpack(base64.urlsafe_b64decode(cursor + "="))
        return EPOCH + timedelta(microseconds=micros)
    except (binascii.Error, ValueError, OverflowError, struct.error):
        return None


def _changed_since(event: Event, after: datetime) -> Any:
    """Invitations whose row in the bundle may differ since `after`: answer, names, badge, admission. One
    select per timestamp, each an index range (an OR of two columns would read the whole table)."""
    in_event = Invitation.event_id == event.id
    return union(
        select(Invitation.id).where(in_event, Invitation.updated_at > after),
        select(Invitation.id).where(in_event, Invitation.delegate_id.in_(
            select(Delegate.id).where(Delegate.updated_at > after))),
        select(Badge.invitation_id).where(Badge.event_id == event.id, Badge.issued_at > after),
        select(Badge.invitation_id).where(Badge.event_id == event.id, Badge.revoked_at > after),
        select(CheckIn.invitation_id).where(CheckIn.event_id == event.id, CheckIn.recorded_at > after),
        select(CheckIn.invitation_id).where(CheckIn.event_id == event.id, CheckIn.undone_at > after))


class _Names:
    """A delegate's name rules (Delegate.native_name, latin_name) without the ORM's bookkeeping per instance:
    a bundle reads 50,000 names."""

    __slots__ = ("family_name", "given_name", "family_name_latin", "given_name_latin")
    native_name = Delegate.native_name
    latin_name = Delegate.latin_name

    def __init__(self, family_name: str | None, given_name: str | None, family_name_latin: str | None,
                 given_name_latin: str | None) -> None:
        self.family_name, self.given_name = family_name, given_name
        self.family_name_latin, self.given_name_latin = family_name_latin, given_name_latin


def _roster(event: Event, only: list[int | None] | None) -> list[list[Any]]:
    """Every guest's row, or `only` those (looked up by id: a subquery would read every invitation)."""
    # Core, and the answer columns as plain text: the ORM's rows and enum objects would double the time.
    query = (
        select(Invitation.id, Badge.serial, Delegate.family_name, Delegate.given_name, Delegate.family_name_latin,
               Delegate.given_name_latin, Delegate.search_key, Delegate.email, Delegate.organisation_id,
               type_coerce(Delegate.role, String), type_coerce(Invitation.status, String),
               type_coerce(Invitation.mode, String), CheckIn.scanned_at, CheckIn.door_id)
        .join(Delegate, Delegate.id == Invitation.delegate_id)
        .outerjoin(Badge, and_(Badge.invitation_id == Invitation.id, Badge.revoked_at.is_(None)))
        # Literal, so both engines read the partial one-admission index (a bound parameter cannot match it).
        .outerjoin(CheckIn, and_(CheckIn.invitation_id == Invitation.id, CheckIn.result == literal_column("'admitted'"),
                                 CheckIn.undone_at.is_(None)))
        .order_by(Invitation.id))
    if only is None:
        query = query.where(Invitation.event_id == event.id)
    else:  # ids of this event's invitations, by their primary key (with the event too, SQLite reads the event's all)
        query = query.where(Invitation.id.in_([invitation_id for invitation_id in only if invitation_id is not None]))
    rows = []
    for (invitation_id, serial, family, given, family_latin, given_latin, key, email, organisation_id, role, status,
         mode, admitted_at, door_id) in db.session.connection().execute(query):
        names = _Names(family, given, family_latin, given_latin)
        native, latin = names.native_name, names.latin_name
        # The guest list's own search key (every name form and reading), less the e-mail: not for door devices.
        folded_email = email if email.isascii() else fold(email)
        rows.append([invitation_id, serial or 0, native, latin if latin != native else "",
                     key.replace(f"{SEPARATOR}{folded_email}{SEPARATOR}", SEPARATOR), organisation_id, role, status,
                     mode or "", (admitted_at - EPOCH) // MILLISECOND if admitted_at else 0, door_id or 0])
    return rows
