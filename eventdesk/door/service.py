"""Door check-in: verify a badge, then record the scan and at most one admission per guest.

Every client (the door page, the API, a handheld scanner, an offline door syncing later) calls `scan`, so the
result rules live here once: the first that applies decides — invalid, wrong_event, revoked, not_in_person,
already_admitted, else admitted. The one-admission rule is held by a partial unique index on check-ins; the
insert asks the database to do nothing on conflict, so however many doors scan one badge at the same moment
exactly one row is `admitted`. Offline doors sync late and in any order: the scan made first (by `scanned_at`)
is the admission, and a later one that its door let in is kept as a duplicate entry. This is the hot path of
the ceremony's busiest half hour: it speaks SQLAlchemy Core, takes a few round trips, and keeps the ORM session
out of it.
"""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from weakref import WeakKeyDictionary
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, bindparam, func, insert, literal_column, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from eventdesk import audit
from eventdesk.badges import codec
from eventdesk.database import autocommit_engine
from eventdesk.errors import Refused
from eventdesk.extensions import db
from eventdesk.models import (
    Badge,
    CheckIn,
    Delegate,
    Door,
    Event,
    Invitation,
    Mode,
    Organisation,
    ScanResult,
    Staff,
    Status,
    utcnow,
)

CODE_LOG_LENGTH = 300  # what is kept of an unreadable scan, enough to see what the scanner typed
CLOCK_SKEW = timedelta(minutes=1)  # a door device's clock may run this far ahead of the server's
ADMISSION_WHERE = and_(CheckIn.result == ScanResult.ADMITTED, CheckIn.undone_at.is_(None))
# The same predicate as the index, written out: PostgreSQL matches ON CONFLICT to a partial index only when
# the predicate is literal SQL, never a bound parameter.
ADMISSION_INDEX_WHERE = text("result = 'admitted' AND undone_at IS NULL")
checkins, doors = CheckIn.__table__, Door.__table__


@dataclass(frozen=True)
class ScanOutcome:
    """What a door shows: the result and, for a genuine badge of this event, whose it is."""

    result: ScanResult
    answer: dict[str, Any]  # the API's JSON answer, kept with the scan so a retry gets it back unchanged


def scan(event: Event, code: str, *, door: str, staff: Staff | None, scanned_at: datetime | None = None,
         scan_id: str | None = None, shown_offline: ScanResult | None = None) -> ScanOutcome:
    """Verify a badge code and admit its holder at most once, whoever scans at the same moment.
    `event` and `staff` need only their ids: the API passes light stand-ins to spare the hot path queries.
    `shown_offline` is what a door that decided without the network showed: a scan it let in that finds the
    guest admitted earlier is kept as a duplicate entry."""
    staff_id = staff.id if staff is not None else None
    code, door = (code or "").strip(), (door or "").strip()
    if not code:
        raise Refused("missing_code", _("scan a badge: the code is empty"), field="code")
    if not door:
        raise Refused("missing_door", _("name the door that scans"), field="door")
    now = utcnow()
    # Each statement commits on its own (autocommit): no BEGIN/COMMIT round trips, and the unique index alone
    # decides a race. The scan never touches the ORM session, so a request holds one connection at most here.
    with autocommit_engine().connect() as conn:
        if scan_id:
            replay = _answer_for_scan_id(conn, event.id, scan_id)
            if replay is not None:
                return replay
        if scanned_at is not None and scanned_at > now + CLOCK_SKEW:
            raise Refused("scanned_in_future", _("scanned_at %(time)s is later than now: check the door device's "
                                                 "clock.", time=scanned_at.isoformat()), field="scanned_at")
        row = {"event_id": event.id, "door_id": door_id_for(conn, event.id, door), "staff_id": staff_id,
               "code": loggable(code), "scan_id": scan_id, "scanned_at": scanned_at or now,
               "recorded_at": now, "manual": False, "duplicate_entry": False}
        try:
            return _decide(conn, event, codec.verify(code, current_app.config), row, door,
                           late=scanned_at is not None, let_in_offline=shown_offline == ScanResult.ADMITTED)
        except IntegrityError:
            if not scan_id:
                raise
            # A simultaneous retry with this scan_id recorded first: its answer stands.
            replay = _answer_for_scan_id(conn, event.id, scan_id)
    if replay is None:  # pragma: no cover - the conflicting row vanished between two statements
        raise Refused("scan_conflict", _("this scan is being recorded by another request; send it again"),
                      status=409)
    return replay


