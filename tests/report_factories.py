"""A ceremony whose day a test knows to the guest: who was invited, who came to the hall or followed online,
and what they signed."""

from __future__ import annotations

from datetime import timedelta

from time_machine import TimeMachineFixture

from eventdesk.extensions import db
from eventdesk.models import (
    AttendanceReport,
    AttendanceReportRow,
    Event,
    Invitation,
    OnlineAttendance,
    OrganisationKind,
    RowOutcome,
)
from eventdesk.signing import service as signing
from tests.factories import make_delegate, make_event, make_invitation, make_organisation
from tests.signing_factories import admit, jetro, make_agreement, sichuan


def admitted(invitation: Invitation, minutes: int, door: str) -> None:
    admit(invitation, door).scanned_at = invitation.event.starts_at + timedelta(minutes=minutes)
    db.session.commit()


def online(invitation: Invitation, *stretches: tuple[int, int | None], source: str = "report") -> None:
    """Stretches in minutes from the start: from an imported report, or a join through our link (no end)."""
    event = invitation.event
    report = AttendanceReport(event_id=event.id, layout="zoom_meeting", digest=f"{invitation.id}-{source}",
                              filename="participants.csv", timezone=event.timezone)
    for line, (start, end) in enumerate(stretches, start=2):
        row = None
        if source == "report":
            row = AttendanceReportRow(report=report, line=line, name="x", outcome=RowOutcome.MATCHED, how="email",
                                      invitation_id=invitation.id)
            db.session.add(row)
            db.session.flush()
        db.session.add(OnlineAttendance(
            invitation_id=invitation.id, source=source, report_row_id=row.id if row else None,
            joined_at=event.starts_at + timedelta(minutes=start),
            left_at=None if end is None else event.starts_at + timedelta(minutes=end)))
    db.session.commit()


def ceremony(time_machine: TimeMachineFixture) -> Event:
    """Ten guests whose day the test knows: who came, where, when, and what two of them signed; the clock ends
    the morning after."""
    event = make_event(exchange_rates={"JPY": "0.0482"})
    korea = make_organisation("한국무역상사", name_latin="Hanguk Trading", kind=OrganisationKind.CORPORATE,
                              country="KR")
    press = make_organisation("+Plus Media", name_latin="+Plus Media", kind=OrganisationKind.MEDIA, country=None)

    def guest(name: str, latin: str, organisation, status: str = "accepted", mode: str | None = "in_person",
              language: str = "zh") -> Invitation:
        return make_invitation(event, make_delegate(name, latin, language=language, organisation=organisation),
                               status=status, mode=mode)

    wang = guest("王 伟", "Wei WANG", sichuan())
    sato = guest("佐藤 花子", "Hanako SATO", jetro(), language="ja")
    suzuki = guest("鈴木 一郎", "Ichiro SUZUKI", jetro(), mode="online", language="ja")
    guest("李 娜", "Na LI", sichuan(), mode="online")  # accepted online, never joined
    guest("김 민준", "Minjun KIM", korea, language="en")  # accepted in person, never came
    guest("张 强", "Qiang ZHANG", sichuan(), status="declined", mode=None)
    guest("田中 健", "Ken TANAKA", jetro(), status="invited", mode=None, language="ja")
    guest("박 서연", "Seoyeon PARK", korea, status="waiting", language="en")
    guest("Emma", "Emma BROWN", press, status="withdrawn", mode=None, language="en")
    olivia = guest("Olivia", "Olivia GRANT", press, status="declined", mode=None, language="en")

    admitted(wang, -20, "North")
    admitted(sato, -5, "VIP")
    online(sato, (200, None), source="link")  # followed the afternoon from her hotel
    online(suzuki, (0, 45), (50, 80))
    online(olivia, (10, 40))  # declined, watched anyway
    first = make_agreement(event, "CJ-01", titles={"zh": "新能源电池工厂项目", "ja": "EV電池工場"},
                           signatories=[(wang.delegate, False), (sato.delegate, False)])
    second = make_agreement(event, "CJ-02", amount="5000000000", currency="JPY", title="Robotics joint venture",
                            signatories=[(wang.delegate, False), (suzuki.delegate, True)])
    make_agreement(event, "CJ-03", amount="1000000", currency="EUR")  # planned, never signed
    time_machine.move_to(event.starts_at + timedelta(minutes=100), tick=False)  # signed as it happened
    signing.sign(first, "in_person", signed_at=event.starts_at + timedelta(minutes=80))
    signing.sign(second, "remote", signed_at=event.starts_at + timedelta(minutes=95))
    time_machine.move_to(event.ends_at + timedelta(hours=16), tick=False)
    return event
