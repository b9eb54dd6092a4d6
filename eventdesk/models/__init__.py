"""The data model, one module per aggregate; importing this package registers every table."""

from eventdesk.models.agreement import (
    Agreement,
    AgreementDocument,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    Signatory,
    SigningEntry,
    SigningMode,
)
from eventdesk.models.attendance import (
    AttendanceReport,
    AttendanceReportRow,
    NameMatch,
    OnlineAttendance,
    OnlineRoom,
    RowOutcome,
)
from eventdesk.models.audit import AuditEntry
from eventdesk.models.badge import Badge
from eventdesk.models.base import Base, utcnow
from eventdesk.models.checkin import CheckIn, ScanResult
from eventdesk.models.event import Door, Event, ProgrammeItem
from eventdesk.models.invitation import Invitation, Mode, Status
from eventdesk.models.outbox import MailStatus, OutboxMessage
from eventdesk.models.people import Delegate, Language, Organisation, OrganisationKind, Role
from eventdesk.models.registration import RegistrationRequest, RequestStatus, ThrottleHit
from eventdesk.models.staff import ApiToken, Staff, StaffRole

__all__ = [
    "Agreement", "AgreementDocument", "AgreementKind", "AgreementParty", "AgreementStatus", "ApiToken",
    "AuditEntry", "Badge", "Base", "CheckIn", "Delegate", "Door", "Event", "Invitation", "Language",
    "MailStatus", "Mode", "OnlineAttendance", "Organisation", "OrganisationKind", "OutboxMessage",
    "ProgrammeItem", "Role", "ScanResult", "Signatory", "SigningEntry", "SigningMode", "Staff", "StaffRole",
    "Status", "utcnow",
    "RegistrationRequest", "RequestStatus", "ThrottleHit",
    "AttendanceReport", "AttendanceReportRow", "NameMatch", "OnlineRoom", "RowOutcome",
]