ADMIT_ATTEMPTS = 5  # demote-and-admit rounds before a late scan settles for already_admitted (a pathological race)


def loggable(code: str) -> str:
    """What is kept of a scanned code: its start, with what no database column can hold (NUL, a lone surrogate)
    replaced, so that any text a scanner sends is a readable scan."""
    return code[:CODE_LOG_LENGTH].replace("\x00", "\ufffd").encode("utf-8", "replace").decode("utf-8")


# Built once: the hot path only binds values (building a statement costs more than running it).
_HOLDER_COLUMNS = (Badge.id.label("badge_id"), Badge.issued_at, Badge.revoked_at, Event.timezone, Invitation.id,
                   Invitation.status, Invitation.mode, Delegate.family_name, Delegate.given_name,
                   Delegate.family_name_latin, Delegate.given_name_latin, Delegate.role,
                   Organisation.name.label("organisation"), Organisation.name_latin.label("organisation_latin"))
_first, _first_door = aliased(CheckIn), aliased(Door)
HOLDER_BY_BADGE = (  # with the guest's admission, if any, so a repeat scan needs no second look
    select(*_HOLDER_COLUMNS, _first.scanned_at.label("first_at"), _first_door.name.label("first_door"))
    .join(Event, Event.id == Badge.event_id)
    .join(Invitation, Invitation.id == Badge.invitation_id)
    .join(Delegate, Delegate.id == Invitation.delegate_id)
    .join(Organisation, Organisation.id == Delegate.organisation_id)
    # Literal, so PostgreSQL can use the partial one-admission index (it cannot match a bound parameter).
    .outerjoin(_first, and_(_first.invitation_id == Invitation.id, _first.result == literal_column("'admitted'"),
                            _first.undone_at.is_(None)))
    .outerjoin(_first_door, _first_door.id == _first.door_id)
    .where(Badge.event_id == bindparam("event_id"), Badge.serial == bindparam("serial"),
           Badge.invitation_id == bindparam("invitation_id")))
FIRST_ADMISSION = (select(CheckIn.id, CheckIn.scanned_at, Door.name).outerjoin(Door, Door.id == CheckIn.door_id)
                   .where(CheckIn.invitation_id == bindparam("invitation_id"), ADMISSION_WHERE))
LOG_SCAN = insert(checkins)
# The admission a late sync's earlier scan replaces: kept, as a duplicate entry (its door let the guest in).
DEMOTE = (update(checkins).where(checkins.c.id == bindparam("checkin_id"), ADMISSION_WHERE)
          .values(result=ScanResult.ALREADY_ADMITTED, duplicate_entry=True))
ADMIT = {name: dialect.insert(checkins).on_conflict_do_nothing(
    index_elements=[checkins.c.invitation_id], index_where=ADMISSION_INDEX_WHERE).returning(checkins.c.id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))}


