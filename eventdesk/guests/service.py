"""The guest list's rules: importing a file, adding and changing delegates, bulk actions on a selection.

Web pages, the CLI and the API call these; each call is one transaction with its audit entry. Answers,
capacity and the waiting list are rsvp's rules: withdrawing and overriding go through rsvp.service.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import insert, select, text, update

from eventdesk import audit
from eventdesk.database import is_sqlite
from eventdesk.errors import NotFound, Refused
from eventdesk.extensions import db
from eventdesk.guests import importer
from eventdesk.models import (
    Delegate,
    Event,
    Invitation,
    Language,
    Mode,
    OnlineRoom,
    Organisation,
    OrganisationKind,
    Role,
    Staff,
    Status,
)
from eventdesk.models.people import NAME_FIELDS
from eventdesk.names import search_key
from eventdesk.tabular import Table, read_table

DELEGATE_FIELDS = ("family_name", "given_name", "family_name_latin", "given_name_latin", "family_name_reading",
                   "given_name_reading", "honorific", "position", "phone", "language", "role")
KEEP_WHEN_EMPTY = {"language", "role", "organisation_kind", "country"}  # an empty cell does not clear these
CHUNK = 5000  # values per IN (...): well below SQLite's limit on bound parameters
SHOWN_CHANGES = 500  # updated rows described in the audit entry; the counts cover them all
ANALYZE_AFTER = 1000  # rows added by one import beyond which PostgreSQL's statistics are refreshed


@dataclass
class RowResult:
    line: int
    email: str
    name: str
    outcome: str  # created, updated, unchanged
    changes: dict[str, list[Any]] = field(default_factory=dict)


@dataclass
class ImportReport:
    rows: list[RowResult] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    new_organisations: list[str] = field(default_factory=list)
    changed_organisations: list[str] = field(default_factory=list)
    written: bool = False

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def created(self) -> int:
        return self.count("created")

    @property
    def updated(self) -> int:
        return self.count("updated")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    def summary(self) -> str:
        return (f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
                + (f"; {len(self.new_organisations)} new organisations" if self.new_organisations else ""))


def import_guests(event: Event, data: bytes, filename: str, *, staff: Staff | None = None,
                  dry_run: bool = False) -> ImportReport:
    """Check a guest list file against the stored list; unless `dry_run` or a row has a problem, write it
    all in one transaction: organisations by name, delegates by e-mail, invitations for new ones."""
    parsed = importer.parse(read_table(data, filename))
    report = ImportReport(problems=parsed.problems)
    if report.problems:
        return report
    plan = _plan(event, parsed.rows, report)
    if not dry_run:
        _write(event, plan, report, filename, staff)
        report.written = True
    return report


@dataclass
class _Plan:
    new_organisations: dict[str, dict[str, Any]] = field(default_factory=dict)
    organisation_changes: dict[int, dict[str, Any]] = field(default_factory=dict)
    new_delegates: list[dict[str, Any]] = field(default_factory=list)
    delegate_changes: list[dict[str, Any]] = field(default_factory=list)
    # By e-mail: the proposed mode, the details, the personal meeting link.
    new_invitations: list[tuple[str, Mode | None, dict[str, str], str | None]] = field(default_factory=list)
    invitation_changes: list[dict[str, Any]] = field(default_factory=list)


def _plan(event: Event, rows: list[importer.GuestRow], report: ImportReport) -> _Plan:
    """Compare every row with what is stored, using lookups loaded once (no query per row)."""
    plan = _Plan()
    organisations = {o.name: o for o in db.session.execute(
        select(Organisation.id, Organisation.name, Organisation.kind, Organisation.country))}
    columns = [getattr(Delegate, name) for name in ("id", "email", "organisation_id", *DELEGATE_FIELDS)]
    stored = {d.email: d for d in _chunked(rows, lambda emails: select(*columns).where(Delegate.email.in_(emails)))}
    invited = {i.delegate_id: i for i in db.session.execute(
        select(Invitation.id, Invitation.delegate_id, Invitation.proposed_mode, Invitation.details,
               Invitation.meeting_url).where(Invitation.event_id == event.id))}
    for row in rows:
        values = row.values
        org_name = values["organisation"] or ""
        organisation_id = _organisation(org_name, values, organisations, plan, report)
        target = {name: _enum(name, values[name]) for name in DELEGATE_FIELDS
                  if name in values and not (values[name] is None and name in KEEP_WHEN_EMPTY)}
        mode = Mode(values["mode"]) if values.get("mode") else None
        delegate = stored.get(row.email)
        name = _name(values, delegate)
        if delegate is None:
            record = {name: None for name in DELEGATE_FIELDS} | {"language": Language.EN, "role": Role.DELEGATE}
            record |= target | {"email": row.email, "organisation_id": organisation_id, "organisation_name": org_name}
            plan.new_delegates.append(record)
            plan.new_invitations.append((row.email, mode, with_details({}, values), values.get("meeting_url")))
            report.rows.append(RowResult(row.line, row.email, name, "created"))
            continue
        changes = {k: [getattr(delegate, k), v] for k, v in target.items() if getattr(delegate, k) != v}
        if organisation_id != delegate.organisation_id:
            changes["organisation"] = [None, org_name]
        if changes:
            plan.delegate_changes.append({"id": delegate.id, "email": row.email, "organisation_id": organisation_id,
                                          "organisation_name": org_name,
                                          **{k: target.get(k, getattr(delegate, k)) for k in DELEGATE_FIELDS}})
        invitation = invited.get(delegate.id)
        if invitation is None:
            plan.new_invitations.append((row.email, mode, with_details({}, values), values.get("meeting_url")))
            report.rows.append(RowResult(row.line, row.email, name, "created", changes))
            continue
        wanted_mode = mode if "mode" in values else invitation.proposed_mode
        details = with_details(invitation.details, values)
        if wanted_mode != invitation.proposed_mode:
            changes["mode"] = [invitation.proposed_mode, mode]
        changes |= details_changed(invitation.details, details)
        meeting_url = values.get("meeting_url", invitation.meeting_url)
        if meeting_url != invitation.meeting_url:
            changes["meeting_url"] = [invitation.meeting_url, meeting_url]
        if wanted_mode != invitation.proposed_mode or details != (invitation.details or {}) \
                or meeting_url != invitation.meeting_url:
            plan.invitation_changes.append({"id": invitation.id, "proposed_mode": wanted_mode, "details": details,
                                            "meeting_url": meeting_url})
        report.rows.append(RowResult(row.line, row.email, name, "updated" if changes else "unchanged", changes))
    return plan


def _organisation(name: str, values: dict[str, str | None], organisations: dict[str, Any], plan: _Plan,
                  report: ImportReport) -> int | None:
    """The organisation's id (None while it is still to be created); notes new ones and changed kinds."""
    kind = OrganisationKind(values["organisation_kind"]) if values.get("organisation_kind") else None
    country = values.get("country")
    existing = organisations.get(name)
    if existing is None:
        if name not in plan.new_organisations:
            plan.new_organisations[name] = {"name": name, "kind": kind or OrganisationKind.OTHER, "country": country}
            report.new_organisations.append(name)
        return None
    wanted = {k: v for k, v in (("kind", kind), ("country", country)) if v is not None}
    changes = {k: v for k, v in wanted.items() if getattr(existing, k) != v}
    if changes and existing.id not in plan.organisation_changes:
        plan.organisation_changes[existing.id] = {"id": existing.id, **changes}
        report.changed_organisations.append(name)
    return existing.id


