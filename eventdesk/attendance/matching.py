"""Who each report row is: the rules that decide, in order, and only when the answer is unambiguous.

1. Left out: waiting-room time, the meeting's hosts and co-hosts (the platform's role, the Zoom meeting
   block's host, `(Host)` after a name, Tencent's creator when no roles are given) and the organisers' own
   staff (staff accounts' e-mails, delegates with the role staff).
2. The e-mail address (case-insensitive).
3. The name, in any script and order: every part of the display name is tried (`New name (original name)`,
   `account (nickname)`, `【org】name`, `name_org`), folded like the guest list's search (eventdesk.names:
   full-width, case, spaces, kana, variant kanji) and without punctuation, against each guest's names in both
   orders. Parts that point at different guests, or a name two guests share, match nobody, unless an
   organisation named in the same display name tells the namesakes apart.
4. A dial-in's full phone number against the guests' phones.
5. The organisers' earlier decisions for the same name in this event: a match by hand (NameMatch), or
   "not on the list".
Anything else waits, unmatched, for an organiser: never a guess nobody saw.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select

from eventdesk.attendance.reports import ParsedReport, ReportRow
from eventdesk.attendance.reports.headers import key as label_key
from eventdesk.extensions import db
from eventdesk.models import (
    AttendanceReport,
    AttendanceReportRow,
    Delegate,
    Event,
    Invitation,
    NameMatch,
    Organisation,
    Role,
    RowOutcome,
    Staff,
)
from eventdesk.names import SEPARATOR, fold

HOST_ROLES = {label_key(r) for r in (
    "Host", "Co-host", "Alternative host", "Organizer", "Organiser", "Co-organizer", "Co-organiser", "主持人",
    "联席主持人", "创建者", "ホスト", "共同ホスト", "호스트", "공동 호스트", "Organisator", "Mitorganisator",
    "Organisateur", "Co-organisateur", "Organizzatore", "Co-organizzatore", "Organizador", "Coorganizador")}
BRACKETS = re.compile(r"[(\[【〔「『]([^()\[\]【】〔〕「」『』]*)[)\]】〕」』]")
PIECES = re.compile(r"[_|/｜／]")
TITLES = re.compile(r"^(?:mr|mrs|ms|miss|dr|prof|professor)\.?\s+|(?:先生|女士|小姐|さん|様|氏|님)$", re.IGNORECASE)
NOT_IN_KEY = re.compile(r"[\W_]+")
# NOT_IN_KEY, keeping the separator between a key's parts
KEY_PUNCTUATION = re.compile(rf"[^\w{re.escape(SEPARATOR)}]+|_+")


def name_key(text: str | None) -> str:
    """A name as matching compares it: the guest list's search folding, letters and digits only."""
    return NOT_IN_KEY.sub("", fold(text))


def name_parts(name: str) -> list[str]:
    """The candidate names in a display name: the whole, the text outside brackets, each bracketed part,
    and their pieces around `_ | /`, each also without a title (Mr, Dr, 先生, さん …)."""
    plain = unicodedata.normalize("NFKC", name)
    parts = [plain, BRACKETS.sub(" ", plain), *BRACKETS.findall(plain)]
    parts += [piece for part in parts for piece in PIECES.split(part)]
    parts += [TITLES.sub("", part.strip()) for part in parts]
    return list(dict.fromkeys(p.strip() for p in parts if p.strip()))


@dataclass(frozen=True)
class Decision:
    outcome: RowOutcome
    how: str | None = None  # email, name, phone, earlier_match, earlier_decision, host, staff, waiting_room
    invitation_id: int | None = None