# PostgreSQL only (SQLite allows no INSERT inside WITH): look the badge up, decide its result by the same rules
# as `_decide` and record the scan, in one round trip. A lost race (the admission conflicts), a scan made before
# the recorded admission (an offline door syncing late) or a scan dated before the badge was issued records
# nothing and answers no `logged`; the caller then takes the slow path. The row keeps no `response`: only a scan
# with a scan_id is ever replayed, and such scans take the statement-by-statement path, which stores it.
LOOKUP_AND_RECORD = text("""
WITH holder AS (
    SELECT b.id AS badge_id, b.issued_at, b.revoked_at, e.timezone, i.id, i.status, i.mode, d.family_name,
           d.given_name,
           d.family_name_latin, d.given_name_latin, d.role, o.name AS organisation,
           o.name_latin AS organisation_latin, f.scanned_at AS first_at, fd.name AS first_door
    FROM badges b
    JOIN events e ON e.id = b.event_id
    JOIN invitations i ON i.id = b.invitation_id
    JOIN delegates d ON d.id = i.delegate_id
    JOIN organisations o ON o.id = d.organisation_id
    LEFT JOIN checkins f ON f.invitation_id = i.id AND f.result = 'admitted' AND f.undone_at IS NULL
    LEFT JOIN doors fd ON fd.id = f.door_id
    WHERE b.event_id = :event_id AND b.serial = :serial AND b.invitation_id = :invitation_id
), logged AS (
    INSERT INTO checkins (event_id, invitation_id, badge_id, door_id, staff_id, result, manual, code, scanned_at,
                          recorded_at)
    SELECT :event_id, holder.id, holder.badge_id, :door_id, :staff_id,
           CASE WHEN holder.revoked_at IS NOT NULL THEN 'revoked'
                WHEN holder.status <> 'accepted' OR holder.mode IS DISTINCT FROM 'in_person' THEN 'not_in_person'
                WHEN holder.first_at <= :scanned_at THEN 'already_admitted'
                ELSE 'admitted' END,
           false, :code, :scanned_at, :recorded_at
    FROM holder
    WHERE holder.issued_at <= :scanned_at
    ON CONFLICT (invitation_id) WHERE result = 'admitted' AND undone_at IS NULL DO NOTHING
    RETURNING result
)
SELECT holder.*, (SELECT result FROM logged) AS logged FROM holder
""")
# The same statement in the driver's placeholders, and its row: the hot path hands it to psycopg directly, which
# spares SQLAlchemy's execution and result set-up, a fifth of a scan's time in the app.
_LOOKUP_AND_RECORD_DRIVER = re.sub(r"(?<!:):(\w+)", r"%(\1)s", LOOKUP_AND_RECORD.text)
Holder = namedtuple("Holder", ("badge_id", "issued_at", "revoked_at", "timezone", "id", "status", "mode",
                               "family_name", "given_name", "family_name_latin", "given_name_latin", "role",
                               "organisation", "organisation_latin", "first_at", "first_door", "logged"))


def _lookup_and_record(conn: Connection, params: dict[str, Any]) -> Any:
    """LOOKUP_AND_RECORD's row (None: no such badge). Should the driver fail, the statement goes again through
    SQLAlchemy, which tells a lost connection from other errors, replaces the pool's dead connections and raises
    its own error (a 503 with a retry hint); the failed statement changed nothing, being its own transaction."""
    try:
        found = conn.connection.driver_connection.execute(_LOOKUP_AND_RECORD_DRIVER, params).fetchone()
    except conn.dialect.loaded_dbapi.Error:
        return conn.execute(LOOKUP_AND_RECORD, params).first()
    return None if found is None else Holder._make(found)


def _decide(conn: Connection, event: Event, badge_code: codec.BadgeCode | None, row: dict[str, Any],
            door: str, *, late: bool, let_in_offline: bool) -> ScanOutcome:
    """`late`: the scan carries its own time (made offline); only such a scan can take the place of an
    admission made after it. Scans answered live never do, so a race of doors still admits exactly once."""
    if badge_code is None:
        return _log(conn, row, ScanResult.INVALID, None, door)
    if badge_code.event_id != event.id:
        return _log(conn, row, ScanResult.WRONG_EVENT, None, door)
    badge = {"event_id": event.id, "serial": badge_code.serial, "invitation_id": badge_code.invitation_id}
    one_trip = conn.dialect.name == "postgresql" and row["scan_id"] is None and not let_in_offline
    holder = _lookup_and_record(conn, {**row, **badge}) if one_trip else \
        conn.execute(HOLDER_BY_BADGE, {**row, **badge}).first()
    if holder is None:  # signed by us, but no such badge here (a database restored from before it was issued)
        return _log(conn, row, ScanResult.INVALID, None, door)
    row.update(invitation_id=holder.id, badge_id=holder.badge_id)
    guest, zone = guest_summary(holder), ZoneInfo(holder.timezone)
    if one_trip and holder.logged is not None:
        result = ScanResult(holder.logged)
        first_at, first_door = {ScanResult.ADMITTED: (row["scanned_at"], door),
                                ScanResult.ALREADY_ADMITTED: (holder.first_at, holder.first_door)}.get(result,
                                                                                                  (None, None))
        return ScanOutcome(result, _answer(result, guest, door, zone, first_at=first_at, first_door=first_door))
    if row["scanned_at"] < holder.issued_at:
        raise Refused("scanned_before_issue", _(
            "scanned_at %(time)s is before this badge was issued (%(issued)s): check the door device's clock.",
            time=row["scanned_at"].astimezone(zone).isoformat(), issued=holder.issued_at.astimezone(zone).isoformat()),
            field="scanned_at")
    if holder.revoked_at is not None:
        return _log(conn, row, ScanResult.REVOKED, guest, door)
    if holder.status != Status.ACCEPTED or holder.mode != Mode.IN_PERSON:
        return _log(conn, row, ScanResult.NOT_IN_PERSON, guest, door)
    if holder.first_at is not None and (not late or holder.first_at <= row["scanned_at"]):
        return _already(conn, {**row, "duplicate_entry": let_in_offline}, guest, door, zone, holder.first_at,
                        holder.first_door)
    return _admit(conn, row, guest, door, zone, late=late, let_in_offline=let_in_offline)


