"""Every e-mail to a delegate, in the delegate's language, with their calendar file attached. Each function
adds one message to the outbox in the caller's transaction and returns it; the caller commits."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from eventdesk.mail import outbox
from eventdesk.models import Event, Invitation, OutboxMessage, RegistrationRequest, utcnow
from eventdesk.rsvp import calendar, dates, labels, links, service


def queue_invitation(invitation: Invitation) -> OutboxMessage:
    """The invitation with the personal link; sets `invited_at`. Sending it again resends the same link."""
    invitation.invited_at = utcnow()
    return _queue("invitation", invitation, lambda title: _("Invitation: %(title)s", title=title))


def queue_confirmation(invitation: Invitation) -> OutboxMessage:
    return _queue("confirmation", invitation, lambda title: _("Your answer to %(title)s", title=title))


def queue_promotion(invitation: Invitation) -> OutboxMessage:
    return _queue("promotion", invitation, lambda title: _("A place in the hall is yours: %(title)s", title=title))


def queue_cancellation(invitation: Invitation) -> OutboxMessage:
    return _queue("cancellation", invitation, lambda title: _("Invitation withdrawn: %(title)s", title=title))


def queue_reminder(invitation: Invitation, last_call: bool = False) -> OutboxMessage:
    """A reminder to answer (not the invitation again); the last call says when answers close."""
    if last_call:
        return _queue("last_call", invitation, lambda title: _("Last call to answer: %(title)s", title=title))
    return _queue("reminder", invitation, lambda title: _("Reminder: %(title)s", title=title))


def queue_registration_rejected(request: RegistrationRequest) -> OutboxMessage:
    event = request.event
    with force_locale(request.language.value):
        title = event.title_in(request.language.value)
        context = {"event": event, "title": title, "organiser": _organiser(event), "name": request.display_name}
        return outbox.queue("registration_rejected", request.email,
                            _("Your request to attend %(title)s", title=title),
                            render_template("mail/registration_rejected.txt", **context),
                            html=render_template("mail/registration_rejected.html", **context), event=event)


def _queue(kind: str, invitation: Invitation, subject: Any) -> OutboxMessage:
    delegate, event = invitation.delegate, invitation.event
    language = delegate.language.value
    with force_locale(language):
        context = _context(invitation, language)
        ics = calendar.for_invitation(invitation)
        return outbox.queue(
            kind, delegate.email, subject(context["title"]),
            render_template(f"mail/{kind}.txt", **context),
            html=render_template(f"mail/{kind}.html", **context),
            attachments=[outbox.Attachment("invitation.ics", "text/calendar", ics.decode(),
                                           {"method": calendar.method(invitation)})],
            invitation=invitation, event=event)


def _context(invitation: Invitation, language: str) -> dict[str, Any]:
    delegate, event = invitation.delegate, invitation.event
    home = dates.home_zone(delegate, event)
    return {
        "invitation": invitation, "event": event, "delegate": delegate,
        "title": event.title_in(language),
        "when": dates.when(event, event.starts_at, event.ends_at),
        "home_when": dates.elsewhere(event, event.starts_at, event.ends_at, home) if home else None,
        "deadline": dates.instant(event, service.deadline(event)),
        "answer": labels.answer_key(invitation), "answer_label": labels.answer_label(invitation),
        "details": labels.details(invitation),
        "position": service.waiting_position(invitation),
        "online": calendar.attends_online(invitation),
        "venue": ", ".join(p for p in (event.venue_in(language), event.venue_address) if p),
        "organiser": _organiser(event),
        "page_url": links.personal_url(invitation),
        "join_url": links.personal_url(invitation, "/join"),
        "badge_pdf_url": links.personal_url(invitation, "/badge.pdf"),
        "badge_png_url": links.personal_url(invitation, "/badge.png"),
        "calendar_url": links.personal_url(invitation, "/calendar.ics"),
    }


def _organiser(event: Event) -> str:
    return " ".join(p for p in (event.organiser_name, f"<{event.organiser_email}>" if event.organiser_email
                                else None) if p)