class Directory:
    """The event's guest list and the organisers' decisions, as matching reads them: loaded once per import
    (a few queries and one pass, whatever the list's size)."""

    def __init__(self, event: Event) -> None:
        self.by_email: dict[str, int] = {}
        self.by_name: dict[str, set[int]] = defaultdict(set)
        self.by_phone: dict[str, set[int]] = defaultdict(set)
        self.organisation_of: dict[int, int] = {}
        invited = Invitation.event_id == event.id
        rows = db.session.execute(
            select(Invitation.id, Delegate.email, Delegate.search_key, Delegate.phone, Delegate.organisation_id)
            .join(Delegate, Delegate.id == Invitation.delegate_id).where(invited))
        for invitation_id, email, search_key, phone, organisation_id in rows:
            self.by_email[email.lower()] = invitation_id
            # The key's name forms without punctuation, in one substitution per guest. Its e-mail becomes a name
            # too (guest00001examplejp): a display name that is the guest's own address then matches them.
            for part in KEY_PUNCTUATION.sub("", search_key or "").split(SEPARATOR):
                if part:
                    self.by_name[part].add(invitation_id)
            if phone and (digits := _phone(phone)):
                self.by_phone[digits].add(invitation_id)
            self.organisation_of[invitation_id] = organisation_id
        self.organisations = {organisation_id: tuple(k for k in (name_key(name), name_key(latin)) if k)
                              for organisation_id, name, latin in db.session.execute(
                                  select(Organisation.id, Organisation.name, Organisation.name_latin))}
        self.staff_guests = set(db.session.scalars(
            select(Invitation.id).join(Delegate, Delegate.id == Invitation.delegate_id)
            .where(invited, Delegate.role == Role.STAFF)))
        self.staff_emails = {e.lower() for e in db.session.scalars(select(Staff.email))}
        self.remembered = dict(db.session.execute(
            select(NameMatch.name_key, NameMatch.invitation_id).where(NameMatch.event_id == event.id)).all())
        self.not_on_list = {name_key(n) for n in db.session.scalars(
            select(func.distinct(AttendanceReportRow.name))
            .join(AttendanceReport, AttendanceReport.id == AttendanceReportRow.report_id)
            .where(AttendanceReport.event_id == event.id, AttendanceReportRow.outcome == RowOutcome.NOT_ON_LIST,
                   AttendanceReportRow.how == "by_hand"))}

    def decide(self, row: ReportRow, report: ParsedReport) -> Decision:
        if row.waiting_room:
            return Decision(RowOutcome.LEFT_OUT, "waiting_room")
        parts = name_parts(row.name)
        if self._is_host(row, parts, report):
            return Decision(RowOutcome.LEFT_OUT, "host")
        if row.email and row.email in self.staff_emails:
            return Decision(RowOutcome.LEFT_OUT, "staff")
        found = self._by_email(row) or self._by_name(parts) or self._by_phone(row)
        if found is None and (remembered := self.remembered.get(name_key(row.name))) is not None:
            found = Decision(RowOutcome.MATCHED, "earlier_match", remembered)
        if found is None:
            if name_key(row.name) in self.not_on_list:
                return Decision(RowOutcome.NOT_ON_LIST, "earlier_decision")
            return Decision(RowOutcome.UNMATCHED)
        if found.invitation_id in self.staff_guests:
            return Decision(RowOutcome.LEFT_OUT, "staff", found.invitation_id)
        return found

    def _is_host(self, row: ReportRow, parts: list[str], report: ParsedReport) -> bool:
        if row.role and label_key(row.role) in HOST_ROLES:
            return True
        if row.email and row.email in report.host_emails:
            return True
        if any(label_key(p) in HOST_ROLES for p in BRACKETS.findall(unicodedata.normalize("NFKC", row.name))):
            return True
        hosts = {name_key(n) for n in report.host_names}
        return not row.email and any(name_key(p) in hosts for p in parts)

    def _by_email(self, row: ReportRow) -> Decision | None:
        invitation_id = self.by_email.get(row.email or "")
        return None if invitation_id is None else Decision(RowOutcome.MATCHED, "email", invitation_id)

    def _by_name(self, parts: list[str]) -> Decision | None:
        keys = [name_key(p) for p in parts]
        found: set[int] = set()
        for k in keys:
            found |= self.by_name.get(k, set())
        if len(found) > 1:  # namesakes, or parts naming different guests: an organisation may tell them apart
            others = [k for k in keys if len(k) > 1 and k not in self.by_name]
            found = {i for i in found if others and any(
                o in k or k in o for o in self.organisations.get(self.organisation_of[i], ()) for k in others)}
        return Decision(RowOutcome.MATCHED, "name", found.pop()) if len(found) == 1 else None

    def _by_phone(self, row: ReportRow) -> Decision | None:
        if re.search(r"[^\W\d_]", row.name):
            return None
        found = self.by_phone.get(_phone(row.name) or "", set())
        return Decision(RowOutcome.MATCHED, "phone", next(iter(found))) if len(found) == 1 else None


def _phone(text: str | None) -> str | None:
    """The last eight digits of a full phone number (a masked one, `138****0417`, is none)."""
    if not text or "*" in text:
        return None
    digits = re.sub(r"\D", "", text)
    return digits[-8:] if len(digits) >= 8 else None