def _admit(conn: Connection, row: dict[str, Any], guest: dict[str, Any], door: str, zone: ZoneInfo, *,
           late: bool = False, let_in_offline: bool = False) -> ScanOutcome:
    """The admission, unless another exists; for a `late` scan, one made after it (synced from another offline
    door, or made online while this door was offline) gives way and stays as a duplicate entry."""
    answer = _answer(ScanResult.ADMITTED, guest, door, zone, first_at=row["scanned_at"], first_door=door)
    first = None
    for _round in range(ADMIT_ATTEMPTS):
        admitted = conn.execute(ADMIT[conn.dialect.name], {**row, "result": ScanResult.ADMITTED, "response": answer})
        if admitted.first() is not None:
            return ScanOutcome(ScanResult.ADMITTED, answer)
        # Lost to another admission (or a simultaneous one, now committed: a new statement sees it).
        first = conn.execute(FIRST_ADMISSION, {"invitation_id": row["invitation_id"]}).first()
        if first is not None and (not late or first.scanned_at <= row["scanned_at"]):
            break
        if first is not None:  # made after this scan: it gives way (a concurrent demotion makes this a no-op)
            conn.execute(DEMOTE, {"checkin_id": first.id})
    return _already(conn, {**row, "duplicate_entry": let_in_offline}, guest, door, zone,
                    *((first.scanned_at, first.name) if first else (None, None)))


def _already(conn: Connection, row: dict[str, Any], guest: dict[str, Any], door: str, zone: ZoneInfo,
             first_at: datetime | None, first_door: str | None) -> ScanOutcome:
    answer = _answer(ScanResult.ALREADY_ADMITTED, guest, door, zone, first_at=first_at, first_door=first_door)
    conn.execute(LOG_SCAN, {**row, "result": ScanResult.ALREADY_ADMITTED, "response": answer})
    return ScanOutcome(ScanResult.ALREADY_ADMITTED, answer)


def _log(conn: Connection, row: dict[str, Any], result: ScanResult, guest: dict[str, Any] | None,
         door: str) -> ScanOutcome:
    answer = _answer(result, guest, door, None)
    conn.execute(LOG_SCAN, {**row, "result": result, "response": answer})
    return ScanOutcome(result, answer)


def _answer(result: ScanResult, guest: dict[str, Any] | None, door: str, zone: ZoneInfo | None, *,
            first_at: datetime | None = None, first_door: str | None = None) -> dict[str, Any]:
    """The answer as the API sends it; its instants carry the event's offset, whatever the device or the
    database connection used."""
    answer: dict[str, Any] = {"result": result.value, "invitation": guest, "door": door,
                              "first_admitted_at": first_at.astimezone(zone).isoformat() if first_at else None}
    if result == ScanResult.ALREADY_ADMITTED:
        answer["first_admitted_door"] = first_door
    return answer


class _Names:
    """A row's names, shown by the Delegate's own rules without building a Delegate: an ORM instance cost a tenth
    of a scan."""

    __slots__ = ("family_name", "given_name", "family_name_latin", "given_name_latin")
    native_name, latin_name = Delegate.native_name, Delegate.latin_name

    def __init__(self, row: Any) -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(row, name))


def guest_summary(holder: Any) -> dict[str, Any]:
    """Who the badge belongs to, as the door shows it: native name, Latin name, organisation, role."""
    delegate = _Names(holder)
    return {"id": holder.id, "name": delegate.native_name, "name_latin": delegate.latin_name,
            "organisation": holder.organisation, "organisation_latin": holder.organisation_latin,
            "role": str(holder.role), "status": str(holder.status), "mode": holder.mode and str(holder.mode)}


