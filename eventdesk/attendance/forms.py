"""The organisers' forms for attendance reports: the upload, its confirmation, and the decisions on names."""

from __future__ import annotations

from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import HiddenField, IntegerField, SelectChoice, SelectField
from wtforms.validators import DataRequired, Length, Optional

from eventdesk.guests.forms import ConfirmImportForm

OUTCOME_LABELS = {"matched": _l("Matched"), "unmatched": _l("Unmatched"), "left_out": _l("Left out"),
                  "not_on_list": _l("Not on the list")}
HOW_LABELS = {"email": _l("by e-mail"), "name": _l("by name"), "phone": _l("by phone number"),
              "earlier_match": _l("as matched by hand before"), "by_hand": _l("by hand"),
              "earlier_decision": _l("as decided before"), "host": _l("host or co-host"),
              "staff": _l("organisers' staff"), "waiting_room": _l("in the waiting room")}
LAYOUT_LABELS = {"zoom_meeting": _l("Zoom meeting participants"),
                 "zoom_meeting_unique": _l("Zoom meeting participants (unique users)"),
                 "zoom_webinar": _l("Zoom webinar attendees"), "teams": _l("Microsoft Teams attendance"),
                 "teams_2021": _l("Microsoft Teams attendance (2021–22)"),
                 "teams_actions": _l("Microsoft Teams attendance list (joined / left)"),
                 "tencent": _l("Tencent Meeting members (details)"),
                 "tencent_summary": _l("Tencent Meeting members (overview)"), "other": _l("Participant list"),
                 "other_unique": _l("Participant list (totals)")}
ZONES = sorted(available_timezones())


class UploadForm(FlaskForm):
    file = FileField(_l("Attendance report (CSV or XLSX, as the platform exported it)"),
                     validators=[FileRequired(), FileAllowed(["csv", "txt", "tsv", "xlsx"],
                                                             _l("Choose a CSV or XLSX file."))])
    timezone = SelectField(_l("The report's times are in"), validators=[Optional()], validate_choice=True)
    room = SelectField(_l("Online room"), validators=[Optional()], validate_choice=True)

    def offer(self, event_timezone: str, rooms: list[str]) -> UploadForm:
        self.timezone.choices = [SelectChoice("", _l("The event's timezone (%(zone)s)", zone=event_timezone)),
                                 *(SelectChoice(zone) for zone in ZONES)]
        self.room.choices = [SelectChoice("", _l("The room of the report's platform, if the event has one")),
                             *(SelectChoice(name) for name in rooms)]
        return self


class ConfirmForm(ConfirmImportForm):
    timezone = HiddenField(validators=[Optional(), Length(max=64)])
    room = HiddenField(validators=[Optional(), Length(max=100)])


class NameForm(FlaskForm):
    """A decision about one name: which guest it is (`invitation_id`), or none of ours."""

    name = HiddenField(validators=[DataRequired(), Length(max=300)])
    invitation_id = IntegerField(validators=[Optional()])
