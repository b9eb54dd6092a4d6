"""What a delegate does on their personal page, as steps the RSVP tests share."""

from __future__ import annotations

import re
from email.message import EmailMessage
from typing import Any

from flask.testing import FlaskClient

from eventdesk.extensions import db
from eventdesk.models import Invitation

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = CSRF.search(html)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


def open_page(client: FlaskClient, invitation: Invitation, query: str = "") -> Any:
    return client.get(f"/i/{invitation.token}{query}")


def answer(client: FlaskClient, invitation: Invitation, choice: str, **details: str) -> Any:
    """Open the page, fill the form and send it, as a browser would."""
    page = open_page(client, invitation)
    response = client.post(f"/i/{invitation.token}",
                           data={"csrf_token": csrf_token(page.get_data(as_text=True)), "answer": choice, **details})
    db.session.expire_all()
    return response


def calendar_part(message: EmailMessage) -> Any:
    [part] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    return part
