"""The report's words, in the reader's language: every format (page, text, PDF) names things the same way."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext, pgettext

from eventdesk import countries
from eventdesk.guests.forms import KIND_LABELS

ANSWER_LABELS = {"in_person": _l("Accepted, in person"), "online": _l("Accepted, online"),
                 "declined": _l("Declined"), "waiting": _l("Waiting list"), "no_answer": _l("No answer yet")}
# In the context "report", so the attendance words never meet the same English elsewhere ("In the hall only" is
# a programme item not streamed).
ATTENDANCE_LABELS = {"in_person": lazy_pgettext("report", "In the hall"),
                     "online": lazy_pgettext("report", "Online only"),
                     "both": lazy_pgettext("report", "In the hall and online"),
                     "no_show": lazy_pgettext("report", "No-show"),
                     "not_yet": lazy_pgettext("report", "Not seen yet")}


def attended() -> str:
    return pgettext("report", "Attended")


def attendance() -> str:
    return pgettext("report", "Attendance")


def kind(key: str) -> str:
    return str(KIND_LABELS.get(key, key))


def country(code: str, language: str) -> str:
    return countries.name(code, language) if code else _("Not given")
