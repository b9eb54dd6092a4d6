"""Organisers import the platforms' own attendance reports: every layout is read from its content, rows are
matched to the guest list by e-mail, name or phone, hosts and staff are left out, and each guest's minutes
are the union of their stretches across reports."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from eventdesk.attendance.imports import import_report
from eventdesk.attendance.tally import online_by_invitation
from eventdesk.errors import Refused
from eventdesk.extensions import db
from eventdesk.models import AttendanceReport, AttendanceReportRow, Invitation, OnlineAttendance, OnlineRoom
from tests import attendance_files as files
from tests.attendance_files import Stay, clock
from tests.factories import make_delegate, make_event, make_invitation, make_organisation


@dataclass
class Guests:
    event: object
    zhang: Invitation
    yamada: Invitation
    kim: Invitation
    garcia: Invitation
    wang_sichuan: Invitation
    wang_chengdu: Invitation
    staffer: Invitation
    chen: Invitation

    def minutes(self) -> dict[str, int]:
        tallies = online_by_invitation(self.event.id)
        return {name: tallies[i.id].minutes for name, i in vars(self).items()
                if isinstance(i, Invitation) and i.id in tallies}


@pytest.fixture
def guests(app, organiser) -> Guests:
    event = make_event()
    sichuan = make_organisation("四川省商务厅")
    chengdu = make_organisation("成都市贸促会", name_latin="Chengdu CCPIT")
    jetro = make_organisation("日本貿易振興機構", name_latin="JETRO", country="JP")
    kotra = make_organisation("대한무역투자진흥공사", name_latin="KOTRA", country="KR")
    spain = make_organisation("ICEX España", name_latin="ICEX", country="ES")

    def guest(name: str, latin: str, email: str, organisation, **fields) -> Invitation:
        return make_invitation(event, make_delegate(name, latin, email=email, organisation=organisation, **fields),
                               status="accepted", mode="online")

    return Guests(event, guest("张 伟", "Wei ZHANG", "zhang.wei@example.cn", sichuan, language="zh"),
                  guest("山田 太郎", "Taro YAMADA", "yamada@example.jp", jetro),
                  guest("김 민수", "Minsu KIM", "kim@example.kr", kotra, language="en"),
                  guest("García María", "María García", "maria@example.es", spain, language="en"),
                  guest("王 芳", "Fang WANG", "wang.fang@example.cn", sichuan, language="zh"),
                  guest("王 芳", "Fang WANG", "fang.wang@example.cn", chengdu, language="zh"),
                  guest("李 娜", "Na LI", "li.na@eventdesk.test", sichuan, language="zh", role="staff"),
                  guest("陈 静", "Jing CHEN", "chen.jing@example.cn", sichuan, language="zh",
                        phone="+86 138 0013 8000"))


def outcomes(result) -> dict[str, list[tuple[str, str | None]]]:
    found: dict[str, list[tuple[str, str | None]]] = {}
    for row in result.rows:
        found.setdefault(row.outcome, []).append((row.name, row.how))
    return found


def written_counts() -> tuple[int, int, int]:
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (AttendanceReport, AttendanceReportRow, OnlineAttendance))


def zoom_day(g: Guests) -> list[Stay]:
    e = g.event
    return [Stay("Protocol Office", "protocol@eventdesk.test", clock(e, 9, 25), clock(e, 12, 30)),
            Stay("Wei ZHANG", "Zhang.Wei@Example.cn", clock(e, 9, 30), clock(e, 10, 15)),
            Stay("山田 太郎", "", clock(e, 9, 20), clock(e, 9, 30), waiting=True),
            Stay("山田 太郎", "", clock(e, 9, 30), clock(e, 10, 30)),
            Stay("Wei ZHANG", "zhang.wei@example.cn", clock(e, 10, 20), clock(e, 11, 0)),
            Stay("山田 太郎 (iPhone)", "", clock(e, 10, 0), clock(e, 10, 45)),
            Stay("Minsu KIM (김민수)", "", clock(e, 9, 40), clock(e, 10, 40)),
            Stay("María García", "", clock(e, 9, 30), clock(e, 9, 50)),
            Stay("王芳", "", clock(e, 9, 30), clock(e, 11, 0)),
            Stay("王芳（成都市贸促会）", "", clock(e, 9, 30), clock(e, 10, 0)),
            Stay("Conference Desk", "organiser@eventdesk.test", clock(e, 9, 0), clock(e, 12, 0)),
            Stay("李娜", "", clock(e, 9, 0), clock(e, 12, 0)),
            Stay("+86 138 0013 8000", "", clock(e, 9, 45), clock(e, 10, 5)),
            Stay("138****0417", "", clock(e, 9, 45), clock(e, 10, 45))]


def test_zoom_meeting_report_matches_rejoins_devices_renames_and_leaves_out_hosts_and_staff(guests):
    data = files.zoom_meeting(zoom_day(guests))

    result = import_report(guests.event, data, "participants_81234567890.csv")

    assert result.layout == "zoom_meeting" and result.written and result.timezone == "Asia/Shanghai"
    found = outcomes(result)
    assert sorted(found["unmatched"]) == [("138****0417", None), ("王芳", None)]
    assert sorted(found["left_out"]) == [("Conference Desk", "staff"), ("Protocol Office", "host"),
                                         ("山田 太郎", "waiting_room"), ("李娜", "staff")]
    assert {how for _name, how in found["matched"]} == {"email", "name", "phone"}
    assert guests.minutes() == {"zhang": 45 + 40, "yamada": 75, "kim": 60, "garcia": 20, "wang_chengdu": 30,
                                "chen": 20}
    first = online_by_invitation(guests.event.id)[guests.zhang.id].first_joined_at
    assert first == guests.event.starts_at  # 09:30 in Asia/Shanghai, stored in UTC


def test_the_same_report_imported_twice_changes_nothing(guests):
    data = files.zoom_meeting(zoom_day(guests))
    first = import_report(guests.event, data, "participants.csv")
    before = written_counts()

    again = import_report(guests.event, data, "renamed copy.csv")

    assert again.already_imported and not again.written and again.report_id == first.report_id
    assert again.counts == first.counts
    assert written_counts() == before


def test_a_dry_run_previews_and_writes_nothing(guests):
    result = import_report(guests.event, files.zoom_meeting(zoom_day(guests)), "p.csv", dry_run=True)

    assert result.counts["matched"] == 8 and not result.written
    assert written_counts() == (0, 0, 0)


def test_reports_of_two_rooms_add_up_without_counting_the_same_moment_twice(guests):
    e = guests.event
    db.session.add_all([OnlineRoom(event_id=e.id, name="Zoom", url="https://zoom.example/j/1", platform="zoom",
                                   position=0),
                        OnlineRoom(event_id=e.id, name="Teams", url="https://teams.example/1", platform="teams",
                                   position=1)])
    db.session.commit()
    import_report(e, files.zoom_meeting([Stay("Wei ZHANG", "zhang.wei@example.cn", clock(e, 9, 30),
                                              clock(e, 10, 30))]), "zoom.csv")
    teams = files.teams([Stay("Protocol Office", "protocol@eventdesk.test", clock(e, 9, 0), clock(e, 12, 0),
                              role="Organizer"),
                         Stay("ZHANG Wei (Sichuan)", "zhang.wei@example.cn", clock(e, 10, 0), clock(e, 11, 0),
                              role="Attendee")])

    result = import_report(e, teams, "Promotion - Attendance report 6-16-26.csv")

    assert result.layout == "teams" and result.room == "Teams"
    assert outcomes(result)["left_out"] == [("Protocol Office", "host")]
    tally = online_by_invitation(e.id)[guests.zhang.id]
    assert (tally.minutes, tally.rooms) == (90, ("Zoom", "Teams"))


def test_times_are_read_in_the_zone_given(guests):
    e = guests.event
    tokyo_half_ten = clock(e, 10, 30)  # 09:30 in Shanghai
    data = files.zoom_meeting([Stay("Wei ZHANG", "zhang.wei@example.cn", tokyo_half_ten, clock(e, 11, 0))],
                              meeting_block=False)

    import_report(e, data, "p.csv", timezone="Asia/Tokyo")

    assert online_by_invitation(e.id)[guests.zhang.id].first_joined_at == e.starts_at


def test_a_file_that_is_no_report_is_refused_and_writes_nothing(guests):
    guest_list = "email,family_name,organisation\nnew@example.cn,赵,四川省商务厅\n".encode("utf-8-sig")

    with pytest.raises(Refused) as refused:
        import_report(guests.event, guest_list, "participants_123.csv")

    assert refused.value.code == "not_a_report"
    assert written_counts() == (0, 0, 0)


def test_a_report_with_a_time_it_cannot_read_names_the_line_and_column(guests):
    data = "Name (original name),Email,Join time,Leave time\n张伟,,yesterday,06/16/2026 10:00:00 AM\n".encode()

    with pytest.raises(Refused) as refused:
        import_report(guests.event, data, "p.csv")

    assert "line 2, column Join time" in refused.value.message
    assert written_counts() == (0, 0, 0)


def test_an_unknown_room_is_refused_naming_the_rooms(guests):
    db.session.add(OnlineRoom(event_id=guests.event.id, name="腾讯会议", url="https://meeting.example/1"))
    db.session.commit()

    with pytest.raises(Refused, match="腾讯会议"):
        import_report(guests.event, files.zoom_meeting(zoom_day(guests)), "p.csv", room="Zoom")


def _stays(g: Guests) -> dict[str, Stay]:
    e = g.event
    return {"zhang": Stay("张伟", "zhang.wei@example.cn", clock(e, 9, 30), clock(e, 10, 0)),
            "zhang_again": Stay("张伟", "zhang.wei@example.cn", clock(e, 10, 30), clock(e, 11, 15)),
            "yamada": Stay("YAMADA Taro", "", clock(e, 9, 35), clock(e, 10, 35)),
            "kim": Stay("김민수", "", clock(e, 13, 0), clock(e, 14, 30)),
            "host": Stay("Protocol Office", "protocol@eventdesk.test", clock(e, 9, 0), clock(e, 15, 0))}


LAYOUTS = {
    "zoom_meeting_2020": lambda s: (files.zoom_meeting_2020([s["host"], s["zhang"], s["zhang_again"], s["yamada"],
                                                             s["kim"]]), "zoom_meeting"),
    "zoom_without_meeting_block": lambda s: (files.zoom_meeting(
        [Stay("Protocol Office (Host)", "", s["host"].joined, s["host"].left), s["zhang"], s["zhang_again"],
         s["yamada"], s["kim"]], meeting_block=False), "zoom_meeting"),
    "zoom_italian": lambda s: (files.zoom_italian([Stay("Ufficio Protocollo", "", s["host"].joined, s["host"].left),
                                                   s["zhang"], s["zhang_again"], s["yamada"], s["kim"]]),
                               "zoom_meeting"),
    "zoom_flat_italian": lambda s: (files.zoom_flat_italian([s["host"], s["zhang"], s["zhang_again"], s["yamada"],
                                                             s["kim"]]), "zoom_meeting"),
    "zoom_korean": lambda s: (files.zoom_korean([Stay("Protocol Office (호스트)", "", s["host"].joined,
                                                      s["host"].left), s["zhang"], s["zhang_again"], s["yamada"],
                                                 s["kim"]]), "zoom_meeting"),
    "zoom_webinar_2025": lambda s: (files.zoom_webinar_2025([s["host"]], [s["yamada"]],
                                                            [s["zhang"], s["zhang_again"], s["kim"]],
                                                            ["No Show"]), "zoom_webinar"),
    "zoom_webinar_2020": lambda s: (files.zoom_webinar_2020([s["host"]], [s["zhang"], s["zhang_again"]],
                                                            [s["yamada"], s["kim"]]), "zoom_webinar"),
    "teams_en_us": lambda s: (files.teams([Stay("Protocol Office", "protocol@eventdesk.test", s["host"].joined,
                                                s["host"].left, role="Organizer"),
                                           s["zhang"], s["zhang_again"], s["yamada"], s["kim"]]), "teams"),
    "teams_de": lambda s: (files.teams([Stay("Protokoll", "", s["host"].joined, s["host"].left, role="Organizer"),
                                        s["zhang"], s["zhang_again"], s["yamada"], s["kim"]],
                                       when=files.teams_de, line_end="\n"), "teams"),
    "teams_pt_br": lambda s: (files.teams([Stay("Protocolo", "", s["host"].joined, s["host"].left,
                                                role="Co-organizer"),
                                           s["zhang"], s["zhang_again"], s["yamada"], s["kim"]],
                                          when=files.teams_pt), "teams"),
    "teams_2021": lambda s: (files.teams_2021([Stay("Protocol Office", "", s["host"].joined, s["host"].left,
                                                    role="Organizer"),
                                               s["zhang"], s["zhang_again"], s["yamada"], s["kim"]]), "teams_2021"),
    "tencent_xlsx": lambda s: (files.tencent_xlsx([Stay("外事办小李(主持)", "", s["host"].joined, s["host"].left,
                                                        role="主持人"),
                                                   s["zhang"], s["zhang_again"], s["yamada"], s["kim"]]), "tencent"),
    # GBK holds no Hangul: the Korean guest joined as KIM Minsu.
    "tencent_gbk_csv": lambda s: (files.tencent_gbk_csv([Stay("外事办小李", "", s["host"].joined, s["host"].left),
                                                         s["zhang"], s["zhang_again"], s["yamada"],
                                                         Stay("KIM Minsu", "", s["kim"].joined, s["kim"].left)]),
                                  "tencent"),
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_layout_gives_each_delegate_their_minutes(guests, layout):
    data, expected_layout = LAYOUTS[layout](_stays(guests))

    result = import_report(guests.event, data, "report")

    assert result.layout == expected_layout
    assert guests.minutes() == {"zhang": 30 + 45, "yamada": 60, "kim": 90}
    assert [how for _name, how in outcomes(result)["left_out"]] == ["host"]
    assert "unmatched" not in outcomes(result)


def test_per_person_reports_count_each_persons_duration_from_their_first_join(guests):
    """Teams without `3. In-Meeting Activities`, Tencent's summary sheet alone: the duration counts, not the
    span from first join to last leave."""
    s = _stays(guests)
    teams = files.teams([s["zhang"], s["zhang_again"], s["yamada"]], participants_only=True)
    tencent = files.tencent_xlsx([s["kim"], Stay("김민수", "", s["kim"].left, s["kim"].left)], detail=False)

    assert import_report(guests.event, teams, "t.csv").layout == "teams"
    assert import_report(guests.event, tencent, "t.xlsx").layout == "tencent_summary"

    assert guests.minutes() == {"zhang": 75, "yamada": 60, "kim": 90}
    tally = online_by_invitation(guests.event.id)[guests.zhang.id]
    assert tally.first_joined_at == guests.event.starts_at


def test_unique_users_report_counts_the_totals(guests):
    data = files.zoom_unique_users([("Wei ZHANG", "zhang.wei@example.cn", 75), ("山田太郎", "", 60),
                                    ("Caller 1", "", 12)])

    result = import_report(guests.event, data, "participants.csv")

    assert result.layout == "zoom_meeting_unique"
    assert guests.minutes() == {"zhang": 75, "yamada": 60}
    assert online_by_invitation(guests.event.id)[guests.zhang.id].first_joined_at is None
    assert outcomes(result)["unmatched"] == [("Caller 1", None)]


def test_tencent_still_in_meeting_gives_the_join_and_the_time_so_far(guests):
    s = _stays(guests)

    import_report(guests.event, files.tencent_xlsx([s["zhang"], s["yamada"]], still_in=("YAMADA Taro",)), "t.xlsx")

    tallies = online_by_invitation(guests.event.id)
    assert tallies[guests.yamada.id].minutes == 60  # its 参会时长 so far
    assert tallies[guests.yamada.id].first_joined_at is not None


def test_webinar_no_shows_are_not_rows(guests):
    s = _stays(guests)

    result = import_report(guests.event, files.zoom_webinar_2025([s["host"]], [], [s["zhang"]], ["No Show"]), "a")

    assert "No Show" not in [row.name for row in result.rows]