def _write(event: Event, plan: _Plan, report: ImportReport, filename: str, staff: Staff | None) -> None:
    session = db.session
    # NULLs written out, so every row has the same columns and the rows go in large batches.
    bulk = {"render_nulls": True}
    try:
        if plan.new_organisations:
            session.execute(insert(Organisation).execution_options(**bulk), list(plan.new_organisations.values()))
        if plan.organisation_changes:
            session.execute(update(Organisation), list(plan.organisation_changes.values()))
        org_ids = dict(session.execute(select(Organisation.name, Organisation.id)).all()) \
            if plan.new_organisations else {}
        for records in (plan.new_delegates, plan.delegate_changes):
            for record in records:
                name = record.pop("organisation_name")
                record["organisation_id"] = record["organisation_id"] or org_ids[name]
                record["search_key"] = search_key(*(record[name] for name in NAME_FIELDS))
        if plan.new_delegates:
            session.execute(insert(Delegate).execution_options(**bulk), plan.new_delegates)
        if plan.delegate_changes:
            session.execute(update(Delegate), plan.delegate_changes)
        if plan.new_invitations:
            ids = dict(_chunked(plan.new_invitations, lambda emails: select(Delegate.email, Delegate.id)
                                .where(Delegate.email.in_(emails)), key=lambda pair: pair[0]))
            session.execute(insert(Invitation).execution_options(**bulk), [
                {"event_id": event.id, "delegate_id": ids[email], "status": Status.INVITED, "proposed_mode": mode,
                 "details": details, "meeting_url": meeting_url, "sequence": 0}
                for email, mode, details, meeting_url in plan.new_invitations])
        if plan.invitation_changes:
            session.execute(update(Invitation), plan.invitation_changes)
        shown = {row.email: row.changes for row in report.rows if row.changes}
        audit.record("guests.import", "event", event.id, staff=staff, event=event, changes={
            "file": [None, filename], "created": [None, report.created], "updated": [None, report.updated],
            "unchanged": [None, report.unchanged], "new_organisations": [None, report.new_organisations],
            "changed_organisations": [None, report.changed_organisations],
            "rows": [None, dict(list(shown.items())[:SHOWN_CHANGES])]})
        session.commit()
    except Exception:
        session.rollback()
        raise
    if len(plan.new_delegates) + len(plan.new_invitations) > ANALYZE_AFTER and not is_sqlite():
        # Statistics and the visibility map now, not when autovacuum gets round to it: until then PostgreSQL
        # plans the guest list's queries for the tables as they were (e.g. empty) and a page takes seconds.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM (ANALYZE) organisations, delegates, invitations"))


