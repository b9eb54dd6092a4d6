"""How report names find their guests: any script, order, width, case, brackets and titles; never a guess."""

from __future__ import annotations

import pytest

from eventdesk.attendance.imports import import_report
from eventdesk.attendance.matching import name_parts
from eventdesk.extensions import db
from eventdesk.models import OnlineRoom
from tests import attendance_files as files
from tests.attendance_files import Stay, clock
from tests.factories import make_delegate, make_event, make_invitation, make_organisation


@pytest.fixture
def event(app):
    event = make_event()
    sichuan = make_organisation("四川省商务厅")
    make_invitation(event, make_delegate("张 伟", "Wei ZHANG", email="zhang.wei@example.cn", organisation=sichuan))
    make_invitation(event, make_delegate("山田 太郎", "Taro YAMADA", email="yamada@example.jp"))
    make_invitation(event, make_delegate("渡邉 さくら", "Sakura WATANABE", email="watanabe@example.jp"))
    make_invitation(event, make_delegate("阿部 花子", "Hanako ABE", email="abe@example.jp", family_name_reading="あべ",
                                         given_name_reading="はなこ"))
    return event


def matched(event, names: list[str]) -> dict[str, str | None]:
    data = files.zoom_meeting([Stay(n, "", clock(event, 10, 0), clock(event, 10, 30)) for n in names],
                              meeting_block=False)
    result = import_report(event, data, "p.csv", dry_run=True)
    return {row.name: row.guest for row in result.rows}


def test_names_match_in_any_script_order_width_case_and_bracket(event):
    names = ["ＺＨＡＮＧ　Ｗｅｉ", "zhang wei", "Wei Zhang", "Zhang, Wei", "【四川省商务厅】张伟", "张伟(老张)",
             "老张（张伟）", "Dr. Wei Zhang", "张伟先生", "yamada taro", "Taro Yamada (JETRO)", "山田太郎_JETRO",
             "渡辺さくら", "WATANABE Sakura", "Yamada Taro (iPad)"]

    found = matched(event, names)

    zhang, yamada, watanabe = "张伟 (Wei ZHANG)", "山田太郎 (Taro YAMADA)", "渡邉さくら (Sakura WATANABE)"
    assert found == {**dict.fromkeys(names[:9], zhang), **dict.fromkeys(names[9:12], yamada),
                     **dict.fromkeys(names[12:14], watanabe), "Yamada Taro (iPad)": yamada}


def test_a_name_typed_as_its_reading_matches(event):
    assert set(matched(event, ["あべ はなこ", "アベハナコ"]).values()) == {"阿部花子 (Hanako ABE)"}


def test_a_name_that_points_at_two_guests_or_at_nobody_stays_unmatched(event):
    found = matched(event, ["Zhang Wei (Taro Yamada)", "Taro", "Zhang", "山田", "Wei", "Call-in user 3", "138****0417"])

    assert set(found.values()) == {None}


def test_bracketed_parts_are_tried_as_names():
    assert name_parts("新名字 (Original Name)")[:3] == ["新名字 (Original Name)", "新名字", "Original Name"]
    assert "张伟" in name_parts("【四川省商务厅】张伟")
    assert "人员3&人员4" in name_parts("人员3&人员4(人员3＆人员4)")


def test_teams_joined_and_left_list_pairs_each_join_with_its_leave(event):
    room = OnlineRoom(event_id=event.id, name="Teams", url="https://teams.example/1", platform="teams")
    db.session.add(room)
    db.session.commit()
    stamp = files.teams_us
    rows = [("Wei ZHANG", "Joined", clock(event, 9, 30)), ("山田 太郎", "Joined", clock(event, 9, 35)),
            ("Wei ZHANG", "Left", clock(event, 10, 0)), ("Wei ZHANG", "Joined", clock(event, 10, 10)),
            ("山田 太郎", "Left", clock(event, 11, 5)), ("Wei ZHANG", "Left", clock(event, 10, 25))]
    text = "Full Name\tUser Action\tTimestamp\r\n" + "".join(f"{n}\t{a}\t{stamp(t)}\r\n" for n, a, t in rows)

    result = import_report(event, ("\ufeff" + text).encode("utf-16-le"), "meetingAttendanceList.csv")

    assert result.layout == "teams_actions" and result.room == "Teams"
    assert [(r.name, r.minutes) for r in result.rows] == [("Wei ZHANG", 30), ("山田 太郎", 90), ("Wei ZHANG", 15)]


def test_tencent_co_hosts_and_the_creator_are_left_out(event):
    stays = [Stay("外事办小李", "", clock(event, 9, 0), clock(event, 12, 0), role="主持人"),
             Stay("小王(外事办)", "", clock(event, 9, 0), clock(event, 12, 0), role="联席主持人"),
             Stay("张伟", "", clock(event, 9, 30), clock(event, 10, 0), role="普通参会者")]

    result = import_report(event, files.tencent_xlsx(stays), "meeting-123456789-members.xlsx")

    assert [(r.name, r.outcome, r.how) for r in result.rows] == [
        ("外事办小李", "left_out", "host"), ("小王(外事办)", "left_out", "host"), ("张伟", "matched", "name")]
