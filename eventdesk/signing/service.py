"""The signing ledger's rules, for the clerk's page, the API, the CLI and the live board alike.

An agreement's history is the append-only list of its SigningEntry rows: a signing, a correction of one (a new
entry pointing at the one it corrects), a postponement, a withdrawal, a reopening. Nothing is erased; the
agreement's status, signed_at and signing_mode only cache the latest entry. Every change goes to the audit log.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from eventdesk import audit
from eventdesk.errors import Conflict, NotFound, Refused
from eventdesk.events.service import parse_local
from eventdesk.extensions import db
from eventdesk.models import (
    Agreement,
    AgreementParty,
    AgreementStatus,
    CheckIn,
    Delegate,
    Door,
    Event,
    Invitation,
    Mode,
    ScanResult,
    Signatory,
    SigningEntry,
    SigningMode,
    Staff,
    Status,
    utcnow,
)
from eventdesk.signing import money
from eventdesk.signing.labels import STATUSES
from eventdesk.signing.spec import REF

SIGNABLE = (AgreementStatus.PLANNED, AgreementStatus.POSTPONED)
FUTURE_TOLERANCE = timedelta(minutes=5)  # a clerk's clock may run a little ahead of the server's


# Reading


def agreements(event: Event) -> list[Agreement]:
    """The event's agreements in running order, with parties, organisations and signatories loaded."""
    return list(db.session.scalars(
        select(Agreement).where(Agreement.event_id == event.id)
        .order_by(Agreement.position, Agreement.id)
        .options(selectinload(Agreement.parties).selectinload(AgreementParty.organisation),
                 selectinload(Agreement.parties).selectinload(AgreementParty.signatories)
                 .selectinload(Signatory.delegate).selectinload(Delegate.organisation))))


def get(event: Event, ref: str) -> Agreement:
    agreement = None if not REF.match(ref) else db.session.scalar(
        select(Agreement).where(Agreement.event_id == event.id, Agreement.ref == ref))
    if agreement is None:
        raise NotFound("agreement", _("no agreement %(ref)s in this event", ref=repr(ref)))
    return agreement


def next_up(running_order: list[Agreement]) -> Agreement | None:
    """The one the clerk expects next: the first planned, else the first postponed (moved to later)."""
    for status in SIGNABLE:
        for agreement in running_order:
            if agreement.status == status:
                return agreement
    return None


def signatories(agreement: Agreement) -> list[Signatory]:
    return [s for party in agreement.parties for s in party.signatories]


@dataclass(frozen=True)
class Presence:
    """Whether a signatory can sign: admitted at a door (in the hall) or answered online."""

    admitted_at: datetime | None = None
    door: str | None = None
    online: bool = False
    invited: bool = False

    def satisfies(self, signatory: Signatory) -> bool:
        return self.online if signatory.remote else self.admitted_at is not None


def presence(event: Event, delegate_ids: set[int]) -> dict[int, Presence]:
    """Presence of many delegates in two queries (the clerk's page shows every signatory of the next one)."""
    if not delegate_ids:
        return {}
    invitations = db.session.execute(
        select(Invitation.delegate_id, Invitation.status, Invitation.mode)
        .where(Invitation.event_id == event.id, Invitation.delegate_id.in_(delegate_ids))).all()
    admissions = {row.delegate_id: row for row in db.session.execute(
        select(Invitation.delegate_id, CheckIn.scanned_at, Door.name)
        .join(CheckIn, CheckIn.invitation_id == Invitation.id).outerjoin(Door, Door.id == CheckIn.door_id)
        .where(Invitation.event_id == event.id, Invitation.delegate_id.in_(delegate_ids),
               CheckIn.result == ScanResult.ADMITTED, CheckIn.undone_at.is_(None)))}
    result = {delegate_id: Presence() for delegate_id in delegate_ids}
    for delegate_id, status, mode in invitations:
        admitted = admissions.get(delegate_id)
        result[delegate_id] = Presence(admitted_at=admitted.scanned_at if admitted else None,
                                       door=admitted.name if admitted else None, invited=True,
                                       online=status == Status.ACCEPTED and mode == Mode.ONLINE)
    return result


