"""Staff accounts: creation, the events an account is limited to, sign-in, and API tokens (shown once, stored
as SHA-256)."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from datetime import datetime
from functools import cache

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update
from werkzeug.security import check_password_hash, generate_password_hash

from eventdesk import audit
from eventdesk.errors import Conflict, NotFound, Refused
from eventdesk.events import service as events
from eventdesk.extensions import db
from eventdesk.models import ApiToken, Event, Staff, StaffRole, utcnow
from eventdesk.models.staff import staff_events
from eventdesk.rsvp import throttle

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10
SIGN_IN_LOCKOUT = throttle.retry_after("sign_in_account")  # seconds


def find(email: str) -> Staff:
    staff = db.session.scalar(select(Staff).where(Staff.email == email.strip().lower()))
    if staff is None:
        raise NotFound("staff account", f"no staff account {email!r}")
    return staff


def create(email: str, role: str, *, name: str | None = None, password: str | None = None,
           by: Staff | None = None, event_slugs: Iterable[str] = ()) -> Staff:
    """A new account; with `event_slugs`, limited to those events (see `limit`)."""
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise Refused("invalid_email", f"{email!r} is not an e-mail address", field="email")
    try:
        role_ = StaffRole(role)
    except ValueError as e:
        raise Refused("invalid_role", f"role must be one of {', '.join(r.value for r in StaffRole)}",
                      field="role") from e
    if db.session.scalar(select(Staff.id).where(Staff.email == email)) is not None:
        raise Conflict("email_taken", f"a staff account {email!r} exists already")
    staff = Staff(email=email, role=role_, name=name, active=True)
    if password is not None:
        set_password(staff, password)
    staff.events = _limit_events(role_, event_slugs)
    db.session.add(staff)
    db.session.flush()
    audit.record("staff.create", "staff", staff.id, staff=by, changes={
        "email": [None, email], "role": [None, role_.value], "events": [[], [e.slug for e in staff.events]]})
    db.session.commit()
    return staff


def limit(staff: Staff, event_slugs: Iterable[str], *, by: Staff | None = None) -> None:
    """Limit `staff` to these events, replacing any earlier limit; no slugs: every event again."""
    chosen = _limit_events(staff.role, event_slugs)
    before = [e.slug for e in staff.events]
    staff.events = chosen
    if before != [e.slug for e in chosen]:
        audit.record("staff.limit", "staff", staff.id, staff=by,
                     changes={"events": [before, [e.slug for e in chosen]]})
    db.session.commit()


def _limit_events(role: StaffRole, event_slugs: Iterable[str]) -> list[Event]:
    chosen = [events.get(slug.strip().lower()) for slug in dict.fromkeys(event_slugs)]
    if chosen and role == StaffRole.ORGANISER:
        # Organisers manage accounts, events and the audit log of all events: a limit would not hold them.
        raise Refused("organiser_unlimited", "organiser accounts work on every event; limit door and clerk "
                      "accounts", field="events")
    return sorted(chosen, key=lambda e: (e.starts_at, e.slug))


def event_limits(staff_id: int) -> frozenset[str]:
    """The slugs of the events this account is limited to; empty when it works on every event."""
    return frozenset(db.session.scalars(select(Event.slug).join(staff_events, staff_events.c.event_id == Event.id)
                                        .where(staff_events.c.staff_id == staff_id)))


def check_event(limits: frozenset[str], slug: str) -> None:
    """The rule every staff route and API call with an event in its address goes through. Staff limited to
    other events learn nothing of this one: they get the answer for an event that does not exist."""
    if limits and slug not in limits:
        raise NotFound("event", f"no event with slug {slug!r}")  # word for word what events.get answers


def visible_events(staff: Staff) -> list[Event]:
    """The events this account works on, latest first (the staff home lists them)."""
    limits = event_limits(staff.id)
    return [e for e in events.all_events() if not limits or e.slug in limits]


def accounts() -> list[Staff]:
    """Every staff account with its events, for the organisers' list."""
    return list(db.session.scalars(select(Staff).order_by(Staff.role, Staff.email)))


def set_password(staff: Staff, password: str) -> None:
    """A new password, hashed with the configured scheme; every earlier session of the account ends."""
    if len(password) < MIN_PASSWORD:
        raise Refused("weak_password", f"a password needs at least {MIN_PASSWORD} characters",
                      field="password")
    staff.password_hash = _new_hash(password)
    staff.end_sessions()


def _new_hash(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH"])


def _hash_is_current(staff: Staff) -> bool:
    """Whether the stored hash has the configured scheme and cost (the comparison hash's, spelled by werkzeug)."""
    scheme = _comparison_hash(current_app.config["PASSWORD_HASH"]).partition("$")[0]
    return (staff.password_hash or "").partition("$")[0] == scheme


def authenticate(email: str, password: str, address: str | None = None,
                 now: datetime | None = None) -> Staff | None:
    """The active account these credentials open, else None. Failed tries are counted per account and per
    client address; past either limit even the right password is refused until the window has passed."""
    now = now or utcnow()
    email = (email or "").strip().lower()
    counted = {"sign_in_account": email, "sign_in_address": address}
    if any(throttle.exceeded(scope, key, now) for scope, key in counted.items()):
        raise Refused("too_many_sign_ins", _("Too many failed sign-ins. Please try again in %(minutes)d minutes.",
                                             minutes=SIGN_IN_LOCKOUT // 60), status=429)
    staff = db.session.scalar(select(Staff).where(Staff.email == email))
    if _password_matches(staff, password or "") and staff is not None and staff.active:
        staff.last_login_at = now
        if not _hash_is_current(staff):  # an older scheme or cost: the password is at hand to hash it anew
            staff.password_hash = _new_hash(password)
        db.session.commit()
        return staff
    for scope, key in counted.items():
        throttle.hit(scope, key, now)
    db.session.commit()
    return None


def _password_matches(staff: Staff | None, password: str) -> bool:
    """One password hash check whether or not the account exists (or has a password), so the time an answer
    takes does not tell which staff e-mail addresses have an account."""
    if staff is None or not staff.password_hash:
        check_password_hash(_comparison_hash(current_app.config["PASSWORD_HASH"]), password)
        return False
    return staff.check_password(password)


@cache
def _comparison_hash(method: str) -> str:
    """A hash of the scheme and cost real passwords get, of a password nobody knows."""
    return generate_password_hash(secrets.token_urlsafe(32), method=method)


def issue_token(staff: Staff, *, revoke_others: bool = False) -> str:
    """A new API token for `staff`; the caller shows it once, only its hash is kept."""
    token = "edk_" + secrets.token_urlsafe(32)
    if revoke_others:
        db.session.execute(update(ApiToken).where(ApiToken.staff_id == staff.id, ApiToken.revoked_at.is_(None))
                           .values(revoked_at=utcnow()))
    db.session.add(ApiToken(staff_id=staff.id, token_hash=_hash(token), prefix=token[:12]))
    audit.record("staff.token", "staff", staff.id, staff=staff,
                 changes={"revoked_others": [None, revoke_others]})
    db.session.commit()
    return token


def staff_for_token(token: str) -> Staff | None:
    digest = _hash(token)
    row = db.session.execute(
        select(ApiToken, Staff).join(Staff).where(ApiToken.token_hash == digest, ApiToken.revoked_at.is_(None))
    ).first()
    # The lookup is by hash, so timing reveals nothing of the token; compare anyway to be explicit.
    if row is None or not hmac.compare_digest(row.ApiToken.token_hash, digest) or not row.Staff.active:
        return None
    return row.Staff


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
