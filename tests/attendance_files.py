"""Attendance reports as the platforms write them, for the import tests: each builder takes the rows a test
wants (name, e-mail, join, leave as local times) and returns the file's bytes in that layout's real shape,
encoding and date format (see PLATFORM-REPORTS.md)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime, timedelta

from eventdesk.models import Event


@dataclass
class Stay:
    name: str
    email: str = ""
    joined: datetime | None = None
    left: datetime | None = None
    role: str = "Attendee"
    waiting: bool = False

    @property
    def minutes(self) -> int:  # Zoom rounds each row up
        return -(-int((self.left - self.joined).total_seconds()) // 60)


def clock(event: Event, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """A local time on the event's day, as a report writes it (naive)."""
    day = event.local(event.starts_at).date()
    return datetime(day.year, day.month, day.day, hour, minute, second)


def us(moment: datetime) -> str:
    return moment.strftime("%m/%d/%Y %I:%M:%S %p")


def teams_us(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    return f"{moment.month}/{moment.day}/{moment:%y}, {hour}:{moment:%M:%S} {'PM' if moment.hour >= 12 else 'AM'}"


def teams_de(moment: datetime) -> str:
    return moment.strftime("%d.%m.%y, %H:%M:%S")


def teams_pt(moment: datetime) -> str:
    return moment.strftime("%d/%m/%y, %H:%M:%S")


def teams_span(seconds: float) -> str:
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return " ".join(f"{v}{u}" for v, u in ((hours, "h"), (minutes, "m"), (secs, "s")) if v) or "0s"


def _csv(rows: list[list[str]], *, delimiter: str = ",", quote_all: bool = False) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n",
               quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL).writerows(rows)
    return buffer.getvalue()


def zoom_meeting(stays: list[Stay], *, host: str = "Protocol Office (protocol@eventdesk.test)",
                 start: datetime | None = None, meeting_block: bool = True) -> bytes:
    """2023+ "Export with meeting data": UTF-8 with BOM, the meeting block, a trailing empty column."""
    rows: list[list[str]] = []
    if meeting_block:
        start = start or min(s.joined for s in stays)
        rows += [["Topic", "ID", "Host", "Duration (minutes)", "Start time", "End time", "Participants", ""],
                 ["中日地方合作推介会", "812 3456 7890", host, "180", us(start), us(start + timedelta(hours=3)),
                  str(len(stays)), ""], []]
    rows.append(["Name (original name)", "Email", "Join time", "Leave time", "Duration (minutes)", "Guest",
                 "Recording disclaimer response", "In waiting room", ""])
    rows += [[s.name, s.email, us(s.joined), us(s.left), str(s.minutes), "No" if s.email else "Yes", "OK",
              "Yes" if s.waiting else "No", ""] for s in stays]
    return _csv(rows).encode("utf-8-sig")


def zoom_meeting_2020(stays: list[Stay], *, host_email: str = "protocol@eventdesk.test") -> bytes:
    start = min(s.joined for s in stays)
    rows = [["Meeting ID", "Topic", "Start Time", "End Time", "User Email", "Duration (Minutes)", "Participants", ""],
            ["81234567890", "Promotion", us(start), us(start + timedelta(hours=3)), host_email, "180",
             str(len(stays)), ""], [],
            ["Name (Original Name)", "User Email", "Join Time", "Leave Time", "Duration (Minutes)", "Guest",
             "Recording Consent", "In Waiting Room"]]
    rows += [[s.name, s.email, us(s.joined), us(s.left), str(s.minutes), "No", "Y", "Yes" if s.waiting else "No"]
             for s in stays]
    return _csv(rows).encode("utf-8-sig")


def zoom_unique_users(totals: list[tuple[str, str, int]]) -> bytes:
    """"Show unique users": one row per person with the total; no meeting block, no times."""
    rows = [["Name (original name)", "Email", "Total duration (minutes)", "Guest"]]
    rows += [[name, email, str(minutes), "No" if email else "Yes"] for name, email, minutes in totals]
    return _csv(rows).encode("utf-8-sig")


