"""The organisers' forms: one guest, an import upload and its confirmation, bulk actions, an answer override."""

from __future__ import annotations

import base64
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, EmailField, HiddenField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from eventdesk import countries
from eventdesk.guests.importer import COLUMNS
from eventdesk.models import Language, Mode, OnlineRoom, OrganisationKind, Role, Status
from eventdesk.rsvp.forms import INTERPRETER_CHOICES
from eventdesk.rsvp.service import DETAIL_LIMITS
from eventdesk.web import current_language

KIND_LABELS = {"government": _l("Government"), "trade_body": _l("Trade body"), "corporate": _l("Company"),
               "media": _l("Media"), "other": _l("Other")}
ROLE_LABELS = {"vip": _l("VIP"), "signatory": _l("Signatory"), "delegate": _l("Delegate"), "press": _l("Press"),
               "staff": _l("Staff"), "interpreter": _l("Interpreter")}
LANGUAGE_LABELS = {"en": "English", "zh": "中文", "ja": "日本語"}
MODE_LABELS = {"in_person": _l("In person"), "online": _l("Online"), "none": _l("No mode")}
# The guest list's filter on what delegates told us; the same keys as Invitation.details.
NEED_LABELS = {"dietary": _l("Dietary needs"), "accessibility": _l("Accessibility needs"),
               "interpreter": _l("Needs interpretation"), "note": _l("Has a note")}
STATUS_LABELS = {"invited": _l("No answer yet"), "accepted": _l("Accepted"), "declined": _l("Declined"),
                 "waiting": _l("Waiting list"), "withdrawn": _l("Withdrawn")}
BULK_ACTIONS = {"invite": _l("Send the invitation (to those not yet invited)"),
                "resend": _l("Send the invitation again"), "role": _l("Change the role"),
                "withdraw": _l("Withdraw the invitation")}


def _choices(labels: dict[str, Any], values: Any, blank: Any = None) -> list[SelectChoice]:
    listed = [SelectChoice(v.value, labels[v.value]) for v in values]
    return [SelectChoice("", blank), *listed] if blank is not None else listed


class GuestForm(FlaskForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = [SelectChoice("", "—"), *(SelectChoice(code, name) for code, name
                                                          in countries.choices(current_language()))]

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    family_name = StringField(_l("Family name (native script)"), validators=[Optional(), Length(max=100)])
    given_name = StringField(_l("Given name (native script)"), validators=[Optional(), Length(max=100)])
    family_name_latin = StringField(_l("Family name (Latin letters)"), validators=[Optional(), Length(max=100)])
    given_name_latin = StringField(_l("Given name (Latin letters)"), validators=[Optional(), Length(max=100)])
    family_name_reading = StringField(_l("Reading of the family name"), validators=[Optional(), Length(max=100)],
                                      description=_l("Yomigana or pinyin, e.g. あべ or Zhāng: found by search."))
    given_name_reading = StringField(_l("Reading of the given name"), validators=[Optional(), Length(max=100)])
    honorific = StringField(_l("Honorific"), validators=[Optional(), Length(max=50)])
    position = StringField(_l("Position"), validators=[Optional(), Length(max=200)])
    organisation = StringField(_l("Organisation"), validators=[DataRequired(), Length(max=300)])
    # No kind is assumed: a new organisation's kind is asked for (the service refuses it empty).
    organisation_kind = SelectField(_l("Kind of organisation"), validate_choice=True,
                                    choices=_choices(KIND_LABELS, OrganisationKind, _l("Choose…")))
    # Chosen by name in the page's language; the choices are filled in per request (__init__).
    country = SelectField(_l("Country"), choices=[], validate_choice=True)
    language = SelectField(_l("Language"), choices=_choices(LANGUAGE_LABELS, Language))
    role = SelectField(_l("Role"), choices=_choices(ROLE_LABELS, Role), default=Role.DELEGATE.value)
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=50)])
    mode = SelectField(_l("Proposed attendance"), choices=_choices(MODE_LABELS, Mode, "—"))
    dietary = StringField(_l("Dietary needs"), validators=[Optional(), Length(max=DETAIL_LIMITS["dietary"])])
    accessibility = StringField(_l("Accessibility needs"),
                                validators=[Optional(), Length(max=DETAIL_LIMITS["accessibility"])])
    # Checked as an import row's value is (a post without it leaves no interpretation).
    interpreter = SelectField(_l("Interpretation into"), choices=INTERPRETER_CHOICES, validate_choice=False)
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=DETAIL_LIMITS["note"])])
    meeting_url = StringField(_l("Personal meeting link"), validators=[Optional(), Length(max=500)],
                              description=_l("Where the platform issues one link per person; without it the guest "
                                             "joins through the room's or the event's link."))
    # The event's rooms are the choices (with_rooms); the service checks the room belongs to the event.
    room = SelectField(_l("Online room"), choices=[SelectChoice("", "—")], validate_choice=False)
    online_allowed = BooleanField(_l("May also follow online"),
                                  description=_l("A guest in the hall gets the join link too."))

    def with_rooms(self, rooms: list[OnlineRoom]) -> GuestForm:
        self.room.choices = [SelectChoice("", "—"), *(SelectChoice(str(room.id), room.name) for room in rooms)]
        return self

    def values(self) -> dict[str, Any]:
        """The form as an import row (the import's checks then apply), with the guest's online room and
        permission, which no file carries."""
        room = self.room.data or ""
        return {**{name: (getattr(self, name).data or None) for name in COLUMNS},
                "room_id": int(room) if room.isdigit() and len(room) < 10 else None,
                "online_allowed": bool(self.online_allowed.data)}


class ImportForm(FlaskForm):
    file = FileField(_l("Guest list file (CSV or XLSX)"),
                     validators=[FileRequired(), FileAllowed(["csv", "txt", "tsv", "xlsx", "xlsm"],
                                                             _l("Choose a CSV or XLSX file."))])


class ConfirmImportForm(FlaskForm):
    """The previewed file travels back with the confirmation (base64, in `content` fields of at most CHUNK
    characters: form fields have a size limit, files of 20 MB do not), so any worker on any host can write it."""

    CHUNK = 400_000
    filename = HiddenField(validators=[DataRequired(), Length(max=255)])

    @staticmethod
    def chunks(data: bytes) -> list[str]:
        encoded = base64.b64encode(data).decode()
        return [encoded[i:i + ConfirmImportForm.CHUNK] for i in range(0, len(encoded), ConfirmImportForm.CHUNK)]


class BulkForm(FlaskForm):
    action = SelectField(_l("Action"), choices=[SelectChoice(value, label) for value, label in BULK_ACTIONS.items()])
    role = SelectField(_l("New role"), choices=_choices(ROLE_LABELS, Role, "—"), validate_choice=True)


class OverrideForm(FlaskForm):
    status = SelectField(_l("Answer"), choices=[SelectChoice(s.value, STATUS_LABELS[s.value]) for s in Status
                                                if s != Status.WITHDRAWN])
    mode = SelectField(_l("Mode"), choices=_choices(MODE_LABELS, Mode, "—"))


class ConfirmForm(FlaskForm):
    """An empty form: its CSRF token is what a confirmation button posts."""
