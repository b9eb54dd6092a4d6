"""Organisers import the guest lists embassies, trade bodies and companies send: CSV from Excel in China and
Japan in every encoding, or XLSX; every bad row is reported with line and column and nothing is written."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from flask import Flask
from sqlalchemy import func, select

from eventdesk.extensions import db
from eventdesk.guests import exporter, service
from eventdesk.models import AuditEntry, Delegate, Invitation, Mode, Organisation
from eventdesk.tabular import decode
from tests.factories import make_event

HEADER = ("email,family_name,given_name,family_name_latin,given_name_latin,organisation,organisation_kind,country,"
          "language,role,mode")
JAPANESE = [
    "yamazaki@pref.example.jp,山﨑,さくら,Yamazaki,Sakura,岡山県庁,government,JP,ja,vip,in_person",
    "takahashi@jetro.example.jp,髙橋,一郎,Takahashi,Ichiro,日本貿易振興機構,trade_body,JP,ja,delegate,online",
    "sato@corp.example.jp,佐藤,ケンタ,Sato,Kenta,株式会社　サンプル,corporate,JP,ja,signatory,",
]
CHINESE = [
    "zhang.wei@sc.example.cn,张,伟,Zhang,Wei,四川省商务厅,government,CN,zh,vip,in_person",
    "ouyang@cdtb.example.cn,欧阳,晓燕,Ouyang,Xiaoyan,成都市贸促会,trade_body,CN,zh,delegate,online",
    "lv@corp.example.cn,吕,国强,Lyu,Guoqiang,四川长虹电器股份有限公司,corporate,CN,zh,signatory,",
]


def csv_bytes(lines: list[str], encoding: str, delimiter: str = ",", bom: bytes = b"") -> bytes:
    text = "\r\n".join(line.replace(",", delimiter) for line in [HEADER, *lines]) + "\r\n"
    return bom + text.encode(encoding)


def names() -> dict[str, tuple[str, str]]:
    db.session.expire_all()
    return {d.email: (d.family_name, d.given_name) for d in db.session.scalars(select(Delegate))}


@pytest.mark.parametrize(("encoding", "bom", "lines"), [
    ("utf-8", b"", JAPANESE + CHINESE),
    ("utf-8", b"\xef\xbb\xbf", JAPANESE + CHINESE),
    ("utf-16", b"", JAPANESE + CHINESE),  # Python writes the BOM, as Excel's "Unicode text" does
    ("gb18030", b"", CHINESE),
    ("gbk", b"", CHINESE),
    ("cp932", b"", JAPANESE),
    ("shift_jis", b"", [line.replace("山﨑", "山崎").replace("髙橋", "高橋") for line in JAPANESE]),
])
def test_import_of_a_csv_in_each_encoding_keeps_the_cjk_names(app: Flask, encoding: str, bom: bytes,
                                                              lines: list[str]) -> None:
    event = make_event()
    report = service.import_guests(event, csv_bytes(lines, encoding, bom=bom), "guests.csv")
    assert report.problems == []
    assert report.created == len(lines)
    stored = names()
    for line in lines:
        email, family, given = line.split(",")[:3]
        assert stored[email] == (family, given)


def test_a_tab_separated_file_with_full_width_spaces_is_trimmed(app: Flask) -> None:
    event = make_event()
    lines = ["\u3000yamazaki@pref.example.jp\u3000,山﨑\u3000,\u3000さくら,Yamazaki,Sakura, 岡山県庁 ,"
             "government,jp,JA,VIP,"]
    report = service.import_guests(event, csv_bytes(lines, "utf-16", "\t"), "guests.txt")
    assert report.problems == []
    delegate = db.session.scalar(select(Delegate))
    assert (delegate.email, delegate.family_name, delegate.given_name) == ("yamazaki@pref.example.jp", "山﨑", "さくら")
    assert delegate.organisation.name == "岡山県庁" and delegate.organisation.country == "JP"


def test_short_japanese_and_chinese_files_are_told_apart(app: Flask) -> None:
    assert decode("山﨑,さくら\r\n".encode("cp932"))[1] == "cp932"
    assert decode("髙橋,一郎\r\n".encode("cp932"))[1] == "cp932"
    assert decode("佐藤,ケンタ\r\n".encode("cp932"))[1] == "cp932"
    assert decode("张,伟\r\n".encode("gbk"))[1] == "gb18030"
    assert decode("欧阳,晓燕\r\n".encode("gb18030"))[1] == "gb18030"
    assert decode("Müller,José\r\n".encode("cp1252"))[1] == "cp1252"


def test_a_file_with_three_bad_rows_reports_all_three_and_writes_nothing(app: Flask) -> None:
    event = make_event()
    lines = [
        JAPANESE[0],
        "not-an-address,髙橋,一郎,Takahashi,Ichiro,日本貿易振興機構,trade_body,JP,ja,delegate,online",
        "sato@corp.example.jp,佐藤,ケンタ,Sato,Kenta,株式会社サンプル,corporate,XX,ja,signatory,",
        CHINESE[0],
        "YAMAZAKI@pref.example.jp,山﨑,さくら,Yamazaki,Sakura,岡山県庁,government,JP,ja,vip,in_person",
    ]
    data = csv_bytes(lines, "utf-8").replace(b"family_name,", b"Family_Name,", 1)
    report = service.import_guests(event, data, "guests.csv")
    assert report.problems == [
        "line 3, column email: not a valid e-mail address: not-an-address",
        "line 4, column country: unknown country 'XX' (an ISO 3166-1 alpha-2 code, e.g. CN, JP)",
        "line 6, column email: the same e-mail as line 2",
    ]
    assert db.session.scalar(select(func.count()).select_from(Delegate)) == 0
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 0


def test_missing_values_unknown_choices_and_columns_are_named(app: Flask) -> None:
    event = make_event()
    data = ("Email,family_name,organisation,role,language,organisation_kind,badge_colour\r\n"
            ",山田,岡山県庁,vip,ja,government,red\r\n"
            "a@example.jp,,,chef,fr,ministry,blue\r\n").encode()
    problems = service.import_guests(event, data, "guests.csv").problems
    assert problems == ["line 1, column badge_colour: unknown column (the columns are: "
                        "email, family_name, given_name, family_name_latin, given_name_latin, family_name_reading, "
                        "given_name_reading, honorific, position, "
                        "organisation, organisation_kind, country, language, role, phone, mode, dietary, "
                        "accessibility, interpreter, note, meeting_url)"]
    problems = service.import_guests(event, data.replace(b",badge_colour", b"").replace(b",red", b"")
                                     .replace(b",blue", b""), "guests.csv").problems
    assert problems == [
        "line 2, column Email: missing required value",
        "line 3, column family_name: missing required value (give family_name or family_name_latin)",
        "line 3, column organisation: missing required value",
        "line 3, column role: unknown role 'chef' (one of: vip, signatory, delegate, press, staff, interpreter)",
        "line 3, column language: unknown language 'fr' (one of: en, zh, ja)",
        "line 3, column organisation_kind: unknown organisation kind 'ministry' "
        "(one of: government, trade_body, corporate, media, other)",
    ]


def test_reimporting_an_updated_file_updates_by_email_without_duplicates(app: Flask) -> None:
    event = make_event()
    service.import_guests(event, csv_bytes(JAPANESE, "utf-8"), "guests.csv")
    changed = [JAPANESE[0].replace("YAMAZAKI", "x").replace("in_person", "online").replace("vip", "signatory"),
               JAPANESE[1].replace("takahashi@", "TAKAHASHI@"), JAPANESE[2], CHINESE[0]]
    dry = service.import_guests(event, csv_bytes(changed, "utf-8"), "guests.csv", dry_run=True)
    assert (dry.created, dry.updated, dry.unchanged, dry.written) == (1, 1, 2, False)
    assert dry.rows[0].changes == {"role": ["vip", "signatory"], "mode": [Mode.IN_PERSON, Mode.ONLINE]}
    report = service.import_guests(event, csv_bytes(changed, "utf-8"), "guests.csv")
    assert (report.created, report.updated, report.unchanged) == (1, 1, 2)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Delegate)) == 4
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 4
    yamazaki = db.session.scalar(select(Delegate).where(Delegate.email == "yamazaki@pref.example.jp"))
    assert yamazaki.role == "signatory" and yamazaki.invitations[0].proposed_mode == Mode.ONLINE
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "guests.import")
                               .order_by(AuditEntry.id)).all()[-1]
    assert entry.changes["created"] == [None, 1] and entry.changes["updated"] == [None, 1]


@pytest.mark.parametrize("format_", ["csv", "xlsx"])
def test_names_round_trip_byte_exact_through_export(app: Flask, format_: str) -> None:
    event = make_event()
    lines = JAPANESE + CHINESE + ["guard@example.org,=Formula,@x,,,Test Org,other,,en,press,"]
    service.import_guests(event, csv_bytes(lines, "utf-8"), "guests.csv")
    data, _mime, filename = exporter.export(event, format_)
    if format_ == "csv":
        assert data.startswith(b"\xef\xbb\xbf")
        assert "髙橋".encode() in data and "山﨑".encode() in data
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
        cells = {c for row in sheet.iter_rows(values_only=True) for c in row}
        assert {"山﨑", "髙橋", "さくら", "ケンタ", "吕", "'=Formula"} <= cells  # marked as text, as in the CSV
    before = names()
    again = service.import_guests(event, data, filename)
    assert again.problems == []
    assert (again.created, again.updated, again.unchanged) == (0, 0, len(lines))
    assert names() == before
    assert before["guard@example.org"] == ("=Formula", "@x")


def test_the_export_has_the_links_and_answers_columns(app: Flask, tmp_path: Path) -> None:
    event = make_event()
    service.import_guests(event, csv_bytes(CHINESE, "utf-8"), "guests.csv")
    text = exporter.to_csv(event).decode("utf-8-sig")
    header, *lines = text.splitlines()
    [first] = [line for line in lines if line.startswith("lv@")]
    assert header.endswith("meeting_url,status,checked_in_at,checked_in_door,online_joined_at,online_minutes,"
                           "rsvp_url,attendance")
    token = db.session.scalar(select(Invitation.token).join(Delegate).where(Delegate.email == "lv@corp.example.cn"))
    assert first.startswith("lv@corp.example.cn,吕,国强")
    assert first.endswith(f",,invited,,,,,http://eventdesk.test/i/{token},not_yet")


def test_a_large_list_goes_through_the_web_preview_and_confirmation(app: Flask, organiser_client) -> None:
    import re

    event = make_event()
    lines = [f"guest{n}@example.jp,山田,太郎{n},Yamada,Taro,岡山県庁,government,JP,ja,delegate,online"
             for n in range(6000)]  # about 900 KB once encoded for the confirmation: above a form field's limit
    page = organiser_client.get("/events/ceremony/guests/import").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    preview = organiser_client.post("/events/ceremony/guests/import", data={
        "csrf_token": token, "file": (io.BytesIO(csv_bytes(lines, "utf-8")), "大名簿.csv")},
        content_type="multipart/form-data")
    assert preview.status_code == 200 and "Preview: 大名簿.csv" in preview.text
    assert db.session.scalar(select(func.count()).select_from(Delegate)) == 0
    chunks = re.findall(r'name="content" value="([^"]+)"', preview.text)
    assert len(chunks) > 1
    done = organiser_client.post("/events/ceremony/guests/import/confirm", data={
        "csrf_token": token, "filename": "大名簿.csv", "content": chunks}, content_type="multipart/form-data")
    assert done.status_code == 302
    invited = select(func.count()).select_from(Invitation).where(Invitation.event_id == event.id)
    assert db.session.scalar(invited) == 6000
    bad = organiser_client.post("/events/ceremony/guests/import/confirm", data={
        "csrf_token": token, "filename": "x.csv", "content": "%%%"}, content_type="multipart/form-data")
    assert bad.status_code == 302 and bad.location.endswith("/events/ceremony/guests/import")
