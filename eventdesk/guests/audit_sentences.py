"""The audit log read as sentences in the page's language: "Door staff Li undid the admission of 山田太郎.", with
only what changed beside it and every time in the entry's event's timezone. The log itself stays as recorded
(action codes and {field: [before, after]}); this is how people read it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select

from eventdesk.extensions import db
from eventdesk.guests import forms
from eventdesk.models import Agreement, AuditEntry, Delegate, Event, Invitation, Staff
from eventdesk.web import ROLE_LABELS, format_local

# Values of these fields are codes with words of their own.
VALUE_LABELS = {"role": forms.ROLE_LABELS, "status": forms.STATUS_LABELS, "mode": forms.MODE_LABELS,
                "proposed_mode": forms.MODE_LABELS, "kind": forms.KIND_LABELS, "organisation_kind": forms.KIND_LABELS}
FIELD_LABELS = {
    "email": _l("E-mail"), "family_name": _l("Family name (native script)"),
    "given_name": _l("Given name (native script)"),
    "family_name_latin": _l("Family name (Latin letters)"), "given_name_latin": _l("Given name (Latin letters)"),
    "family_name_reading": _l("Reading of the family name"), "given_name_reading": _l("Reading of the given name"),
    "honorific": _l("Honorific"), "position": _l("Position"), "organisation": _l("Organisation"),
    "phone": _l("Phone"), "language": _l("Language"), "role": _l("Role"), "status": _l("Answer"), "mode": _l("Mode"),
    "proposed_mode": _l("Proposed attendance"), "dietary": _l("Dietary needs"),
    "accessibility": _l("Accessibility needs"), "interpreter": _l("Interpretation into"), "note": _l("Note"),
    "door": _l("Door"), "serial": _l("Badge"),
}
HIDDEN = {"invitation_id", "undone", "admitted", "rows"}  # said by the sentence, or too long for a line


@dataclass
class Line:
    entry: AuditEntry
    event: Event | None
    sentence: str
    when: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (field, before, after): changed ones only


def lines(entries: list[tuple[AuditEntry, Staff | None, Event | None]]) -> list[Line]:
    guests = _guest_names(entries)
    agreements = _agreement_refs(entries)
    return [Line(entry, event, _sentence(entry, staff, event, guests, agreements), _when(entry, event),
                 _changes(entry, event)) for entry, staff, event in entries]


def _sentence(entry: AuditEntry, staff: Staff | None, event: Event | None, guests: dict[int, str],
              agreements: dict[int, str]) -> str:
    who = _("%(role)s %(name)s", role=ROLE_LABELS.get(staff.role, staff.role), name=staff.label) if staff else \
        _("The command line")
    changes = entry.changes or {}

    def after(name: str) -> Any:
        value = changes.get(name)
        return value[1] if isinstance(value, list) and len(value) == 2 else value

    guest_id = after("invitation_id") if entry.entity == "checkin" else _int(entry.entity_id)
    guest = guests.get(guest_id or 0) or (after("name") or after("email") or f"#{entry.entity_id}")
    count = after("invitations") or after("guests") or 0
    values = {"who": who, "guest": guest, "event": event.title_in(None) if event else "",
              "agreement": agreements.get(_int(entry.entity_id) or 0, f"#{entry.entity_id}")}
    sentences = {
        "guest.add": lambda: _("%(who)s added %(guest)s to the guest list.", **values),
        "guest.update": lambda: _("%(who)s changed the details of %(guest)s.", **values),
        "guests.import": lambda: _("%(who)s imported %(file)s: %(created)s added, %(updated)s changed, %(unchanged)s "
                                   "unchanged.", who=who, file=after("file"), created=after("created"),
                                   updated=after("updated"), unchanged=after("unchanged")),
        "invitations.send": lambda: ngettext("%(who)s sent %(num)s invitation.", "%(who)s sent %(num)s invitations.",
                                             count, who=who),
        "invitations.resend": lambda: _("%(who)s sent the invitation to %(guest)s again.", **values)
        if entry.entity == "invitation" else ngettext("%(who)s sent %(num)s invitation again.",
                                                      "%(who)s sent %(num)s invitations again.", count, who=who),
        "invitations.reminder": lambda: ngettext("%(who)s reminded %(num)s guest who had not answered.",
                                                 "%(who)s reminded %(num)s guests who had not answered.", count,
                                                 who=who),
        "invitations.last_call": lambda: ngettext("%(who)s sent the last call to %(num)s guest.",
                                                  "%(who)s sent the last call to %(num)s guests.", count, who=who),
        "invitation.answer": lambda: _("%(who)s recorded the answer of %(guest)s.", **values),
        "invitation.override": lambda: _("%(who)s set the answer of %(guest)s.", **values),
        "invitation.withdraw": lambda: _("%(who)s withdrew the invitation of %(guest)s.", **values),
        "checkin.undo": lambda: _("%(who)s undid the admission of %(guest)s.", **values),
        "checkin.admit_anyway": lambda: _("%(who)s admitted %(guest)s anyway, without an answer to attend in "
                                          "person.", **values),
        "signatory.present": lambda: _("%(who)s admitted %(guest)s at the signing table.", **values),
        "badge.reissue": lambda: _("%(who)s issued a new badge to %(guest)s.", **values),
        "badge.revoke": lambda: _("%(who)s withdrew the badge of %(guest)s.", **values),
        "event.create": lambda: _("%(who)s created the event %(event)s.", **values),
        "event.update": lambda: _("%(who)s changed the event %(event)s.", **values),
        "agreement.sign": lambda: _("%(who)s recorded the signing of agreement %(agreement)s.", **values),
        "agreement.postpone": lambda: _("%(who)s postponed agreement %(agreement)s.", **values),
        "agreement.withdraw": lambda: _("%(who)s withdrew agreement %(agreement)s.", **values),
        "agreement.reopen": lambda: _("%(who)s put agreement %(agreement)s back on the plan.", **values),
        "agreement.correct": lambda: _("%(who)s corrected agreement %(agreement)s.", **values),
        "agreement.move": lambda: _("%(who)s moved agreement %(agreement)s in the signing order.", **values),
    }
    sentence = sentences.get(entry.action)
    return sentence() if sentence else _("%(who)s: %(action)s", who=who, action=entry.action)


def _changes(entry: AuditEntry, event: Event | None) -> list[tuple[str, str, str]]:
    shown = []
    for name, change in (entry.changes or {}).items():
        if name in HIDDEN or not (isinstance(change, list) and len(change) == 2) or change[0] == change[1]:
            continue
        shown.append((str(FIELD_LABELS.get(name, name)), _value(name, change[0], event),
                      _value(name, change[1], event)))
    return shown


def _value(name: str, value: Any, event: Event | None) -> str:
    if value is None or value == "":
        return "—"
    if name in VALUE_LABELS and str(value) in VALUE_LABELS[name]:
        return str(VALUE_LABELS[name][str(value)])
    if isinstance(value, str) and event is not None and len(value) >= 19 and value[10:11] == "T":
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if moment.tzinfo is not None:
            return format_local(event, moment)
    if isinstance(value, list | dict):
        return ", ".join(str(v) for v in value) if isinstance(value, list) else str(len(value))
    return str(value)


def _when(entry: AuditEntry, event: Event | None) -> str:
    if event is not None:
        return format_local(event, entry.at)
    return entry.at.strftime("%Y-%m-%d %H:%M UTC")


def _guest_names(entries: list[tuple[AuditEntry, Staff | None, Event | None]]) -> dict[int, str]:
    ids = set()
    for entry, _staff, _event in entries:
        if entry.entity == "invitation":
            ids.add(_int(entry.entity_id))
        elif entry.entity == "checkin":
            change = (entry.changes or {}).get("invitation_id")
            ids.add(change[1] if isinstance(change, list) and len(change) == 2 else None)
    ids.discard(None)
    if not ids:
        return {}
    return {invitation_id: delegate.display_name for invitation_id, delegate in db.session.execute(
        select(Invitation.id, Delegate).join(Delegate, Delegate.id == Invitation.delegate_id)
        .where(Invitation.id.in_(ids)))}


def _agreement_refs(entries: list[tuple[AuditEntry, Staff | None, Event | None]]) -> dict[int, str]:
    ids = {_int(entry.entity_id) for entry, _staff, _event in entries if entry.entity == "agreement"} - {None}
    if not ids:
        return {}
    return {agreement_id: ref for agreement_id, ref in db.session.execute(
        select(Agreement.id, Agreement.ref).where(Agreement.id.in_(ids)))}


def _int(value: Any) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) < 12 else None