def zoom_italian(stays: list[Stay], host: str = "Ufficio Protocollo") -> bytes:
    start = min(s.joined for s in stays)
    rows = [["Argomento", "ID", "Organizzatore", "Durata (minuti)", "Ora di inizio", "Ora di fine", "Partecipanti"],
            ["Promozione", "7430864126", host, "180", us(start), us(start + timedelta(hours=3)), str(len(stays))], [],
            ["Nome (nome originale)", "E-mail", "Ora di ingresso", "Ora di uscita", "Durata (minuti)", "Guest",
             "Risposta di esclusione di responsabilità per la registrazione", "In sala d’attesa"]]
    rows += [[s.name, s.email, us(s.joined), us(s.left), str(s.minutes), "No", "OK", "Sì" if s.waiting else "No"]
             for s in stays]
    return _csv(rows).encode("utf-8-sig")


def zoom_flat_italian(stays: list[Stay], host: str = "Ufficio Protocollo",
                      host_email: str = "protocol@eventdesk.test") -> bytes:
    """The newer export with the meeting's columns repeated on every row (Italian portal): `Durata (minuti)` twice."""
    start = min(s.joined for s in stays)
    meeting = ["Promozione", "Riunione", "896 1053 4856", host, host_email, us(start), us(start + timedelta(hours=6)),
               str(len(stays)), "360", "900", "", "", "Zoom", "-", "-", us(start - timedelta(days=30))]
    rows = [["Argomento", "Digita", "ID", "Nome organizzatore", "E-mail organizzatore", "Ora di inizio", "Ora di fine",
             "Partecipanti", "Durata (minuti)", "Minuti totali dei partecipanti", "Reparto", "Gruppo", "Origine",
             "Visualizzatori unici", "Max visualizzazioni simultanee", "Ora di creazione", "Nome (nome originale)",
             "E-mail", "Ora di ingresso", "Ora di uscita", "Durata (minuti)", "Guest",
             "Risposta di esclusione di responsabilità per la registrazione", "In sala d’attesa"]]
    rows += [[*meeting, s.name, s.email, us(s.joined), us(s.left), str(s.minutes), "No", "", "No"] for s in stays]
    return _csv(rows).encode("utf-8-sig")


def zoom_korean(stays: list[Stay]) -> bytes:
    rows = [["이름(원래 이름)", "사용자 이메일", "참가 시간", "나간 시간", "기간(분)", "게스트"]]
    rows += [[s.name, s.email, us(s.joined), us(s.left), str(s.minutes), "아니요"] for s in stays]
    return _csv(rows).encode("utf-8")


def zoom_webinar_2025(hosts: list[Stay], panelists: list[Stay], attendees: list[Stay],
                      no_shows: list[str]) -> bytes:
    """Sections, every row padded with commas to the widest, 24-hour times, meta times with AM/PM."""
    def when(moment: datetime) -> str:
        return moment.strftime("%b %d, %Y %H:%M:%S")

    start = min(s.joined for s in hosts + panelists + attendees)
    meta_start = start.strftime("%b %d, %Y ") + start.strftime("%I:%M %p").lstrip("0")
    attendee_header = ["Attended", "User Name (Original Name)", "First Name", "Last Name", "Email", "Phone",
                       "Registration Time", "Approval Status", "Join Time", "Leave Time", "Time in Session (minutes)",
                       "Is Guest", "Organisation", "Country/Region Name"]
    rows = [["Attendee Report"], ["Report Generated:", meta_start],
            ["Topic", "Webinar ID", "Actual Start Time", "Actual Duration (minutes)", "# Registered", "# Cancelled",
             "Unique Viewers", "Total Users", "Max Concurrent Views", "Enable Registration"],
            ["Promotion", "912 3456 7890", meta_start, "180", "40", "0", "12", "15", "12", "Yes"],
            ["Host Details"],
            ["Attended", "User Name (Original Name)", "Email", "Join Time", "Leave Time",
             "Time in Session (minutes)", "Is Guest", "Country/Region Name"]]
    rows += [["Yes", s.name, s.email, when(s.joined), when(s.left), str(s.minutes), "No", "China"] for s in hosts]
    rows += [["Panelist Details"], rows[5]]
    rows += [["Yes", s.name, s.email, when(s.joined), when(s.left), str(s.minutes), "No", "Japan"] for s in panelists]
    rows += [["Attendee Details"], attendee_header]
    seen: set[str] = set()
    for s in attendees:
        first, _, last = s.name.partition(" ")
        registered = "" if s.name in seen else "Mar 01, 2025 10:00:00"
        seen.add(s.name)
        rows.append(["Yes", s.name, first, last, s.email, "", registered, "approved" if registered else "",
                     when(s.joined), when(s.left), str(s.minutes), "No", "Org", "China"])
    rows += [["No", name, name, "", "", "", "Mar 01, 2025 10:00:00", "approved", "--", "--", "--", "--", "Org", "--"]
             for name in no_shows]
    width = max(len(r) for r in rows)
    return _csv([r + [""] * (width - len(r)) for r in rows]).encode("utf-8-sig")


