"""The report as a CSV for Excel: one row per guest (not withdrawn) with the answer, where they were and what
they signed, so organisers filter and pivot one table; the totals are in the PDF, the page and the JSON.

UTF-8 with a byte order mark (Excel in China and Japan reads the names right), every cell people typed through
tabular.guard; times in the event's timezone as Excel reads them (2026-05-20 09:42).
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

from sqlalchemy import select

from eventdesk.extensions import db
from eventdesk.models import Delegate, Invitation, Organisation
from eventdesk.reports.service import Report
from eventdesk.tabular import guard


class Names:
    """A delegate's name columns, named as Delegate names them (its own properties, without an ORM object each)."""

    __slots__ = ("family_name", "given_name", "family_name_latin", "given_name_latin")
    native_name = Delegate.native_name
    latin_name = Delegate.latin_name

    def __init__(self, family_name: str | None, given_name: str | None, family_name_latin: str | None,
                 given_name_latin: str | None) -> None:
        self.family_name, self.given_name = family_name, given_name
        self.family_name_latin, self.given_name_latin = family_name_latin, given_name_latin


COLUMNS = ["name", "name_latin", "email", "organisation", "organisation_latin", "organisation_kind", "country",
           "role", "answer", "attendance", "in_hall_at", "door", "in_hall_source", "online_first_joined_at",
           "online_minutes", "online_rooms", "online_sources", "signed"]


def to_csv(report: Report) -> bytes:
    event = report.event
    signed: dict[int, list[str]] = {}
    for agreement in report.signing.signed:
        for party in agreement.parties:
            for signatory in party.signatories:
                signed.setdefault(signatory.delegate_id, []).append(agreement.ref)
    people = {row[0]: row for row in db.session.execute(
        select(Invitation.id, Delegate.family_name, Delegate.given_name, Delegate.family_name_latin,
               Delegate.given_name_latin, Delegate.email, Delegate.role, Organisation.name, Organisation.name_latin)
        .join(Delegate, Delegate.id == Invitation.delegate_id)
        .join(Organisation, Organisation.id == Delegate.organisation_id)
        .where(Invitation.event_id == event.id))}

    def local(instant: datetime | None) -> str:
        return "" if instant is None else event.local(instant).strftime("%Y-%m-%d %H:%M")

    rows = []
    for guest in report.guests:
        _id, *name, email, role, organisation, organisation_latin = people[guest.invitation_id]
        names, hall, online = Names(*name), guest.in_hall, guest.online
        # What people typed (names, organisations, doors, rooms, file names) is guarded; codes and times need not.
        rows.append([guard(names.native_name), guard(names.latin_name), guard(email), guard(organisation),
                     guard(organisation_latin or ""), guest.kind.value, guest.country, role.value, guest.answer,
                     guest.attendance or "", local(hall.at if hall else None), guard(hall.door or "") if hall else "",
                     hall.source if hall else "", local(online.first_joined_at if online else None),
                     online.minutes if online else "", guard("; ".join(online.rooms)) if online else "",
                     guard("; ".join(online.sources)) if online else "", " ".join(signed.get(guest.delegate_id, []))])
    rows.sort(key=lambda row: (row[3], str(row[1]).casefold(), row[0], row[2]))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return "\ufeff".encode() + out.getvalue().encode("utf-8")
