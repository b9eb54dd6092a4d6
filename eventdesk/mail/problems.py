"""What a mail problem means, in the page's language. The outbox keeps the mail server's own words (last_error,
for whoever runs the server); organisers read this explanation first and those words beside it."""

from __future__ import annotations

import re

from flask_babel import gettext as _

REPLY = re.compile(r"^(\d)\d\d\b")  # "451 4.3.0 try again later": the server answered with a reply code
LOGIN_CODES = ("530", "534", "535", "538")  # authentication required or refused


def kind_of(reason: str | None) -> str:
    """unreachable, login, later, refused, unconfirmed or other."""
    reason = reason or ""
    if reason.startswith("the sender stopped while the mail server was receiving"):
        return "unconfirmed"
    if reason.startswith(LOGIN_CODES):
        return "login"
    reply = REPLY.match(reason)
    if reply:
        return "later" if reply.group(1) == "4" else "refused"
    return "unreachable" if reason else "other"  # a connection error: no reply code, the exception's name


def explain(reason: str | None) -> str:
    return {
        "unreachable": _("The mail server cannot be reached, so nothing was sent: the mail waits in the outbox. "
                         "Check the mail settings, or try again in a moment."),
        "login": _("The mail server refused our sign-in: check the mail account in the settings."),
        "later": _("The mail server asked us to try again later; the mail waits in the outbox."),
        "refused": _("The mail server refused this address: check it with the guest."),
        "unconfirmed": _("Sending was interrupted while the mail server received this mail, so it may have arrived. "
                         "Check with the guest before sending it again."),
        "other": _("The mail could not be sent."),
    }[kind_of(reason)]
