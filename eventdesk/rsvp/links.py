"""Addresses that leave the site (in e-mails and calendar files): always from BASE_URL, never the request."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app

from eventdesk.models import Event, Invitation


def base_url() -> str:
    return current_app.config["BASE_URL"].rstrip("/")


def personal_url(invitation: Invitation, suffix: str = "") -> str:
    """The delegate's own page (`suffix` e.g. "/join", "/calendar.ics"); the token is the only key."""
    return f"{base_url()}/i/{invitation.token}{suffix}"


def feed_key(event: Event) -> str:
    """The secret in the programme feed's address: calendar programs cannot sign in. Derived from SECRET_KEY,
    so changing that key is how a leaked feed address is revoked."""
    message = f"programme-feed:{event.id}:{event.slug}".encode()
    return hmac.new(current_app.config["SECRET_KEY"].encode(), message, hashlib.sha256).hexdigest()[:32]


def feed_url(event: Event) -> str:
    return f"{base_url()}/events/{event.slug}/programme.ics?key={feed_key(event)}"
