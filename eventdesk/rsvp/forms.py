"""The delegate's answer form and the open registration form; the limits mirror service.DETAIL_LIMITS."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError

from eventdesk.i18n import LANGUAGE_NAMES
from eventdesk.rsvp import labels

INTERPRETER_CHOICES = [SelectChoice("", _l("No interpretation needed"))] + [
    SelectChoice(code, name) for code, name in labels.LANGUAGES.items()]


class DetailsForm(FlaskForm):
    dietary = StringField(_l("Dietary needs"), validators=[Optional(), Length(max=200)],
                          description=_l("For example vegetarian, halal, or an allergy."))
    accessibility = StringField(_l("Accessibility needs"), validators=[Optional(), Length(max=300)],
                                description=_l("For example step-free access or a seat near the exit."))
    interpreter = SelectField(_l("Interpretation into"), choices=INTERPRETER_CHOICES, validators=[Optional()])
    note = TextAreaField(_l("A note for the organisers"), validators=[Optional(), Length(max=1000)])

    def details(self) -> dict[str, Any]:
        return {name: getattr(self, name).data for name in ("dietary", "accessibility", "interpreter", "note")}


class AnswerForm(DetailsForm):
    answer = RadioField(_l("Your answer"), choices=[SelectChoice("in_person", _l("In person")),
                                                    SelectChoice("online", _l("Online")),
                                                    SelectChoice("decline", _l("I cannot attend"))],
                        validators=[InputRequired(message=_l("Please choose one of the answers."))])


class RegistrationForm(DetailsForm):
    email = EmailField(_l("E-mail"), validators=[InputRequired(), Email(), Length(max=254)],
                       render_kw={"autocomplete": "email"})
    family_name = StringField(_l("Family name"), validators=[Length(max=100)],  # checked with the Latin one
                              description=_l("In your own script, e.g. 山田 or 张."),
                              render_kw={"autocomplete": "family-name"})
    given_name = StringField(_l("Given name"), validators=[Optional(), Length(max=100)],
                             render_kw={"autocomplete": "given-name"})
    family_name_latin = StringField(_l("Family name in Latin letters"), validators=[Optional(), Length(max=100)])
    given_name_latin = StringField(_l("Given name in Latin letters"), validators=[Optional(), Length(max=100)])
    organisation = StringField(_l("Organisation"), validators=[InputRequired(), Length(max=300)],
                               render_kw={"autocomplete": "organization"})
    position = StringField(_l("Position"), validators=[Optional(), Length(max=200)],
                           render_kw={"autocomplete": "organization-title"})
    language = SelectField(_l("Language for our e-mails"),
                           choices=[SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()])
    answer = RadioField(_l("You would like to attend"), choices=[SelectChoice("in_person", _l("In person")),
                                                                  SelectChoice("online", _l("Online"))],
                        validators=[InputRequired(message=_l("Please choose one of the answers."))])
    # Hidden from people (and from screen readers); bots that fill every field fill this one too.
    website = StringField(_l("Leave this field empty"), render_kw={"autocomplete": "off", "tabindex": "-1"})

    def validate_family_name(self, field: Any) -> None:
        if not (field.data or "").strip() and not (self.family_name_latin.data or "").strip():
            raise ValidationError(_l("Please give your family name, in your own script or in Latin letters."))

    def request(self) -> dict[str, Any]:
        names = ("email", "family_name", "given_name", "family_name_latin", "given_name_latin", "organisation",
                 "position", "language")
        return {**{name: getattr(self, name).data for name in names}, "mode": self.answer.data,
                "details": self.details()}