def missing(agreement: Agreement) -> list[tuple[Signatory, str]]:
    """Signatories the rules do not yet allow to sign, each with the reason in a sentence of the page's language."""
    people = signatories(agreement)
    present = presence(agreement.event, {s.delegate_id for s in people})
    absent = []
    for signatory in people:
        state = present[signatory.delegate_id]
        if not state.satisfies(signatory):
            who = {"name": signatory.delegate.display_name, "organisation": signatory.party.organisation.name}
            absent.append((signatory, _("%(name)s (%(organisation)s) has not answered online", **who)
                           if signatory.remote else
                           _("%(name)s (%(organisation)s) has not been admitted at a door", **who)))
    return absent


# Signing and the other entries of the ledger


def sign(agreement: Agreement, mode: SigningMode | str, *, signed_at: datetime | str | None = None,
         staff: Staff | None = None, note: str | None = None) -> SigningEntry:
    """Record a signing. However many clerks tap at the same moment, exactly one signing is recorded."""
    mode = _mode(mode)
    at = _instant(agreement.event, signed_at)
    with _refusals_roll_back():
        agreement = _locked(agreement)
        if agreement.status == AgreementStatus.SIGNED:
            raise _already_signed(agreement)
        if agreement.status not in SIGNABLE:
            raise Conflict("withdrawn", _("agreement %(ref)s was withdrawn: reopen it before signing",
                                          ref=agreement.ref))
        absent = missing(agreement)
        if absent:
            raise Refused("signatory_not_present", _("cannot record the signing of %(ref)s: %(who)s", ref=agreement.ref,
                                                     who="; ".join(reason for _s, reason in absent)),
                          status=409, details=[{"delegate_id": s.delegate_id, "remote": s.remote} for s, _ in absent])
        before = agreement.status
        _guarded_update(agreement, SIGNABLE, status=AgreementStatus.SIGNED, signed_at=at, signing_mode=mode)
        entry = _entry(agreement, AgreementStatus.SIGNED, staff, signed_at=at, mode=mode, note=note)
        audit.record("agreement.sign", "agreement", agreement.id, staff=staff, event=agreement.event,
                     changes={"ref": [agreement.ref, agreement.ref], "status": [before, AgreementStatus.SIGNED],
                              "signed_at": [None, at], "mode": [None, mode]})
    db.session.commit()
    db.session.refresh(agreement)
    return entry


def correct(agreement: Agreement, *, signed_at: datetime | str | None = None, mode: SigningMode | str | None = None,
            staff: Staff | None = None, note: str | None = None) -> SigningEntry:
    """Correct the time or mode of a signing with a new entry that points at the one it corrects."""
    with _refusals_roll_back():
        agreement = _locked(agreement)
        if agreement.status != AgreementStatus.SIGNED:
            raise Conflict("not_signed", _("agreement %(ref)s is not signed, so there is no signing to correct",
                                           ref=agreement.ref))
        new_at = _instant(agreement.event, signed_at) if signed_at not in (None, "") else agreement.signed_at
        new_mode = _mode(mode) if mode not in (None, "") else agreement.signing_mode
        changes = {name: [old, new] for name, old, new in (("signed_at", agreement.signed_at, new_at),
                                                           ("mode", agreement.signing_mode, new_mode)) if old != new}
        if not changes:
            raise Refused("nothing_to_correct", _("the time and mode given are those already recorded"))
        corrected = _latest_signing(agreement)
        _guarded_update(agreement, (AgreementStatus.SIGNED,), signed_at=new_at, signing_mode=new_mode)
        entry = _entry(agreement, AgreementStatus.SIGNED, staff, signed_at=new_at, mode=new_mode, note=note,
                       corrects=corrected)
        audit.record("agreement.correct", "agreement", agreement.id, staff=staff, event=agreement.event,
                     changes={"ref": [agreement.ref, agreement.ref], **changes})
    db.session.commit()
    db.session.refresh(agreement)
    return entry


