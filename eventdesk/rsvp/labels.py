"""Words for answers and languages, shared by the page, the e-mails and the calendar files."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from eventdesk.models import Invitation, Mode, RegistrationRequest, Status

ANSWERS = {
    "invited": _l("No answer yet"),
    "in_person": _l("Attending in person"),
    "online": _l("Attending online"),
    "declined": _l("Not attending"),
    "waiting": _l("On the waiting list for a place in the hall"),
    "withdrawn": _l("Invitation withdrawn"),
}
LANGUAGES = {"zh": _l("Chinese"), "ja": _l("Japanese"), "en": _l("English")}


def answer_key(invitation: Invitation) -> str:
    if invitation.status == Status.ACCEPTED:
        return "in_person" if invitation.mode == Mode.IN_PERSON else "online"
    return invitation.status.value


def answer_label(invitation: Invitation) -> str:
    return str(ANSWERS[answer_key(invitation)])


DETAILS = {"dietary": _l("Dietary needs"), "accessibility": _l("Accessibility needs"),
           "interpreter": _l("Interpretation into"), "note": _l("Note")}


def details(holder: Invitation | RegistrationRequest) -> list[tuple[str, str]]:
    """The details a delegate gave, as (label, value) in the current language."""
    given = holder.details or {}
    return [(str(label), str(LANGUAGES.get(given[key], given[key])) if key == "interpreter" else given[key])
            for key, label in DETAILS.items() if given.get(key)]