def with_details(stored: dict[str, Any] | None, values: dict[str, Any]) -> dict[str, Any]:
    """The invitation's details once a row's detail columns are applied: a column the row has sets (or, empty,
    clears) its detail; one it lacks leaves the stored value alone, as do keys no column holds."""
    details = dict(stored or {})
    for name in importer.DETAIL_COLUMNS:
        if name in values:
            details.pop(name, None)
            if values[name]:
                details[name] = values[name]
    return details


def details_changed(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, list[Any]]:
    before = before or {}
    return {name: [before.get(name), after.get(name)] for name in importer.DETAIL_COLUMNS
            if before.get(name) != after.get(name)}


def _chunked(items: Iterable[Any], query: Any, key: Any = None) -> Iterator[Any]:
    """Run `query(values)` over the e-mails of `items` in chunks, yielding every result row."""
    emails = [key(item) if key else item.email for item in items]
    for start in range(0, len(emails), CHUNK):
        yield from db.session.execute(query(emails[start:start + CHUNK]))


def _enum(name: str, value: str | None) -> Any:
    if value is None:
        return None
    return {"language": Language, "role": Role}.get(name, str)(value)


def _name(values: dict[str, str | None], delegate: Any) -> str:
    def pick(name: str) -> str:
        return values.get(name) or (getattr(delegate, name, None) if delegate is not None else None) or ""

    native = f"{pick('family_name')} {pick('given_name')}".strip()
    latin = f"{pick('given_name_latin')} {pick('family_name_latin')}".strip()
    return " / ".join(p for p in (native, latin) if p)


# Single delegates


EDITABLE = (*DELEGATE_FIELDS, "email")


def invitation_of(event: Event, invitation_id: int) -> Invitation:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.event_id != event.id:
        raise NotFound("invitation", _("no such guest on this event's list"))
    return invitation