def postpone(agreement: Agreement, *, staff: Staff | None = None, note: str | None = None) -> SigningEntry:
    return _change_status(agreement, AgreementStatus.POSTPONED, (AgreementStatus.PLANNED,), staff, note)


def withdraw(agreement: Agreement, *, staff: Staff | None = None, note: str | None = None) -> SigningEntry:
    return _change_status(agreement, AgreementStatus.WITHDRAWN, SIGNABLE, staff, note)


def reopen(agreement: Agreement, *, staff: Staff | None = None, note: str | None = None) -> SigningEntry:
    """Back to planned: after a postponement or withdrawal, or to undo a signing recorded by mistake."""
    return _change_status(agreement, AgreementStatus.PLANNED,
                          (AgreementStatus.POSTPONED, AgreementStatus.WITHDRAWN, AgreementStatus.SIGNED), staff, note)


def _change_status(agreement: Agreement, status: AgreementStatus, allowed: tuple[AgreementStatus, ...],
                   staff: Staff | None, note: str | None) -> SigningEntry:
    with _refusals_roll_back():
        agreement = _locked(agreement)
        before = agreement.status
        if before not in allowed:
            if before == AgreementStatus.SIGNED:
                raise _already_signed(agreement)
            raise Conflict("invalid_status", _("agreement %(ref)s is %(before)s; it cannot become %(after)s",
                                               ref=agreement.ref, before=STATUSES[before], after=STATUSES[status]))
        corrects = _latest_signing(agreement) if before == AgreementStatus.SIGNED else None
        changes = {"ref": [agreement.ref, agreement.ref], "status": [before, status]}
        if corrects is not None:
            changes.update(signed_at=[agreement.signed_at, None], mode=[agreement.signing_mode, None])
        _guarded_update(agreement, (before,), status=status, signed_at=None, signing_mode=None)
        entry = _entry(agreement, status, staff, note=note, corrects=corrects)
        audit.record(f"agreement.{_ACTIONS[status]}", "agreement", agreement.id, staff=staff, event=agreement.event,
                     changes=changes)
    db.session.commit()
    db.session.refresh(agreement)
    return entry


_ACTIONS = {AgreementStatus.POSTPONED: "postpone", AgreementStatus.WITHDRAWN: "withdraw",
            AgreementStatus.PLANNED: "reopen"}


@contextmanager
def _refusals_roll_back() -> Iterator[None]:
    """A refusal ends the transaction, which also releases the row lock."""
    try:
        yield
    except Refused:
        db.session.rollback()
        raise


def _guarded_update(agreement: Agreement, expected: tuple[AgreementStatus, ...], **values: object) -> None:
    """Change the cached state only if the status is still what this clerk saw: on SQLite (no row locks) this is
    what lets exactly one of two simultaneous signings through; on PostgreSQL it backs up the lock."""
    changed = db.session.execute(
        update(Agreement).where(Agreement.id == agreement.id, Agreement.status.in_(expected))
        .values(updated_at=utcnow(), **values).execution_options(synchronize_session=False)).rowcount
    if changed != 1:
        db.session.rollback()
        current = db.session.get(Agreement, agreement.id)
        if current is not None and current.status == AgreementStatus.SIGNED:
            raise _already_signed(current)
        raise Conflict("changed_meanwhile", _("agreement %(ref)s was changed by someone else: look again",
                                              ref=agreement.ref))


def _locked(agreement: Agreement) -> Agreement:
    """The agreement re-read under a row lock on PostgreSQL (SQLite has none; its writes queue anyway)."""
    return db.session.execute(select(Agreement).where(Agreement.id == agreement.id).with_for_update()
                              .execution_options(populate_existing=True)).scalar_one()


