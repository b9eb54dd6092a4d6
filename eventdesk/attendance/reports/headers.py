"""Column headers in the languages the platforms' portals write them, mapped to what the import reads.

A header is compared folded (`key`): NFKC, lower case, without spaces and punctuation, so
`Name (Original Name)`, `Name (original name)` and `Name(original name)` are one. Verified forms (see
PLATFORM-REPORTS.md): Zoom in English (2020–22 and 2023+), Italian and Korean; Zoom webinars; Teams in
English, German and Portuguese (UPN); Tencent Meeting. Other portal languages are listed where their
wording is known from the portals' translations; an unknown header is simply not read.
"""

from __future__ import annotations

import re
import unicodedata

FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("Name (original name)", "Name", "Full Name", "User Name (Original Name)", "User Name",
             "Nome (nome originale)", "Nome", "이름(원래 이름)", "이름", "名前(元の名前)", "名前", "名称(原始名称)",
             "姓名", "用户昵称（入会昵称）", "用户昵称", "入会昵称", "Name (ursprünglicher Name)",
             "Nombre (nombre original)", "Nom (nom d'origine)", "Nome (nome original)", "Participant", "参会者"),
    "first_name": ("First Name", "Nome di battesimo", "名"),
    "last_name": ("Last Name", "Cognome", "姓"),
    "email": ("Email", "User Email", "E-mail", "Email dell'utente", "E-mail utente", "사용자 이메일", "이메일",
              "メール", "メールアドレス", "ユーザーのメール", "用户邮箱", "邮箱", "电子邮件", "E-Mail des Benutzers",
              "Correo electrónico del usuario", "E-mail de l'utilisateur", "E-mail do usuário"),
    "registration_email": ("Registration Email",),
    "upn": ("Participant ID (UPN)", "Teilnehmer-ID (UPN)", "ID do participante (UPN)", "UPN"),
    "join": ("Join Time", "Join time", "Time joined", "Ora di ingresso", "참가 시간", "入会时间", "加入时间",
             "参加時刻", "参加時間", "Beitrittszeit", "Hora de entrada", "Heure d'arrivée", "Hora de ingreso"),
    "leave": ("Leave Time", "Leave time", "Time exited", "Ora di uscita", "나간 시간", "退会时间", "离开时间",
              "退出時刻", "退出時間", "Zeitpunkt des Verlassens", "Hora de saída", "Heure de départ", "Hora de salida"),
    # One row per person: the first join and the last leave, with the time in between that counted.
    "first_join": ("First Join", "First Join (UTC)", "首次入会时间", "Erster Beitritt", "Primeira entrada"),
    "last_leave": ("Last Leave", "Last Leave (UTC)", "最后退会时间", "Letztes Verlassen", "Última saída"),
    "duration": ("Duration (minutes)", "Duration", "In-Meeting Duration", "Time in Session (minutes)",
                 "Durata (minuti)", "기간(분)", "参会时长", "持续时间(分钟)", "時間(分)", "Dauer (Minuten)", "Dauer",
                 "Dauer in der Besprechung", "Duração", "Duração na reunião", "Durée (minutes)", "Duración (minutos)"),
    "total_duration": ("Total duration (minutes)", "Total Duration (Minutes)", "累计参会时长", "Durata totale (minuti)",
                       "총 기간(분)", "合計時間(分)", "总持续时间(分钟)"),
    "role": ("Role", "身份", "角色", "Rolle", "Função", "Ruolo", "역할", "役割"),
    "waiting_room": ("In waiting room", "In Waiting Room", "In sala d'attesa", "In sala d’attesa", "대기실에 있음",
                     "在等候室中", "待機室内", "Im Warteraum", "En sala de espera", "Na sala de espera",
                     "Dans la salle d'attente"),
    "attended": ("Attended", "Partecipato", "참석함", "是否参会", "出席"),
    "action": ("User Action",),
    "timestamp": ("Timestamp",),
    # The meeting block (Zoom, Tencent): what says who hosted and when it started.
    "host": ("Host", "Host name", "Organizzatore", "Nome organizzatore", "호스트", "ホスト", "主持人", "会议创建者"),
    "host_email": ("Host email", "E-mail organizzatore", "호스트 이메일", "ホストのメール"),
    "start": ("Start time", "Start Time", "Actual Start Time", "Meeting Start Time", "Ora di inizio", "시작 시간",
              "開始時刻", "开始时间", "预定开始时间", "Startzeit", "Hora de início", "Heure de début"),
    "meeting_id": ("Meeting ID", "ID", "Webinar ID", "Meeting Id", "会议号", "회의 ID"),
}

_LOOKUP = {}


def key(text: str) -> str:
    """A header or label folded: NFKC, lower case, letters and digits only."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return re.sub(r"[\W_]+", "", folded)


for _field, _names in FIELDS.items():
    for _name in _names:
        _LOOKUP.setdefault(key(_name), _field)


def field_of(header: str) -> str | None:
    return _LOOKUP.get(key(header))


def columns(cells: list[str]) -> dict[str, int]:
    """Each known field's column in a header row. A field written twice (the flat Zoom export repeats
    `Duration (minutes)` for the meeting and the person) is taken from the person's side: after the name."""
    found: dict[str, int] = {}
    name_at = next((i for i, c in enumerate(cells) if field_of(c) == "name"), None)
    for index, cell in enumerate(cells):
        field = field_of(cell)
        if field is None:
            continue
        if field not in found or (name_at is not None and found[field] < name_at <= index):
            found[field] = index
    return found


def is_participant_header(cells: list[str]) -> bool:
    """A row naming people and their time: a name (or first and last name) and a join time or a duration."""
    found = columns(cells)
    named = "name" in found or {"first_name", "last_name"} <= found.keys()
    timed = bool(found.keys() & {"join", "first_join", "duration", "total_duration", "timestamp"})
    return named and timed


def pick(values: dict[str, str], field: str) -> str:
    """The value of a field in a meeting block or label list (whose keys are folded headers)."""
    return next((v for k, v in values.items() if _LOOKUP.get(k) == field and v), "")
