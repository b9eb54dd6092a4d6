"""Reading a guest list file into checked rows, or into every problem it has as `line N, column C: message`
(in the page's language; English on the command line).

Nothing here touches the database: service.import_guests compares the rows with what is stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from eventdesk import countries
from eventdesk.attendance.rooms import is_link
from eventdesk.models import Language, Mode, OrganisationKind, Role
from eventdesk.names import FORMULA_GUARD, NotText, clean_text, normalise
from eventdesk.rsvp.service import DETAIL_LIMITS, INTERPRETER_LANGUAGES
from eventdesk.tabular import Problem, Table

# What the delegate told us (Invitation.details), as free text except the interpretation language.
DETAIL_COLUMNS = ("dietary", "accessibility", "interpreter", "note")
COLUMNS = ("email", "family_name", "given_name", "family_name_latin", "given_name_latin", "family_name_reading",
           "given_name_reading", "honorific", "position", "organisation", "organisation_kind", "country", "language",
           "role", "phone", "mode", *DETAIL_COLUMNS, "meeting_url")
# What an export adds after the import columns; an import recognises and ignores them.
EXPORT_ONLY = ("status", "checked_in_at", "checked_in_door", "online_joined_at", "online_minutes", "rsvp_url",
               "attendance")
LENGTHS = {"email": 254, "family_name": 100, "given_name": 100, "family_name_latin": 100, "given_name_latin": 100,
           "family_name_reading": 100, "given_name_reading": 100,
           "honorific": 50, "position": 200, "organisation": 300, "phone": 50, "meeting_url": 500, **DETAIL_LIMITS}
CHOICES: dict[str, tuple[str, ...]] = {
    "organisation_kind": tuple(k.value for k in OrganisationKind), "language": tuple(x.value for x in Language),
    "role": tuple(r.value for r in Role), "mode": tuple(m.value for m in Mode), "interpreter": INTERPRETER_LANGUAGES}
UNKNOWN = {"organisation_kind": _l("unknown organisation kind %(value)s (one of: %(choices)s)"),
           "language": _l("unknown language %(value)s (one of: %(choices)s)"),
           "role": _l("unknown role %(value)s (one of: %(choices)s)"),
           "mode": _l("unknown mode %(value)s (one of: %(choices)s)"),
           "interpreter": _l("unknown interpretation language %(value)s (one of: %(choices)s)")}
# Stricter than RFC 5321, so whatever it accepts is valid; anything else goes to email_validator to decide.
PLAIN_ADDRESS = re.compile(r"^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                           r"@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


@dataclass
class GuestRow:
    """One checked row: the values of the columns the file has (absent columns leave stored values alone)."""

    line: int
    email: str
    values: dict[str, str | None] = field(default_factory=dict)


@dataclass
class Parsed:
    rows: list[GuestRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def parse(table: Table) -> Parsed:
    parsed = Parsed()
    columns = _columns(table, parsed.problems)
    if parsed.problems:
        return parsed
    header = {name: table.header[index] for name, index in columns.items()}
    seen: dict[str, int] = {}
    organisations: dict[tuple[str, str], tuple[int, str]] = {}
    for line, cells in table.rows:
        values: dict[str, str | None] = {}
        problems: list[tuple[int, Problem]] = []  # by column position, so they read in the file's order

        def problem(column: str, message: str, line: int = line,
                    problems: list[tuple[int, Problem]] = problems) -> None:
            problems.append((columns[column], Problem(line, header[column], message)))

        for name, index in columns.items():
            cell = cells[index] if index < len(cells) else ""
            try:
                value = free_text(name, cell) if name in DETAIL_COLUMNS else normalise(cell)
            except NotText as e:
                problem(name, _("contains a control character (%(code)s)", code=e.code_point))
                value = clean_text(cell)  # checked further without it, so the column's problem is said once
            if name in LENGTHS and len(value) > LENGTHS[name]:
                problem(name, _("too long (at most %(count)s characters)", count=LENGTHS[name]))
            values[name] = value or None
        email = (values.get("email") or "").lower()
        if not email:
            problem("email", _("missing required value"))
        elif not valid_email(email):
            problem("email", _("not a valid e-mail address: %(value)s", value=values["email"]))
        elif email in seen:
            problem("email", _("the same e-mail as line %(line)s", line=seen[email]))
        else:
            seen[email] = line
        values["email"] = email
        if not values.get("organisation"):
            problem("organisation", _("missing required value"))
        if not values.get("family_name") and not values.get("family_name_latin"):
            name = "family_name" if "family_name" in columns else "family_name_latin"
            problem(name, _("missing required value (give family_name or family_name_latin)"))
        for name, choices in CHOICES.items():
            if values.get(name):
                chosen = values[name].lower()  # type: ignore[union-attr]
                if chosen not in choices:
                    problem(name, UNKNOWN[name] % {"value": repr(values[name]), "choices": ", ".join(choices)})
                values[name] = chosen
        if values.get("country"):
            code = values["country"].upper()  # type: ignore[union-attr]
            if code not in countries.CODES:
                problem("country", _("unknown country %(value)s (an ISO 3166-1 alpha-2 code, e.g. CN, JP)",
                                     value=repr(values["country"])))
            values["country"] = code
        if values.get("meeting_url") and not is_link(values["meeting_url"] or ""):
            problem("meeting_url", _("not a web address starting with https://: %(value)s",
                                     value=values["meeting_url"]))
        if values.get("organisation") and not problems:
            _same_organisation(values, line, organisations, problem)
        if problems:
            parsed.problems.extend(message for _position, message in sorted(problems, key=lambda p: p[0]))
        else:
            parsed.rows.append(GuestRow(line=line, email=email, values=values))
    if not table.rows:
        parsed.problems.append(Problem(2, None, _("the file has a header but no guests")))
    return parsed


def free_text(column: str, cell: str) -> str:
    """A detail as the delegate's page keeps it: a note keeps its lines, the others become one line; the
    apostrophe an export put before a formula-like start comes off, as for names."""
    text = clean_text(cell[1:] if cell.startswith(FORMULA_GUARD) else cell)
    return text if column == "note" else " ".join(text.split())


def _columns(table: Table, problems: list[Problem]) -> dict[str, int]:
    """Known columns by name → index; problems for unknown, repeated and missing ones."""
    columns: dict[str, int] = {}
    for index, written in enumerate(table.header):
        name = written.casefold()
        if not written:
            if any(index < len(cells) and cells[index] for _line, cells in table.rows):
                problems.append(Problem(1, index + 1, _("a column without a name")))
        elif name in columns:
            problems.append(Problem(1, written, _("the column appears twice")))
        elif name in COLUMNS:
            columns[name] = index
        elif name not in EXPORT_ONLY:
            problems.append(Problem(1, written, _("unknown column (the columns are: %(columns)s)",
                                                  columns=", ".join(COLUMNS))))
    for required in ("email", "organisation"):
        if required not in columns:
            problems.append(Problem(1, required, _("the required column is missing")))
    if "family_name" not in columns and "family_name_latin" not in columns:
        problems.append(Problem(1, "family_name", _("the file needs family_name or family_name_latin")))
    return columns


def _same_organisation(values: dict[str, str | None], line: int, organisations: dict[tuple[str, str], tuple[int, str]],
                       problem: Callable[[str, str], None]) -> None:
    """Rows naming one organisation must not disagree about its kind or country."""
    for column in ("organisation_kind", "country"):
        given = values.get(column)
        if given is not None:
            first_line, first = organisations.setdefault((values["organisation"] or "", column), (line, given))
            if first != given:
                problem(column, _("%(value)s differs from line %(line)s (%(first)s) for the same organisation",
                                  value=repr(given), line=first_line, first=repr(first)))


def valid_email(address: str) -> bool:
    if PLAIN_ADDRESS.match(address):
        return True
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True
