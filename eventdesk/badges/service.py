"""Badges: issued for accepted in-person answers only, re-issued with a new serial, revoked when the answer
changes, found again from a verified code at the door, and printed in batches.

Two rules hold whatever runs at the same moment: one valid badge per invitation (a partial unique index)
and serials unique per event (a unique constraint). Issuers of one event take turns on the event's row,
and the insert runs inside a savepoint: when another writer won a race anyway, it looks again.
"""

from __future__ import annotations

import enum
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from eventdesk import audit
from eventdesk.badges import codec, render
from eventdesk.errors import Conflict, NotFound, Refused
from eventdesk.extensions import db
from eventdesk.models import (
    Badge,
    Delegate,
    Event,
    Invitation,
    Mode,
    Organisation,
    Role,
    Staff,
    Status,
    utcnow,
)
from eventdesk.rsvp import dates, labels

ATTEMPTS = 10
ROLE_LABELS = {Role.VIP: _l("VIP"), Role.SIGNATORY: _l("Signatory"), Role.DELEGATE: _l("Delegate"),
               Role.PRESS: _l("Press"), Role.STAFF: _l("Staff"), Role.INTERPRETER: _l("Interpreter")}
IN_PERSON = (Invitation.status == Status.ACCEPTED) & (Invitation.mode == Mode.IN_PERSON)
PRINT_ORDER = (func.coalesce(Organisation.name_latin, Organisation.name), Organisation.id,  # then by name
               func.coalesce(Delegate.family_name_latin, Delegate.family_name),
               func.coalesce(Delegate.given_name_latin, Delegate.given_name))
FIELD_LABELS = {"event_title": _l("event title"), "event_line": _l("date and venue"), "native_name": _l("name"),
                "latin_name": _l("name in Latin letters"), "position": _l("position"),
                "organisation": _l("organisation"), "organisation_latin": _l("organisation in Latin letters")}


class BadgeState(enum.StrEnum):
    VALID = "valid"
    REVOKED = "revoked"
    UNKNOWN = "unknown"  # signed by us, but no such badge here (e.g. a database restored from before it)


@dataclass(frozen=True)
class BadgeLookup:
    state: BadgeState
    badge: Badge | None = None


def current(invitation: Invitation) -> Badge | None:
    """The invitation's valid badge, if it has one."""
    return db.session.scalar(select(Badge).where(Badge.invitation_id == invitation.id, Badge.revoked_at.is_(None)))


def invitation_for(event: Event, email: str) -> Invitation:
    invitation = db.session.scalar(select(Invitation).join(Delegate).where(
        Invitation.event_id == event.id, Delegate.email == (email or "").strip().lower()))
    if invitation is None:
        raise NotFound("invitation", f"{email!r} is not invited to {event.slug}")
    return invitation


def find_organisation(name: str) -> Organisation:
    wanted = (name or "").strip().lower()
    organisation = db.session.scalar(select(Organisation).where(
        (func.lower(Organisation.name) == wanted) | (func.lower(Organisation.name_latin) == wanted)))
    if organisation is None:
        raise NotFound("organisation", f"no organisation named {name!r}")
    return organisation


def issue(invitation: Invitation) -> Badge:
    """The valid badge of an accepted in-person answer, issued now if it has none."""
    _require_in_person(invitation)
    badge = _ensure(invitation)
    db.session.commit()
    return badge


def reissue(invitation: Invitation, staff: Staff | None = None) -> Badge:
    """A new badge with a new serial (lost, or the name was corrected); the old one is revoked."""
    _require_in_person(invitation)
    old = current(invitation)
    if old is not None:
        _revoke(old, "reissued", staff)
        db.session.flush()
    badge = _ensure(invitation)
    audit.record("badge.reissue", "invitation", invitation.id, staff=staff, event=invitation.event,
                 changes={"serial": [old.serial if old else None, badge.serial]})
    db.session.commit()
    return badge


def revoke(invitation: Invitation, reason: str, staff: Staff | None = None) -> Badge | None:
    """Revoke the invitation's valid badge, if any; returns it."""
    badge = current(invitation)
    if badge is not None:
        _revoke(badge, reason, staff)
    db.session.commit()
    return badge