def _answer_for_scan_id(conn: Connection, event_id: int, scan_id: str) -> ScanOutcome | None:
    response = conn.execute(select(CheckIn.response).where(CheckIn.event_id == event_id,
                                                           CheckIn.scan_id == scan_id)).scalar()
    return None if response is None else ScanOutcome(ScanResult(response["result"]), response)


# Doors are never deleted or renamed, so a process may keep their ids (per engine: per database).
_door_ids: WeakKeyDictionary[Engine, dict[tuple[int, str], int]] = WeakKeyDictionary()


def door_id_for(conn: Connection, event_id: int, name: str) -> int:
    """The door's id, creating the door on first use (two doors naming it at once both get the same row)."""
    name = name[:100]
    key, known = (event_id, name), _door_ids.setdefault(conn.engine, {})
    if key not in known:
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        conn.execute(dialect.insert(doors).values(event_id=event_id, name=name, created_at=utcnow())
                     .on_conflict_do_nothing(index_elements=[doors.c.event_id, doors.c.name]))
        known[key] = conn.execute(select(doors.c.id).where(doors.c.event_id == event_id,
                                                           doors.c.name == name)).scalar_one()
    return known[key]


def admit_manually(event: Event, invitation: Invitation, *, door: str, staff: Staff, note: str | None = None,
                   audit_action: str | None = None, anyway: bool = False) -> ScanOutcome:
    """A guest who forgot the badge, found by name: admitted once, like a scan, and marked manual. `note` says why
    (kept with the check-in); with `audit_action` the admission also goes to the audit log, in one transaction.

    `anyway` admits a guest who did not answer "in person" (answered online, declined, never answered, waits for a
    place): whoever may use the door decides at the door, where the guest stands, so door staff may as well as
    organisers; the decision needs a note saying why and is always audited. A withdrawn invitation is not admitted
    this way: the organisers took it back."""
    note = " ".join((note or "").split())[:500] or None
    if anyway:
        if invitation.status == Status.WITHDRAWN:
            raise Refused("invitation_withdrawn", _("The organisers withdrew this invitation: ask them."), status=409)
        if note is None:
            raise Refused("note_required", _("Say why this guest is admitted anyway: the note is required."),
                          field="note")
        audit_action = "checkin.admit_anyway"
    conn = db.session.connection()
    holder = conn.execute(
        select(Badge.id.label("badge_id"), Badge.revoked_at, Invitation.id, Invitation.status,
               Invitation.mode, Delegate.family_name, Delegate.given_name, Delegate.family_name_latin,
               Delegate.given_name_latin, Delegate.role, Organisation.name.label("organisation"),
               Organisation.name_latin.label("organisation_latin"))
        .select_from(Invitation).join(Delegate, Delegate.id == Invitation.delegate_id)
        .join(Organisation, Organisation.id == Delegate.organisation_id)
        .outerjoin(Badge, and_(Badge.invitation_id == Invitation.id, Badge.revoked_at.is_(None)))
        .where(Invitation.id == invitation.id, Invitation.event_id == event.id)).first()
    if holder is None:
        raise Refused("not_found", _("no such guest at this event"), status=404)
    now = utcnow()
    row = {"event_id": event.id, "door_id": door_id_for(conn, event.id, door), "staff_id": staff.id,
           "code": None, "scan_id": None, "scanned_at": now, "recorded_at": now, "manual": True, "note": note,
           "duplicate_entry": False,
           "invitation_id": holder.id, "badge_id": holder.badge_id}
    guest = guest_summary(holder)
    if (holder.status != Status.ACCEPTED or holder.mode != Mode.IN_PERSON) and not anyway:
        outcome = _log(conn, row, ScanResult.NOT_IN_PERSON, guest, door)
    else:
        outcome = _admit(conn, row, guest, door, event.tz)
    if audit_action and outcome.result == ScanResult.ADMITTED:
        audit.record(audit_action, "invitation", holder.id, staff=staff, event=event,
                     changes={"admitted": [False, True], "door": [None, door], "note": [None, note]})
    db.session.commit()
    return outcome