def organisation_named(name: str, kind: str | None = None, country: str | None = None) -> Organisation:
    """The organisation of that name, created when new; kind and country are set when given."""
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == name))
    if organisation is None:
        organisation = Organisation(name=name, kind=OrganisationKind(kind or "other"), country=country or None)
        db.session.add(organisation)
    else:
        if kind:
            organisation.kind = OrganisationKind(kind)
        if country:
            organisation.country = country
    return organisation


def _checked(values: dict[str, Any]) -> dict[str, Any]:
    """The same checks as an import row, so a form cannot store what a file could not."""
    header = list(importer.COLUMNS)
    row = [("" if values.get(c) is None else str(values.get(c))) for c in header]
    parsed = importer.parse(Table(header=header, rows=[(2, row)]))
    if parsed.problems:
        first = parsed.problems[0]
        raise Refused("invalid_guest", f"{first.column}: {first.message}", field=first.column)
    return parsed.rows[0].values


def _kind_given(checked: dict[str, Any]) -> None:
    """A new organisation needs its kind said: "Other" is never assumed (it would skew every count by kind)."""
    if not checked.get("organisation_kind") and db.session.scalar(
            select(Organisation.id).where(Organisation.name == checked["organisation"])) is None:
        raise Refused("organisation_kind_required", _("Choose the kind of this new organisation."),
                      field="organisation_kind")


def add_guest(event: Event, values: dict[str, Any], *, staff: Staff | None = None) -> Invitation:
    """Add one delegate to the list (or invite an existing delegate of another event)."""
    checked = _checked(values)
    delegate = db.session.scalar(select(Delegate).where(Delegate.email == checked["email"]))
    if delegate is not None and db.session.scalar(select(Invitation.id).where(
            Invitation.event_id == event.id, Invitation.delegate_id == delegate.id)) is not None:
        raise Refused("duplicate_guest", _("%(email)s is already on this guest list", email=checked["email"]),
                      status=409, field="email")
    _kind_given(checked)
    organisation = organisation_named(checked["organisation"], checked.get("organisation_kind"), checked.get("country"))
    if delegate is None:
        delegate = Delegate(email=checked["email"], organisation=organisation, language=Language.EN, role=Role.DELEGATE)
        db.session.add(delegate)
    for name in DELEGATE_FIELDS:
        if checked.get(name) is not None or name not in KEEP_WHEN_EMPTY:
            setattr(delegate, name, _enum(name, checked.get(name)))
    delegate.organisation = organisation
    invitation = Invitation(event=event, delegate=delegate, status=Status.INVITED, sequence=0,
                            details=with_details({}, checked),
                            proposed_mode=Mode(checked["mode"]) if checked.get("mode") else None,
                            meeting_url=checked.get("meeting_url"), **_online(event, values))
    db.session.add(invitation)
    db.session.flush()
    audit.record("guest.add", "invitation", invitation.id, staff=staff, event=event,
                 changes={"email": [None, delegate.email], "name": [None, delegate.display_name]})
    db.session.commit()
    return invitation


def update_guest(invitation: Invitation, values: dict[str, Any], *, staff: Staff | None = None) -> Invitation:
    """Change a delegate's details and the proposed mode; the audit entry lists what changed."""
    checked = _checked(values)
    delegate = invitation.delegate
    if checked["email"] != delegate.email and db.session.scalar(
            select(Delegate.id).where(Delegate.email == checked["email"])) is not None:
        raise Refused("duplicate_guest", _("another delegate already has the e-mail %(email)s", email=checked["email"]),
                      status=409,
                      field="email")
    wanted = {name: _enum(name, checked.get(name)) for name in EDITABLE
              if checked.get(name) is not None or name not in KEEP_WHEN_EMPTY}
    changes = audit.diff(delegate, wanted)
    _kind_given(checked)
    organisation = organisation_named(checked["organisation"], checked.get("organisation_kind"), checked.get("country"))
    if organisation is not delegate.organisation:
        changes["organisation"] = [delegate.organisation.name, organisation.name]
        delegate.organisation = organisation
    mode = Mode(checked["mode"]) if checked.get("mode") else None
    if mode != invitation.proposed_mode:
        changes["proposed_mode"] = [invitation.proposed_mode, mode]
        invitation.proposed_mode = mode
    details = with_details(invitation.details, checked)
    if details != (invitation.details or {}):
        changes |= details_changed(invitation.details, details)
        invitation.details = details
    changes |= audit.diff(invitation, {"meeting_url": checked.get("meeting_url"), **_online(invitation.event, values)})
    if changes:
        audit.record("guest.update", "invitation", invitation.id, staff=staff, event=invitation.event, changes=changes)
    db.session.commit()
    return invitation