def sync(invitation: Invitation, staff: Staff | None = None) -> Badge | None:
    """Bring the badge in line with the answer: a valid badge for an accepted in-person answer, none for
    online, declined, waiting or withdrawn. Runs inside the caller's transaction; the caller commits."""
    if invitation.attends_in_person:
        return _ensure(invitation)
    badge = current(invitation)
    if badge is not None:
        _revoke(badge, f"answer changed: {_answer(invitation)}", staff)
    return None


def lookup(code: codec.BadgeCode) -> BadgeLookup:
    """The badge a verified code names, and whether it is still valid."""
    badge = db.session.scalar(select(Badge).where(Badge.event_id == code.event_id, Badge.serial == code.serial,
                                                  Badge.invitation_id == code.invitation_id))
    if badge is None:
        return BadgeLookup(BadgeState.UNKNOWN)
    return BadgeLookup(BadgeState.VALID if badge.valid else BadgeState.REVOKED, badge)


def code_for(badge: Badge) -> str:
    return codec.encode(badge.event_id, badge.invitation_id, badge.serial, current_app.config)


# -- a delegate's own badge ---------------------------------------------------------------------------------

def delegate_pdf(invitation: Invitation) -> bytes:
    card = _delegate_card(invitation)
    out = io.BytesIO()
    render.write_pdf([card], out, title=card.event_title, single=True)
    return out.getvalue()


def delegate_png(invitation: Invitation) -> bytes:
    return render.png(_delegate_card(invitation))


def _delegate_card(invitation: Invitation) -> render.BadgeCard:
    badge = issue(invitation)
    card = _card(badge, invitation, invitation.delegate, invitation.delegate.organisation, invitation.event)
    missing = render.undrawable(card)
    if missing:  # said to the delegate, in the page's language: the organisers see the same in their list
        raise Refused("badge_glyph_missing", _(
            "Your badge cannot be drawn here: our badge fonts have no %(characters)s. The organisers have your "
            "name on their list of badges to prepare by hand; please ask for it at the entrance.",
            characters=", ".join(dict.fromkeys(str(m) for m in missing))), status=422)
    return card


# -- printing in batches ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Selection:
    """Which badges a batch holds: all valid ones, or only never printed (new), or only re-issued since
    their holder's last printed badge (changed); optionally of one organisation."""

    only_new: bool = False
    only_changed: bool = False
    organisation_id: int | None = None


@dataclass(frozen=True)
class Unprintable:
    """A badge left out of a batch: a character of it that no badge font has. For the organisers."""

    holder: str  # name <e-mail>
    missing: tuple[render.Undrawable, ...]

    def __str__(self) -> str:
        """In the current language: who, and each character with the field it is in."""
        return _("%(holder)s: %(characters)s", holder=self.holder, characters="; ".join(
            f"{m} ({FIELD_LABELS.get(m.field, m.field)})" for m in self.missing))


@dataclass(frozen=True)
class Batch:
    count: int  # badges in the selection
    unprintable: list[Unprintable]  # left out of the PDF, and so not marked printed

    @property
    def printable(self) -> int:
        return self.count - len(self.unprintable)


def prepare_batch(event: Event, selection: Selection) -> Batch:
    """Issue missing badges, then find the badges of the batch that cannot be drawn: they are left out and
    listed, and the others printed, so one name never holds up the rest."""
    issue_missing(event)
    count = db.session.scalar(select(func.count()).select_from(_batch_query(event, selection).subquery()))
    if not count:
        raise Refused("no_badges", _("No badges match: nobody attends in person with these filters."), status=404)
    batch = Batch(count, [u for _badge_id, card in _batch_cards(event, selection) if (u := _unprintable(card))])
    if not batch.printable:
        raise Refused("no_printable_badges", _("None of these badges can be drawn: no badge font has some "
                                               "character of each."), status=422,
                      details=[str(u) for u in batch.unprintable])
    return batch


