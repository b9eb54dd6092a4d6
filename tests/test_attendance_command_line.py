"""Organisers import a platform's attendance report and match names by hand from the command line."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from eventdesk.attendance.tally import online_by_invitation
from eventdesk.extensions import db
from eventdesk.models import AttendanceReport, NameMatch, OnlineAttendance
from tests import attendance_files as files
from tests.attendance_files import Stay, clock
from tests.factories import make_delegate, make_event, make_invitation


def test_import_lists_the_unmatched_then_a_match_by_hand_is_remembered_for_the_next_report(app, runner,
                                                                                          tmp_path: Path):
    event = make_event()
    guest = make_invitation(event, make_delegate("佐藤 花子", "Hanako SATO", email="sato@example.jp"),
                            status="accepted", mode="online")
    first = tmp_path / "participants_1.csv"
    first.write_bytes(files.zoom_meeting([
        Stay("Protocol Office", "protocol@eventdesk.test", clock(event, 9, 0), clock(event, 12, 0)),
        Stay("Hanako's iPad", "", clock(event, 9, 30), clock(event, 10, 30))]))

    dry = runner.invoke(args=["attendance", "import", "ceremony", str(first), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "unmatched: line 6: Hanako's iPad, 60 min" in dry.output
    assert "0 matched, 1 left out, 1 unmatched (dry run: nothing written)" in dry.output
    assert db.session.scalar(select(func.count()).select_from(AttendanceReport)) == 0

    done = runner.invoke(args=["attendance", "import", "ceremony", str(first)])
    assert "Imported participants_1.csv (zoom_meeting, times in Asia/Shanghai): 0 matched, 1 left out, " \
           "1 unmatched" in done.output
    again = runner.invoke(args=["attendance", "import", "ceremony", str(first)])
    assert again.exit_code == 0 and "was imported before (same content): nothing changed" in again.output

    matched = runner.invoke(args=["attendance", "match", "ceremony", "Hanako's iPad", "SATO@example.jp"])
    assert matched.exit_code == 0, matched.output
    assert "60 minutes online in all" in matched.output
    assert db.session.scalar(select(func.count()).select_from(NameMatch)) == 1

    second = tmp_path / "participants_2.csv"
    second.write_bytes(files.zoom_meeting([Stay("Hanako's iPad", "", clock(event, 14, 0), clock(event, 14, 45))]))
    later = runner.invoke(args=["attendance", "import", "ceremony", str(second)])
    assert "1 matched, 0 left out, 0 unmatched" in later.output
    assert online_by_invitation(event.id)[guest.id].minutes == 105


def test_a_file_that_is_no_report_exits_1_and_writes_nothing(app, runner, tmp_path: Path):
    make_event()
    guest_list = tmp_path / "attendance_report.csv"
    guest_list.write_text("email,family_name,organisation\nzhao@example.cn,赵,四川省商务厅\n", encoding="utf-8")

    result = runner.invoke(args=["attendance", "import", "ceremony", str(guest_list)])

    assert result.exit_code == 1
    assert "no attendance report of Zoom, Microsoft Teams or Tencent Meeting" in result.output
    assert db.session.scalar(select(func.count()).select_from(AttendanceReport)) == 0
    assert db.session.scalar(select(func.count()).select_from(OnlineAttendance)) == 0
    assert runner.invoke(args=["attendance", "import", "ceremony", str(tmp_path / "missing.csv")]).exit_code == 1
    assert runner.invoke(args=["attendance", "import", "nowhere", str(guest_list)]).exit_code == 1
    assert runner.invoke(args=["attendance", "import", "ceremony", str(guest_list),
                               "--timezone", "Mars/Olympus"]).exit_code == 1


def test_match_refuses_an_unknown_guest_or_a_name_no_row_has(app, runner):
    make_event()

    assert runner.invoke(args=["attendance", "match", "ceremony", "Nobody", "nobody@example.cn"]).exit_code == 1
    make_invitation(make_event("other"), make_delegate(email="guest@example.cn"))
    result = runner.invoke(args=["attendance", "match", "other", "Nobody", "guest@example.cn"])
    assert result.exit_code == 1 and "No unmatched row" in result.output