def guest_values(invitation: Invitation) -> dict[str, Any]:
    """A guest as the import columns hold it (for the edit form and the export)."""
    delegate = invitation.delegate
    organisation = delegate.organisation
    return {"email": delegate.email, **{name: getattr(delegate, name) for name in DELEGATE_FIELDS},
            "organisation": organisation.name, "organisation_kind": organisation.kind, "country": organisation.country,
            "mode": invitation.proposed_mode,
            **{name: (invitation.details or {}).get(name) for name in importer.DETAIL_COLUMNS},
            "meeting_url": invitation.meeting_url, "room_id": invitation.room_id,
            "online_allowed": invitation.online_allowed}


def _online(event: Event, values: dict[str, Any]) -> dict[str, Any]:
    """The guest's online room and whether an in-person guest may follow online too, as the form gives them
    (a file has no such columns: what it leaves out stays as it is)."""
    found: dict[str, Any] = {}
    if "room_id" in values:
        room_id = values["room_id"] or None
        if room_id is not None and db.session.scalar(select(OnlineRoom.id).where(
                OnlineRoom.id == room_id, OnlineRoom.event_id == event.id)) is None:
            raise Refused("invalid_room", _("Choose one of this event's online rooms."), field="room")
        found["room_id"] = room_id
    if "online_allowed" in values:
        found["online_allowed"] = bool(values["online_allowed"])
    return found


# Bulk actions on a selection


@dataclass
class BulkResult:
    done: int = 0
    skipped: int = 0  # not applicable: e.g. already invited, already withdrawn


def selected(event: Event, invitation_ids: Iterable[int]) -> list[Invitation]:
    ids = sorted({int(i) for i in invitation_ids})
    found: list[Invitation] = []
    for start in range(0, len(ids), CHUNK):
        found += db.session.scalars(select(Invitation).where(Invitation.event_id == event.id,
                                                             Invitation.id.in_(ids[start:start + CHUNK]))
                                    .order_by(Invitation.id)).all()
    return found


def bulk(event: Event, invitation_ids: Iterable[int], action: str, *, staff: Staff,
         role: str | None = None) -> BulkResult:
    """Invite, re-send, change the role of, or withdraw the selected invitations."""
    from eventdesk.guests import invitations as sending
    from eventdesk.rsvp import service as rsvp

    chosen = selected(event, invitation_ids)
    live = [i for i in chosen if i.status != Status.WITHDRAWN]
    if action == "invite":
        ids = [i.id for i in live if i.invited_at is None]
        return BulkResult(sending.queue(event, ids, staff=staff), len(chosen) - len(ids))
    if action == "resend":
        return BulkResult(sending.queue(event, [i.id for i in live], staff=staff, action="invitations.resend"),
                          len(chosen) - len(live))
    if action == "role":
        try:
            new_role = Role(role or "")
        except ValueError as e:
            raise Refused("invalid_role", _("choose the new role"), field="role") from e
        changed = [i for i in chosen if i.delegate.role != new_role]
        for invitation in changed:
            audit.record("guest.update", "invitation", invitation.id, staff=staff, event=event,
                         changes={"role": [invitation.delegate.role, new_role]})
            invitation.delegate.role = new_role
        db.session.commit()
        return BulkResult(len(changed), len(chosen) - len(changed))
    if action == "withdraw":
        for invitation in live:
            rsvp.withdraw(invitation, staff)
        return BulkResult(len(live), len(chosen) - len(live))
    raise Refused("invalid_action", _("unknown bulk action %(action)s", action=repr(action)), field="action")