def zoom_webinar_2020(hosts: list[Stay], attendees: list[Stay], others: list[Stay]) -> bytes:
    def when(moment: datetime) -> str:
        return moment.strftime("%b %d, %Y %H:%M:%S")

    start = min(s.joined for s in hosts)
    meta = start.strftime("%b %d, %Y %I:%M %p")
    text = (f'Attendee Report,\nReport Generated:,"{meta}"\n'
            "Topic,Webinar ID,Actual Start Time,Actual Duration (minutes),# Registered,# Cancelled,Unique Viewers,"
            f'Total Users,Max Concurrent Views\nPromotion,328-972-509,"{meta}", 180, 46, 0,44,99,0\nHost Details,\n'
            "Attended,User Name,Email,Join Time,Leave Time,Time in Session (minutes),Country/Region Name\n")
    text += "".join(f'Yes,{s.name},{s.email},"{when(s.joined)}","{when(s.left)}",{s.minutes},China\n' for s in hosts)
    text += ('Attendee Details,\n"Attended","First Name","Last Name","Email","Registration Time","Approval Status",'
             '"Join Time","Leave Time","Time in Session (minutes)","Country/Region Name"\n')
    for s in attendees:
        first, _, last = s.name.partition(" ")
        text += (f'"Yes","{first}","{last}","{s.email}",NA,NA,"{when(s.joined)}","{when(s.left)}","{s.minutes}",'
                 '"Japan"\n')
    text += "Other Attended,\nUser Name,Join Time,Leave Time,Time in Session (minutes),Country/Region Name\n"
    text += "".join(f'{s.name},"{when(s.joined)}","{when(s.left)}",{s.minutes},China\n' for s in others)
    return text.encode("utf-8")


def teams(stays: list[Stay], *, when=teams_us, participants_only: bool = False, line_end: str = "\r\n") -> bytes:
    """2022+: UTF-16 LE with BOM, tab-separated, `1. Summary` / `2. Participants` / `3. In-Meeting Activities`."""
    start, end = min(s.joined for s in stays), max(s.left for s in stays)
    people: dict[str, list[Stay]] = {}
    for s in stays:
        people.setdefault(s.name, []).append(s)
    rows = [["1. Summary"], ["Meeting title", "Promotion"], ["Attended participants", str(len(people))],
            ["Start time", when(start)], ["End time", when(end)],
            ["Meeting duration", teams_span((end - start).seconds)],
            ["Average attendance time", "1h 2m"], [], ["2. Participants"],
            ["Name", "First Join", "Last Leave", "In-Meeting Duration", "Email", "Participant ID (UPN)", "Role"]]
    for name, joins in people.items():
        seconds = sum((s.left - s.joined).total_seconds() for s in joins)
        first = joins[0]
        rows.append([name, when(min(s.joined for s in joins)), when(max(s.left for s in joins)), teams_span(seconds),
                     first.email, first.email, first.role])
    if not participants_only:
        rows += [[], ["3. In-Meeting Activities"], ["Name", "Join Time", "Leave Time", "Duration", "Email", "Role"]]
        rows += [[s.name, when(s.joined), when(s.left), teams_span((s.left - s.joined).total_seconds()), s.email,
                  s.role] for s in stays]
    return ("\ufeff" + _csv(rows, delimiter="\t").replace("\r\n", line_end)).encode("utf-16-le")