def _entry(agreement: Agreement, status: AgreementStatus, staff: Staff | None, *,
           signed_at: datetime | None = None, mode: SigningMode | None = None, note: str | None = None,
           corrects: SigningEntry | None = None) -> SigningEntry:
    note = "".join(c for c in (note or "") if unicodedata.category(c) not in {"Cc", "Cs"}).strip()[:500] or None
    entry = SigningEntry(agreement_id=agreement.id, status=status, signed_at=signed_at, mode=mode,
                         corrects_id=corrects.id if corrects else None, note=note,
                         staff_id=staff.id if staff else None)
    db.session.add(entry)
    return entry


def _latest_signing(agreement: Agreement) -> SigningEntry | None:
    return db.session.scalar(select(SigningEntry).where(SigningEntry.agreement_id == agreement.id,
                                                        SigningEntry.status == AgreementStatus.SIGNED)
                             .order_by(SigningEntry.id.desc()).limit(1))


def ledger(agreement: Agreement) -> list[SigningEntry]:
    return list(db.session.scalars(select(SigningEntry).where(SigningEntry.agreement_id == agreement.id)
                                   .order_by(SigningEntry.id)))


def _already_signed(agreement: Agreement) -> Conflict:
    when = agreement.event.local(agreement.signed_at).strftime("%H:%M") if agreement.signed_at else ""
    if when:
        return Conflict("already_signed", _("agreement %(ref)s is already signed (at %(time)s)", ref=agreement.ref,
                                            time=when))
    return Conflict("already_signed", _("agreement %(ref)s is already signed", ref=agreement.ref))


def _mode(mode: SigningMode | str) -> SigningMode:
    try:
        return SigningMode(mode)
    except ValueError as e:
        raise Refused("invalid_mode", _("the mode is in_person or remote"), field="mode") from e


def _instant(event: Event, value: datetime | str | None) -> datetime:
    if value is None or value == "":
        return utcnow().replace(microsecond=0)
    at = parse_local(value, event.tz, "signed_at")
    if at > utcnow() + FUTURE_TOLERANCE:
        raise Refused("invalid_time", _("the signing time cannot be in the future"), field="signed_at")
    return at


# The desk's own refresh


def desk_version(event: Event) -> str:
    """Changes whenever anything the desk shows changes: the running order and each agreement's state, the
    door's admissions (and undone ones) and the guests' answers. Three small queries, for a poll every few seconds."""
    rows = db.session.execute(
        select(Agreement.id, Agreement.position, Agreement.status, Agreement.signed_at, Agreement.updated_at)
        .where(Agreement.event_id == event.id).order_by(Agreement.id)).all()
    door = db.session.execute(select(func.count(), func.max(CheckIn.id), func.count(CheckIn.undone_at))
                              .where(CheckIn.event_id == event.id)).one()
    answers = db.session.execute(select(func.count(), func.max(Invitation.updated_at))
                                 .where(Invitation.event_id == event.id)).one()
    return hashlib.sha256(repr((rows, tuple(door), tuple(answers))).encode()).hexdigest()[:32]


# The live board


@dataclass
class Board:
    """What the hall's screen shows: public facts only (titles, organisations, amounts, times)."""

    event: Event
    signed: list[Agreement]  # in the order they were signed
    planned: int  # every agreement not withdrawn
    totals: money.Totals

    @property
    def latest(self) -> Agreement | None:
        return self.signed[-1] if self.signed else None


def board(event: Event) -> Board:
    running_order = agreements(event)
    signed = sorted((a for a in running_order if a.status == AgreementStatus.SIGNED),
                    key=lambda a: (a.signed_at, a.updated_at, a.id))
    planned = sum(1 for a in running_order if a.status != AgreementStatus.WITHDRAWN)
    return Board(event, signed, planned, money.totals(event, signed))
