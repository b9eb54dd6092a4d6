"""Organisers upload a platform's report on its page, check the preview, confirm, and decide the names no rule
could match; any bad upload is answered with a message and writes nothing."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from sqlalchemy import func, select

from eventdesk.attendance.tally import online_by_invitation
from eventdesk.extensions import db
from eventdesk.models import AttendanceReport, AttendanceReportRow, NameMatch, OnlineAttendance, RowOutcome
from tests import attendance_files as files
from tests.attendance_files import Stay, clock
from tests.factories import make_delegate, make_event, make_invitation, make_organisation

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def token(client, path: str = "/events/ceremony/attendance/import") -> str:
    return TOKEN.search(client.get(path).text).group(1)


def upload(client, data: bytes, filename: str, **fields):
    return client.post("/events/ceremony/attendance/import", data={
        "csrf_token": token(client), "file": (io.BytesIO(data), filename), **fields},
        content_type="multipart/form-data")


def written() -> tuple[int, int]:
    return (db.session.scalar(select(func.count()).select_from(AttendanceReport)),
            db.session.scalar(select(func.count()).select_from(OnlineAttendance)))


@pytest.fixture
def teams_report(app):
    event = make_event()
    sichuan, chengdu = make_organisation("四川省商务厅"), make_organisation("成都市贸促会", name_latin="Chengdu CCPIT")
    zhang = make_invitation(event, make_delegate("张 伟", "Wei ZHANG", email="zhang.wei@example.cn",
                                                 organisation=sichuan), status="accepted", mode="online")
    wang = make_invitation(event, make_delegate("王 芳", "Fang WANG", email="wang@example.cn", organisation=sichuan))
    make_invitation(event, make_delegate("王 芳", "Fang WANG", email="fang@example.cn", organisation=chengdu))
    data = files.teams([Stay("Protocol Office", "protocol@eventdesk.test", clock(event, 9, 0), clock(event, 12, 0),
                             role="Organizer"),
                        Stay("Wei ZHANG", "zhang.wei@example.cn", clock(event, 9, 30), clock(event, 10, 30)),
                        Stay("王芳", "", clock(event, 9, 30), clock(event, 10, 10)),
                        Stay("王芳", "", clock(event, 10, 20), clock(event, 10, 40))])
    return event, zhang, wang, data


def test_upload_preview_confirm_then_match_a_name_by_hand(organiser_client, teams_report):
    event, zhang, wang, data = teams_report

    preview = upload(organiser_client, data, "Promotion - Attendance report 6-16-26.csv")

    assert preview.status_code == 200, preview.text
    assert "Microsoft Teams attendance" in preview.text and "times read in Asia/Shanghai" in preview.text
    assert written() == (0, 0)
    chunks = re.findall(r'name="content" value="([^"]+)"', preview.text)
    done = organiser_client.post("/events/ceremony/attendance/import/confirm", data={
        "csrf_token": token(organiser_client), "filename": "Promotion.csv", "timezone": "", "room": "",
        "content": chunks}, content_type="multipart/form-data")
    assert done.status_code == 302 and done.location.endswith("/events/ceremony/attendance/unmatched")
    assert online_by_invitation(event.id)[zhang.id].minutes == 60

    names = organiser_client.get("/events/ceremony/attendance/unmatched")
    assert "王芳" in names.text and "It is 王芳 (Fang WANG)" in names.text  # the two namesakes offered
    found = organiser_client.get("/events/ceremony/attendance/unmatched/find", query_string={"name": "王芳"})
    assert "wang@example.cn" in found.text and "fang@example.cn" in found.text
    matched = organiser_client.post("/events/ceremony/attendance/unmatched/match", data={
        "csrf_token": token(organiser_client), "name": "王芳", "invitation_id": wang.id}, follow_redirects=True)

    assert "60 minutes online in all" in matched.text and "Every name is decided" in matched.text
    assert db.session.scalar(select(func.count()).select_from(NameMatch)) == 1
    assert online_by_invitation(event.id)[wang.id].minutes == 60


def test_not_on_the_list_is_kept_and_followed_by_later_reports(organiser_client, teams_report):
    event, _zhang, _wang, data = teams_report
    upload(organiser_client, data, "t.csv")
    from eventdesk.attendance.imports import import_report

    import_report(event, data, "t.csv")
    response = organiser_client.post("/events/ceremony/attendance/unmatched/not-on-list", data={
        "csrf_token": token(organiser_client), "name": "王芳"}, follow_redirects=True)
    assert "marked as not on the guest list" in response.text
    later = files.zoom_meeting([Stay("王芳", "", clock(event, 14, 0), clock(event, 15, 0))])

    result = import_report(event, later, "z.csv")

    assert [(r.outcome, r.how) for r in result.rows] == [("not_on_list", "earlier_decision")]
    assert db.session.scalar(select(func.count()).select_from(AttendanceReportRow)
                             .where(AttendanceReportRow.outcome == RowOutcome.UNMATCHED)) == 0


def _broken_xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")
        archive.writestr("xl/workbook.xml", "not xml at all")
    return buffer.getvalue()


@pytest.mark.parametrize("data,filename", [
    (b"", "empty.csv"),
    (bytes(range(256)) * 40, "noise.csv"),
    (b"PK\x03\x04 truncated", "report.xlsx"),
    (_broken_xlsx(), "report.xlsx"),
    (b"Name (original name),Email,Join time,Leave time\nA,,13/45/2026 99:99:99 PM,\n", "bad-time.csv"),
    (b"Name (original name),Email,Total duration (minutes)\nA,,99999999999999999999\n", "huge.csv"),
    (b"Name (original name),Email,Join time,Leave time\nA,,01/01/0001 01:00:00 AM,\n", "year-one.csv"),
    ("email,family_name,organisation\na@b.cn,赵,机构\n".encode(), "guests.csv"),
    (b"Name (original name),Email,Join time,Leave time\n", "header-only.csv"),
    (b"\xff\xfe" + "名前\t参加時刻\n".encode("utf-16-le") + b"\x00", "odd-utf16.csv"),
])
def test_bad_uploads_are_answered_with_a_message_and_write_nothing(organiser_client, teams_report, data, filename):
    response = upload(organiser_client, data, filename)

    assert response.status_code == 400
    assert 'class="error"' in response.text
    assert written() == (0, 0)


def test_a_file_of_another_type_or_a_post_without_csrf_is_refused(organiser_client, teams_report):
    *_rest, data = teams_report
    assert upload(organiser_client, data, "report.pdf").status_code == 400
    no_token = organiser_client.post("/events/ceremony/attendance/import", data={
        "file": (io.BytesIO(data), "r.csv")}, content_type="multipart/form-data")
    assert no_token.status_code == 400
    forged = organiser_client.post("/events/ceremony/attendance/unmatched/match", data={"name": "王芳",
                                                                                        "invitation_id": 1})
    assert forged.status_code in (302, 400) and db.session.scalar(select(func.count()).select_from(NameMatch)) == 0


def test_the_pages_are_for_organisers_only(app, client, door_client, teams_report):
    for path in ("/events/ceremony/attendance", "/events/ceremony/attendance/import",
                 "/events/ceremony/attendance/unmatched", "/events/ceremony/attendance/unmatched/find?name=x"):
        assert door_client.get(path).status_code == 403
        assert client.get(path).status_code == 302


def test_the_pages_speak_chinese_and_japanese(organiser_client, teams_report):
    *_rest, data = teams_report
    organiser_client.get("/events/ceremony/attendance?lang=zh")
    assert "导入" in organiser_client.get("/events/ceremony/attendance?lang=zh").text
    assert "インポート" in organiser_client.get("/events/ceremony/attendance/import?lang=ja").text
