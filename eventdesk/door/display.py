"""How a check-in answer reads at the door, in the page's language: a colour, a headline, the guest, a reason.

The door page shows what this returns as it is, so every word a door shows is translated here, once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from babel.dates import format_skeleton, get_datetime_format
from flask_babel import get_locale, pgettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from eventdesk.guests.forms import KIND_LABELS, ROLE_LABELS, STATUS_LABELS
from eventdesk.models import Event, ScanResult, utcnow

TONES = {ScanResult.ADMITTED: "green", ScanResult.ALREADY_ADMITTED: "amber"}  # every other result is red
RED_REASONS = {
    ScanResult.REVOKED: _l("This badge was replaced or withdrawn. Ask for the new badge, or find the guest by name."),
    ScanResult.WRONG_EVENT: _l("This badge is for another event."),
    ScanResult.INVALID: _l("Not one of our badges: unreadable, or its signature does not verify."),
}
NOT_IN_PERSON = {
    "online": _l("This guest answered online, not in person."),
    "declined": _l("This guest declined the invitation."),
    "invited": _l("This guest has not answered the invitation."),
    "waiting": _l("This guest is on the waiting list."),
    "withdrawn": _l("This invitation was withdrawn."),
}


def clock(event: Event, instant: datetime | str | None, on: datetime | None = None) -> str:
    """A time as the door reads it, in the event's timezone and the page's language: hours and minutes, with the
    date when it is another day than `on` (now: the scan being shown), as on an event over several days."""
    if instant is None:
        return ""
    if isinstance(instant, str):
        instant = datetime.fromisoformat(instant)
    local, today = event.local(instant), event.local(on or utcnow())
    locale = str(get_locale() or "en")
    time = format_skeleton("Hm", local, tzinfo=event.tz, locale=locale)
    if local.date() == today.date():
        return time
    date = format_skeleton("MMMd" if local.year == today.year else "yMMMd", local, tzinfo=event.tz, locale=locale)
    # The locale's own way of joining a date and a time ("Mar 15, 09:42", "3月15日 09:42").
    return get_datetime_format("medium", locale=locale).replace("'", "").replace("{0}", time).replace("{1}", date)


def result_view(event: Event, answer: dict[str, Any]) -> dict[str, Any]:
    """The door's display of one answer of door.service (a scan or a manual admission)."""
    result = ScanResult(answer["result"])
    guest = answer.get("invitation") or {}
    view: dict[str, Any] = {"result": result.value, "tone": TONES.get(result, "red"), "reason": ""}
    if result == ScanResult.ADMITTED:
        view["headline"] = pgettext("door light", "Admitted")
    elif result == ScanResult.ALREADY_ADMITTED:
        view["headline"] = _("Already admitted at %(time)s, %(door)s",
                             time=clock(event, answer.get("first_admitted_at")),
                             door=answer.get("first_admitted_door") or _("unknown door"))
        view["reason"] = _("Check the person: a badge admits once.")
    else:
        view["headline"] = pgettext("door light", "Not admitted")
        if result == ScanResult.NOT_IN_PERSON:
            answered = "online" if guest.get("status") == "accepted" else guest.get("status", "invited")
            view["reason"] = str(NOT_IN_PERSON.get(answered, NOT_IN_PERSON["invited"]))
        else:
            view["reason"] = str(RED_REASONS[result])
    if guest:
        view["guest"] = guest_view(guest)
    return view


def guest_view(guest: dict[str, Any]) -> dict[str, Any]:
    """Name in the guest's own script and in Latin letters, organisation likewise, role in words."""
    latin = guest.get("name_latin") or ""
    organisation_latin = guest.get("organisation_latin") or ""
    return {"name": guest.get("name") or latin,
            "name_latin": latin if latin != guest.get("name") else "",
            "organisation": guest.get("organisation") or "",
            "organisation_latin": organisation_latin if organisation_latin != guest.get("organisation") else "",
            "role": str(ROLE_LABELS.get(guest.get("role") or "", guest.get("role") or ""))}


def status_label(status: str, mode: str | None) -> str:
    """An invitation's answer in words, as the manual lookup lists it."""
    if status == "accepted":
        return _("Accepted, in person") if mode == "in_person" else _("Accepted, online")
    return str(STATUS_LABELS.get(status, status))


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def offline_labels() -> dict[str, Any]:
    """Every word `result_view` and the lookup use, for the door page to show a decision it made offline exactly
    as it shows the server's: the same headlines, reasons and labels, in the page's language."""
    return {
        "admitted": pgettext("door light", "Admitted"), "not_admitted": pgettext("door light", "Not admitted"),
        "already": _("Already admitted at %(time)s, %(door)s", time="{time}", door="{door}"),
        "check_person": _("Check the person: a badge admits once."), "unknown_door": _("unknown door"),
        "reasons": {result.value: str(reason) for result, reason in RED_REASONS.items()},
        "not_in_person": {answer: str(reason) for answer, reason in NOT_IN_PERSON.items()},
        "roles": {role: str(label) for role, label in ROLE_LABELS.items()},
        "statuses": {"in_person": status_label("accepted", "in_person"), "online": status_label("accepted", "online"),
                     **{status: str(label) for status, label in STATUS_LABELS.items() if status != "accepted"}},
        "admitted_at": _("Admitted at %(time)s, %(door)s", time="{time}", door="{door}"),
    }