def unprintable(event: Event) -> list[Unprintable]:
    """The badges still to print (issued or not yet) that no badge font can draw, in print order."""
    printed = exists().where(Badge.invitation_id == Invitation.id, Badge.revoked_at.is_(None),
                             Badge.printed_at.is_not(None))
    query = (select(Invitation, Delegate, Organisation)
             .join(Delegate, Invitation.delegate_id == Delegate.id)
             .join(Organisation, Delegate.organisation_id == Organisation.id)
             .where(Invitation.event_id == event.id, IN_PERSON, ~printed)
             .order_by(*PRINT_ORDER, Invitation.id).execution_options(yield_per=250))
    cards = (_card(None, invitation, delegate, organisation, event)
             for invitation, delegate, organisation in db.session.execute(query))
    return [u for card in cards if (u := _unprintable(card))]


def _unprintable(card: render.BadgeCard) -> Unprintable | None:
    missing = render.undrawable(card)
    return Unprintable(card.holder, tuple(missing)) if missing else None


def write_batch(event: Event, selection: Selection, out: BinaryIO,
                progress: Callable[[int], None] | None = None, *, commit: bool = True) -> int:
    """Write the batch PDF in print order (organisation, then name), leaving out the badges that cannot be
    drawn (`prepare_batch` lists them), and mark the badges written printed (`commit=False`: the caller commits
    once the PDF is safely where people find it)."""
    printed: list[int] = []

    def cards() -> Iterator[render.BadgeCard]:
        for badge_id, card in _batch_cards(event, selection):
            if not render.undrawable(card):
                printed.append(badge_id)
                yield card

    written = render.write_pdf(cards(), out, title=f"{event.title} · {event.slug}", progress=progress)
    now = utcnow()
    for start in range(0, len(printed), 500):
        db.session.execute(update(Badge).where(Badge.id.in_(printed[start:start + 500])).values(printed_at=now))
    if commit:
        db.session.commit()
    return written


def issue_missing(event: Event) -> int:
    """Badges for accepted in-person answers that have none yet (answers recorded before badges existed)."""
    missing = db.session.scalars(
        select(Invitation).where(Invitation.event_id == event.id, IN_PERSON,
                                 ~exists().where(Badge.invitation_id == Invitation.id, Badge.revoked_at.is_(None)))
        .order_by(Invitation.id)).all()
    for invitation in missing:
        _ensure(invitation)
    db.session.commit()
    return len(missing)


def organisations_in_person(event: Event) -> list[tuple[Organisation, int]]:
    """The event's organisations, by name, each with how many of its guests attend in person (those have badges)."""
    in_person = func.count(Invitation.id).filter(IN_PERSON)
    return [(organisation, int(count)) for organisation, count in db.session.execute(
        select(Organisation, in_person).join(Delegate, Delegate.organisation_id == Organisation.id)
        .join(Invitation, Invitation.delegate_id == Delegate.id).where(Invitation.event_id == event.id)
        .group_by(Organisation.id).order_by(Organisation.name))]


def batch_counts(event: Event) -> dict[str, int]:
    """For the organisers' print page: attending in person, never printed, re-issued since printed."""
    in_person = db.session.scalar(select(func.count()).where(Invitation.event_id == event.id, IN_PERSON))
    unissued = db.session.scalar(select(func.count()).where(
        Invitation.event_id == event.id, IN_PERSON,
        ~exists().where(Badge.invitation_id == Invitation.id, Badge.revoked_at.is_(None))))

    def count(selection: Selection) -> int:
        return db.session.scalar(select(func.count()).select_from(_batch_query(event, selection).subquery()))

    return {"in_person": in_person, "new": count(Selection(only_new=True)) + unissued,
            "changed": count(Selection(only_changed=True))}