def teams_2021(stays: list[Stay]) -> bytes:
    """2021–22: `Meeting Summary`, one row per join, UTF-16 LE, LF line ends."""
    start = min(s.joined for s in stays)
    rows = [["Meeting Summary"], ["Total Number of Participants", str(len(stays))], ["Meeting Title", "Promotion"],
            ["Meeting Start Time", teams_us(start)], ["Meeting End Time", teams_us(max(s.left for s in stays))],
            ["Meeting Id", "19:meeting_abc@thread.v2"], [],
            ["Full Name", "Join Time", "Leave Time", "Duration", "Email", "Role", "Participant ID (UPN)"]]
    rows += [[s.name, teams_us(s.joined), teams_us(s.left), teams_span((s.left - s.joined).total_seconds()), s.email,
              s.role, s.email] for s in stays]
    return ("\ufeff" + _csv(rows, delimiter="\t").replace("\r\n", "\n")).encode("utf-16-le")


TENCENT_META = ["会议主题", "会议号", "会议创建者", "预定开始时间", "预定结束时间", "累计会议时长", "参会用户总数"]


def _tencent_meta(creator: str, start: datetime, people: int) -> list[list[str]]:
    values = ["中日地方合作推介会", "123 456 789", creator, f"{start:%Y-%m-%d %H:%M:%S}",
              f"{start + timedelta(hours=3):%Y-%m-%d %H:%M:%S}", "3:00:00", str(people)]
    return [[label, value] for label, value in zip(TENCENT_META, values, strict=True)]


def _hms(seconds: float) -> str:
    hours, rest = divmod(int(seconds), 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


def tencent_detail_rows(stays: list[Stay], still_in: tuple[str, ...] = ()) -> list[list[str]]:
    return [[s.name, f"{s.joined:%Y-%m-%d %H:%M:%S}", "--" if s.name in still_in else f"{s.left:%Y-%m-%d %H:%M:%S}",
             _hms((s.left - s.joined).total_seconds()), ""] for s in stays]


def tencent_xlsx(stays: list[Stay], *, creator: str = "外事办小李", still_in: tuple[str, ...] = (),
                 detail: bool = True) -> bytes:
    """The workbook: meta block rows 1–7, row 8 blank, header row 9; 成员参会概况 and 成员参会明细."""
    from openpyxl import Workbook

    start = min(s.joined for s in stays)
    people: dict[str, list[Stay]] = {}
    for s in stays:
        people.setdefault(s.name, []).append(s)
    workbook = Workbook()
    summary = workbook.active
    summary.title = "成员参会概况"
    for row in _tencent_meta(creator, start, len(people)):
        summary.append([row[0] + ":", row[1]])
    summary.append([])
    summary.append(["用户昵称（入会昵称）", "首次入会时间", "最后退会时间", "入会次数", "累计参会时长", "身份"])
    for name, joins in people.items():
        seconds = sum((s.left - s.joined).total_seconds() for s in joins)
        summary.append([name, f"{min(s.joined for s in joins):%Y-%m-%d %H:%M:%S}",
                        f"{max(s.left for s in joins):%Y-%m-%d %H:%M:%S}", str(len(joins)), _hms(seconds),
                        joins[0].role])
    if detail:
        sheet = workbook.create_sheet("成员参会明细")
        for row in _tencent_meta(creator, start, len(people)):
            sheet.append([row[0] + ":", row[1]])
        sheet.append([])
        sheet.append(["用户昵称（入会昵称）", "入会时间", "退会时间", "参会时长", "入会设备"])
        for row in tencent_detail_rows(stays, still_in):
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def tencent_gbk_csv(stays: list[Stay], *, creator: str = "外事办小李") -> bytes:
    """The detail sheet saved as CSV by Chinese Excel: GBK, CRLF, the meta block kept."""
    start = min(s.joined for s in stays)
    rows = [[label + "：", value] for label, value in _tencent_meta(creator, start, len({s.name for s in stays}))]
    rows += [[], ["用户昵称（入会昵称）", "入会时间", "退会时间", "参会时长", "入会设备"]]
    rows += tencent_detail_rows(stays)
    return _csv(rows).encode("gbk")
