"""The signing pages' forms. Field names match the import's columns, so the same checks name the same fields."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, Optional

from eventdesk.models import AgreementKind, SigningMode
from eventdesk.signing.labels import AGREEMENT_KINDS, MODES

MODE_CHOICES = [SelectChoice(mode.value, MODES[mode]) for mode in SigningMode]


class SignForm(FlaskForm):
    # Two buttons named `mode` carry the value: one tap records the signing.
    mode = StringField(validators=[AnyOf([m.value for m in SigningMode])])
    signed_at = StringField(_l("Signed at (if not now)"), validators=[Optional()],
                            render_kw={"type": "datetime-local", "step": "1"})


class CorrectForm(FlaskForm):
    signed_at = StringField(_l("Signing time"), validators=[Optional()],
                            render_kw={"type": "datetime-local", "step": "1"})
    mode = SelectField(_l("Mode"), choices=MODE_CHOICES)
    note = StringField(_l("Why (kept in the ledger)"), validators=[Optional()], render_kw={"maxlength": 500})


class StatusForm(FlaskForm):
    action = StringField(validators=[AnyOf(["postpone", "withdraw", "reopen"])])
    note = StringField(_l("Note (kept in the ledger)"), validators=[Optional()], render_kw={"maxlength": 500})


class MoveForm(FlaskForm):
    direction = StringField(validators=[AnyOf(["up", "down"])])


class PresentForm(FlaskForm):
    """The clerk marks a signatory the door never scanned as present at the table."""

    note = StringField(_l("Note (kept with the admission)"), validators=[Optional()], render_kw={"maxlength": 300})


class AgreementForm(FlaskForm):
    ref = StringField(_l("Reference number"), render_kw={"maxlength": 40, "autocomplete": "off"})
    title = StringField(_l("Title"), render_kw={"maxlength": 300})
    title_zh = StringField(_l("Title in Chinese"), render_kw={"maxlength": 300, "lang": "zh"})
    title_ja = StringField(_l("Title in Japanese"), render_kw={"maxlength": 300, "lang": "ja"})
    title_en = StringField(_l("Title in English"), render_kw={"maxlength": 300, "lang": "en"})
    summary = TextAreaField(_l("Summary"), render_kw={"maxlength": 5000})
    kind = SelectField(_l("Kind"), choices=[SelectChoice(k.value, AGREEMENT_KINDS[k]) for k in AgreementKind],
                       default=AgreementKind.COOPERATION.value)
    amount = StringField(_l("Amount"), render_kw={"inputmode": "decimal", "placeholder": "1250000000.00"})
    currency = StringField(_l("Currency"), default="CNY", render_kw={"maxlength": 3, "size": 4})
    position = IntegerField(_l("Position in the running order"), validators=[Optional()],
                            render_kw={"min": 1, "inputmode": "numeric"})
    parties = TextAreaField(_l("Parties"), render_kw={"rows": 3})
    signatories = TextAreaField(_l("Signatories in the hall (e-mail addresses)"), render_kw={"rows": 2})
    remote_signatories = TextAreaField(_l("Signatories by video (e-mail addresses)"), render_kw={"rows": 2})


class ImportForm(FlaskForm):
    file = FileField(_l("CSV or XLSX file"), render_kw={"accept": ".csv,.xlsx,text/csv"},
                     validators=[FileAllowed(["csv", "tsv", "txt", "xlsx", "xlsm"], _l("Choose a CSV or XLSX file."))])
    upload = HiddenField()  # set on the preview page: the checked file, kept until it is imported


class DocumentForm(FlaskForm):
    file = FileField(_l("Scan of the signed document (PDF, PNG, JPEG or WebP)"), validators=[FileRequired()],
                     render_kw={"accept": "application/pdf,image/png,image/jpeg,image/webp"})


class RatesForm(FlaskForm):
    """Exchange rates are read from fields named rate_<CODE>; the form carries the CSRF token."""
