"""The guest list as a file: the import columns (the delegate's details among them), then the answer,
check-in, online attendance, the personal link and the attendance picture's summary. An export imports back
unchanged (the import ignores the columns it does not own)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from flask import current_app
from sqlalchemy import select

from eventdesk.attendance import picture
from eventdesk.extensions import db
from eventdesk.guests.importer import COLUMNS, DETAIL_COLUMNS, EXPORT_ONLY
from eventdesk.models import Delegate, Event, Invitation, Organisation
from eventdesk.tabular import guard

HEADER = (*COLUMNS, *EXPORT_ONLY)


def rows(event: Event) -> Iterator[list[Any]]:
    """One list per invitation, in HEADER's order, sorted by organisation then name: one query for the guests,
    and the attendance picture (admissions, online time and its summary) for the whole event."""
    query = (select(Invitation.id, Invitation.token, Invitation.status, Invitation.proposed_mode, Delegate.email,
                    Delegate.family_name, Delegate.given_name, Delegate.family_name_latin, Delegate.given_name_latin,
                    Delegate.family_name_reading, Delegate.given_name_reading, Delegate.honorific, Delegate.position,
                    Organisation.name, Organisation.kind, Organisation.country, Delegate.language, Delegate.role,
                    Delegate.phone, Invitation.details, Invitation.meeting_url)
             .join(Delegate, Delegate.id == Invitation.delegate_id)
             .join(Organisation, Organisation.id == Delegate.organisation_id)
             .where(Invitation.event_id == event.id)
             .order_by(Organisation.name, Delegate.family_name_latin, Delegate.family_name, Delegate.email))
    found = picture.picture(event)
    base = current_app.config["BASE_URL"].rstrip("/")
    tz = event.tz
    for (invitation_id, token, status, mode, email, *names, organisation, kind, country, language, role, phone,
         details, meeting_url) in db.session.execute(query):
        attendance = found.of(invitation_id)
        hall, online = attendance.in_hall, attendance.online
        # names: family, given and their Latin forms and readings, honorific, position (COLUMNS' order)
        yield [email, *names, organisation, _v(kind), country, _v(language), _v(role), phone, _v(mode),
               *((details or {}).get(name) for name in DETAIL_COLUMNS), meeting_url, _v(status),
               _time(hall.at if hall else None, tz), hall.door if hall else None,
               _time(online.first_joined_at if online else None, tz), online.minutes if online else None,
               f"{base}/i/{token}", attendance.summary.value]


def _v(value: Any) -> str | None:
    return None if value is None else getattr(value, "value", value)


def _time(instant: Any, tz: Any) -> str | None:
    return None if instant is None else instant.astimezone(tz).isoformat(timespec="seconds")


def to_csv(event: Event) -> bytes:
    """UTF-8 with a byte order mark, so Excel in China and Japan opens the CJK names correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows(event):
        writer.writerow(["" if v is None else guard(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(event: Event) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("guests")
    sheet.append(HEADER)
    for row in rows(event):
        for index, value in enumerate(row):
            if isinstance(value, str):
                # XLSX cannot hold control characters; entrances refuse them, but older data may have some.
                row[index] = guard(ILLEGAL_CHARACTERS_RE.sub("", value))
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export(event: Event, format: str) -> tuple[bytes, str, str]:
    """The file's bytes, its MIME type and a file name."""
    if format == "xlsx":
        return (to_xlsx(event), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                f"{event.slug}-guests.xlsx")
    return to_csv(event), "text/csv; charset=utf-8", f"{event.slug}-guests.csv"
