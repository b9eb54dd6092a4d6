"""The attendance picture in words, in the page's language: the summaries as the post-event report names them,
and where each fact comes from."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from eventdesk.reports.labels import ATTENDANCE_LABELS as SUMMARIES

SOURCES = {"door_scan": _l("scanned at a door"), "manual_admission": _l("admitted by hand"),
           "join_link": _l("the personal join link")}


def summary(key: str) -> str:
    return str(SUMMARIES[key])


def source(name: str) -> str:
    """A fact's source; an imported report by its file name."""
    return str(SOURCES[name]) if name in SOURCES else _("report %(file)s", file=name)


def filter_choices(ended: bool) -> dict[str, str]:
    """The guest list's attendance filter; its last choice means no-shows once the event has ended."""
    return {"in_person": summary("in_person"), "online": summary("online"), "both": summary("both"),
            "no_show": summary("no_show" if ended else "not_yet")}
