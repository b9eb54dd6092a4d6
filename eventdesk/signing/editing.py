"""Creating and changing agreements from a checked spec (the edit form and the import both call `save`)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from eventdesk import audit
from eventdesk.errors import Conflict
from eventdesk.extensions import db
from eventdesk.models import Agreement, AgreementParty, AgreementStatus, Event, Signatory, Staff, utcnow
from eventdesk.models.agreement import minor_units
from eventdesk.signing import order
from eventdesk.signing.spec import Spec


def save(event: Event, spec: Spec, *, staff: Staff | None = None, agreement: Agreement | None = None,
         commit: bool = True) -> tuple[Agreement, str]:
    """Create or change an agreement from a checked spec; returns it and `created`, `updated` or `unchanged`."""
    if agreement is None:
        agreement = db.session.scalar(select(Agreement).where(Agreement.event_id == event.id,
                                                              Agreement.ref == spec.ref))
    elif spec.ref != agreement.ref and db.session.scalar(
            select(Agreement.id).where(Agreement.event_id == event.id, Agreement.ref == spec.ref)) is not None:
        raise Conflict("ref_taken", _("another agreement of this event has the reference %(ref)s", ref=spec.ref))
    created = agreement is None
    if agreement is None:
        last = db.session.scalar(select(func.max(Agreement.position)).where(Agreement.event_id == event.id)) or 0
        agreement = Agreement(event=event, ref=spec.ref, title=spec.title, titles={}, position=last + 1,
                              status=AgreementStatus.PLANNED, currency=spec.currency)
        db.session.add(agreement)
    before = snapshot(agreement) if not created else {}
    values = {"ref": spec.ref, "title": spec.title, "titles": spec.titles, "summary": spec.summary,
              "kind": spec.kind, "amount_minor": minor_units(spec.amount, spec.currency), "currency": spec.currency}
    for name, value in values.items():
        setattr(agreement, name, value)
    _reconcile_parties(agreement, spec)
    order.place(event, agreement, spec.position)  # the others make room: positions stay 1..N
    db.session.flush()
    after = snapshot(agreement)
    changes = {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}
    if changes:
        agreement.updated_at = utcnow()  # party and signatory changes live in other tables; the board watches this
        audit.record("agreement.create" if created else "agreement.update", "agreement", agreement.id,
                     staff=staff, event=event, changes=changes)
    if commit:
        db.session.commit()
    return agreement, "created" if created else ("updated" if changes else "unchanged")


def _reconcile_parties(agreement: Agreement, spec: Spec) -> None:
    """Change party and signatory rows in place: deleting and re-adding one would trip the unique constraints."""
    existing = {party.organisation_id: party for party in agreement.parties}
    wanted = [organisation.id for organisation, _side in spec.parties]
    for party in list(agreement.parties):
        if party.organisation_id not in wanted:
            agreement.parties.remove(party)
    for position, (organisation, side) in enumerate(spec.parties):
        party = existing.get(organisation.id)
        if party is None:
            party = AgreementParty(organisation=organisation)
            agreement.parties.append(party)
        party.side, party.position = side, position
        chosen = {d.id: remote for d, remote in spec.signatories if d.organisation_id == organisation.id}
        for signatory in list(party.signatories):
            if signatory.delegate_id not in chosen:
                party.signatories.remove(signatory)
        have = {s.delegate_id: s for s in party.signatories}
        for delegate, remote in spec.signatories:
            if delegate.organisation_id != organisation.id:
                continue
            if delegate.id in have:
                have[delegate.id].remote = remote
            else:
                party.signatories.append(Signatory(delegate=delegate, remote=remote))


def snapshot(agreement: Agreement) -> dict[str, object]:
    """What an import or an edit can change, in comparable form."""
    return {
        "ref": agreement.ref, "title": agreement.title, "titles": dict(agreement.titles or {}),
        "summary": agreement.summary, "kind": agreement.kind, "amount": agreement.amount,
        "currency": agreement.currency, "position": agreement.position,
        "parties": [f"{p.organisation.name}:{p.side or ''}"
                    for p in sorted(agreement.parties, key=lambda p: p.position)],
        "signatories": sorted(f"{s.delegate.email}{' (remote)' if s.remote else ''}"
                              for p in agreement.parties for s in p.signatories),
    }
