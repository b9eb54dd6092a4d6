"""Counting attempts per client address (or staff account) in the database, so every worker on every host
sees the same count. Addresses and accounts are stored as keyed hashes. Behind a reverse proxy the app must
see the client's address (werkzeug's ProxyFix), or every client shares the proxy's count."""

from __future__ import annotations

import hashlib
import hmac
import random
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from eventdesk.extensions import db
from eventdesk.models import ThrottleHit, utcnow

# scope: (attempts allowed, within this window)
LIMITS = {
    "bad_token": (30, timedelta(minutes=10)),  # nobody mistypes 30 personal links in 10 minutes
    "registration": (5, timedelta(hours=1)),
    # Failed staff sign-ins, per account (its e-mail) and per client address.
    "sign_in_account": (10, timedelta(minutes=15)),
    "sign_in_address": (20, timedelta(minutes=15)),
}
KEEP = timedelta(days=1)


def _key(address: str | None) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, (address or "unknown").encode(), hashlib.sha256).hexdigest()[:64]


def exceeded(scope: str, address: str | None, now: datetime | None = None) -> bool:
    limit, window = LIMITS[scope]
    since = (now or utcnow()) - window
    count = db.session.scalar(select(func.count()).select_from(ThrottleHit).where(
        ThrottleHit.scope == scope, ThrottleHit.key == _key(address), ThrottleHit.at >= since))
    return (count or 0) >= limit


def hit(scope: str, address: str | None, now: datetime | None = None) -> None:
    """Count one attempt (the caller commits); now and then forget hits older than a day."""
    now = now or utcnow()
    db.session.add(ThrottleHit(scope=scope, key=_key(address), at=now))
    if random.random() < 0.02:
        db.session.execute(delete(ThrottleHit).where(ThrottleHit.at < now - KEEP))


def retry_after(scope: str) -> int:
    return int(LIMITS[scope][1].total_seconds())