def undo_last_admission(event: Event, staff: Staff) -> CheckIn:
    """Take back the last admission this account made (a wrong person let in, a badge scanned twice by
    mistake): the scan stays in the log, marked undone, and the audit log says who undid it."""
    last = db.session.scalars(
        select(CheckIn).where(CheckIn.event_id == event.id, CheckIn.staff_id == staff.id, ADMISSION_WHERE)
        .order_by(CheckIn.recorded_at.desc(), CheckIn.id.desc()).limit(1)).first()
    if last is None:
        raise Refused("nothing_to_undo", _("you have admitted nobody that could be taken back"), status=409)
    undone = db.session.execute(update(CheckIn).where(CheckIn.id == last.id, CheckIn.undone_at.is_(None))
                                .values(undone_at=utcnow(), undone_by_id=staff.id)).rowcount
    if undone != 1:
        raise Refused("nothing_to_undo", _("this admission was taken back already"), status=409)
    audit.record("checkin.undo", "checkin", last.id, staff=staff, event=event,
                 changes={"invitation_id": [last.invitation_id, last.invitation_id],
                          "undone": [False, True]})
    db.session.commit()
    db.session.refresh(last)
    return last


@dataclass(frozen=True)
class Stats:
    admitted: int
    expected: int
    by_door: dict[str, int]
    by_organisation_kind: dict[str, int]


def stats(event: Event) -> Stats:
    """Admitted / expected, per door and per kind of organisation, for the live counters."""
    admitted_by_door = dict(db.session.execute(
        select(Door.name, func.count()).select_from(CheckIn).join(Door, Door.id == CheckIn.door_id)
        .where(CheckIn.event_id == event.id, ADMISSION_WHERE).group_by(Door.name)).all())
    by_kind = dict(db.session.execute(
        select(Organisation.kind, func.count()).select_from(CheckIn)
        .join(Invitation, Invitation.id == CheckIn.invitation_id)
        .join(Delegate, Delegate.id == Invitation.delegate_id)
        .join(Organisation, Organisation.id == Delegate.organisation_id)
        .where(CheckIn.event_id == event.id, ADMISSION_WHERE).group_by(Organisation.kind)).all())
    expected = db.session.scalar(select(func.count()).select_from(Invitation).where(
        Invitation.event_id == event.id, Invitation.status == Status.ACCEPTED,
        Invitation.mode == Mode.IN_PERSON)) or 0
    return Stats(admitted=sum(by_kind.values()), expected=expected,
                 by_door={name: int(n) for name, n in admitted_by_door.items()},
                 by_organisation_kind={str(kind): int(n) for kind, n in by_kind.items()})


def arrivals(event: Event, minutes: int = 5) -> list[tuple[datetime, int]]:
    """Admissions per `minutes`-long slot (a divisor of a day), for the arrivals chart (bucketed in Python:
    portable, small). Slots start at the event's local midnight: 6-hour slots at 00:00, 06:00, 12:00 and 18:00
    on the event's clock, before and after a DST change alike."""
    times = db.session.scalars(select(CheckIn.scanned_at).where(CheckIn.event_id == event.id, ADMISSION_WHERE)
                               .order_by(CheckIn.scanned_at)).all()
    return per_slot(event, times, minutes)


def per_slot(event: Event, instants: Iterable[datetime], minutes: int) -> list[tuple[datetime, int]]:
    """Instants (admissions, online joins) counted per `minutes`-long slot of the event's clock, in order."""
    slots: dict[datetime, int] = {}
    for at in instants:
        slot = wall_slot(event.local(at).replace(tzinfo=None), minutes)
        slots[slot] = slots.get(slot, 0) + 1
    return [(aware_wall(event, slot), n) for slot, n in sorted(slots.items())]


def wall_slot(wall: datetime, minutes: int) -> datetime:
    """The start of the `minutes`-long slot, counted from midnight, that holds this wall-clock time."""
    into_day = wall.hour * 60 + wall.minute
    return wall.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(minutes=into_day - into_day % minutes)


def aware_wall(event: Event, wall: datetime) -> datetime:
    """A slot's wall-clock start on the event's clock; when the clocks go back, the first of the two."""
    return wall.replace(tzinfo=event.tz, fold=0)
