"""Staff accounts: creation, sign-in, and API tokens (shown once, stored as SHA-256)."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime
from functools import cache

from flask_babel import gettext as _
from sqlalchemy import select, update
from werkzeug.security import check_password_hash, generate_password_hash

from eventdesk import audit
from eventdesk.errors import Conflict, NotFound, Refused
from eventdesk.extensions import db
from eventdesk.models import ApiToken, Staff, StaffRole, utcnow
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
           by: Staff | None = None) -> Staff:
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
    db.session.add(staff)
    db.session.flush()
    audit.record("staff.create", "staff", staff.id, staff=by, changes={"email": [None, email],
                                                                       "role": [None, role_.value]})
    db.session.commit()
    return staff


def set_password(staff: Staff, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise Refused("weak_password", f"a password needs at least {MIN_PASSWORD} characters",
                      field="password")
    staff.set_password(password)


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
        check_password_hash(_comparison_hash(), password)
        return False
    return staff.check_password(password)


@cache
def _comparison_hash() -> str:
    """A hash of the scheme and cost real passwords get, of a password nobody knows."""
    return generate_password_hash(secrets.token_urlsafe(32))


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