def _batch_query(event: Event, selection: Selection) -> Select[Any]:
    earlier = aliased(Badge)
    printed_before = exists().where(earlier.invitation_id == Badge.invitation_id, earlier.id != Badge.id,
                                    earlier.printed_at.is_not(None))
    query = (select(Badge, Invitation, Delegate, Organisation)
             .join(Invitation, Badge.invitation_id == Invitation.id)
             .join(Delegate, Invitation.delegate_id == Delegate.id)
             .join(Organisation, Delegate.organisation_id == Organisation.id)
             .where(Badge.event_id == event.id, Badge.revoked_at.is_(None), IN_PERSON))
    if selection.only_new or selection.only_changed:
        query = query.where(Badge.printed_at.is_(None))
        if not selection.only_changed:
            query = query.where(~printed_before)
        elif not selection.only_new:
            query = query.where(printed_before)
    if selection.organisation_id is not None:
        query = query.where(Delegate.organisation_id == selection.organisation_id)
    return query.order_by(*PRINT_ORDER, Badge.serial)


def _batch_cards(event: Event, selection: Selection) -> Iterator[tuple[int, render.BadgeCard]]:
    # Streamed in slices so 20,000 badges never sit in memory at once.
    rows = db.session.execute(_batch_query(event, selection).execution_options(yield_per=250))
    for badge, invitation, delegate, organisation in rows:
        yield badge.id, _card(badge, invitation, delegate, organisation, event)


# -- internals ----------------------------------------------------------------------------------------------

def _card(badge: Badge | None, invitation: Invitation, delegate: Delegate, organisation: Organisation,
          event: Event) -> render.BadgeCard:
    """What the badge shows, in the delegate's language. No form of address (Mr, 先生, 様): those are for
    letters, and 様 would follow the name, not precede it. Without a badge, the text alone (to check it)."""
    serial = badge.serial if badge else 0
    language = delegate.language.value
    with force_locale(language):
        role_label = str(ROLE_LABELS.get(delegate.role, ROLE_LABELS[Role.DELEGATE]))
        serial_label = _("No. %(serial)s", serial=f"{serial:06d}")
    when = dates.days(event, language)
    return render.BadgeCard(
        code=code_for(badge) if badge else "", serial=serial, serial_label=serial_label, role=delegate.role.value,
        role_label=role_label,
        language=language, event_title=event.title_in(language),
        event_line=" · ".join(p for p in (when, event.venue_in(language)) if p),
        native_name=delegate.native_name, latin_name=delegate.latin_name, position=delegate.position or "",
        organisation=organisation.name,
        organisation_latin=organisation.name_latin or "", holder=f"{delegate.display_name} <{delegate.email}>")


def _ensure(invitation: Invitation) -> Badge:
    for _attempt in range(ATTEMPTS):
        # Issuers of one event take turns on PostgreSQL (a row lock until commit), so nobody retries there;
        # SQLite writes one at a time anyway, and the savepoint below catches what slips through.
        db.session.execute(select(Event.id).where(Event.id == invitation.event_id).with_for_update())
        badge = current(invitation)
        if badge is not None:
            return badge
        serial = 1 + (db.session.scalar(select(func.max(Badge.serial)).where(
            Badge.event_id == invitation.event_id)) or 0)
        badge = Badge(event_id=invitation.event_id, invitation_id=invitation.id, serial=serial)
        try:
            with db.session.begin_nested():
                db.session.add(badge)
        except IntegrityError:
            continue  # another writer took this serial or issued this invitation's badge: look again
        db.session.expire(invitation, ["badges"])
        return badge
    raise Conflict("badge_busy", _("badges were being issued by many at once; please try again"))


def _revoke(badge: Badge, reason: str, staff: Staff | None) -> None:
    badge.revoked_at = utcnow()
    badge.revoked_reason = reason[:200]
    audit.record("badge.revoke", "badge", badge.id, staff=staff, event=badge.invitation.event,
                 changes={"revoked_at": [None, badge.revoked_at], "revoked_reason": [None, badge.revoked_reason]})


def _require_in_person(invitation: Invitation) -> None:
    if not invitation.attends_in_person:
        raise Refused("not_in_person", _("only a guest attending in person has a badge; this answer is %(answer)s",
                                         answer=labels.answer_label(invitation)), status=409)


def _answer(invitation: Invitation) -> str:
    if invitation.status == Status.ACCEPTED and invitation.mode is not None:
        return invitation.mode.value.replace("_", " ")
    return invitation.status.value
