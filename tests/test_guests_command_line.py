"""Organisers import and export guest lists from the command line."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

from eventdesk.extensions import db
from eventdesk.models import Delegate
from tests.factories import make_event

LIST = ("Email,Family_Name,Given_Name,Family_Name_Latin,Given_Name_Latin,Organisation,Country,Language\r\n"
        "yamazaki@pref.example.jp,山﨑,さくら,Yamazaki,Sakura,岡山県庁,JP,ja\r\n"
        "zhang@sc.example.cn,张,伟,Zhang,Wei,四川省商务厅,CN,zh\r\n")


def test_import_dry_run_then_import_then_export_round_trip(app: Flask, runner, tmp_path: Path) -> None:
    make_event()
    source = tmp_path / "名簿.csv"
    source.write_bytes(LIST.encode("gb18030").replace("山﨑".encode("gb18030"), "山崎".encode("gb18030")))
    dry = runner.invoke(args=["guests", "import", "ceremony", str(source), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "line 2: created yamazaki@pref.example.jp 山崎 さくら / Sakura Yamazaki" in dry.output
    assert "Would import 名簿.csv: 2 created, 0 updated, 0 unchanged; 2 new organisations (dry run" in dry.output
    assert db.session.scalar(select(func.count()).select_from(Delegate)) == 0
    done = runner.invoke(args=["guests", "import", "ceremony", str(source)])
    assert "Imported 名簿.csv: 2 created, 0 updated, 0 unchanged" in done.output
    exported = tmp_path / "out.xlsx"
    assert runner.invoke(args=["guests", "export", "ceremony", "-o", str(exported)]).exit_code == 0
    again = runner.invoke(args=["guests", "import", "ceremony", str(exported)])
    assert "0 created, 0 updated, 2 unchanged" in again.output
    stdout = runner.invoke(args=["guests", "export", "ceremony", "--format", "csv"])
    assert stdout.stdout_bytes.startswith(b"\xef\xbb\xbfemail,family_name")
    assert "山崎" in stdout.stdout_bytes.decode("utf-8-sig")


def test_bad_rows_and_missing_files_exit_1_and_write_nothing(app: Flask, runner, tmp_path: Path) -> None:
    make_event()
    source = tmp_path / "guests.csv"
    source.write_text(LIST.replace(",JP,", ",ZZ,").replace("zhang@sc.example.cn", "zhang@"), encoding="utf-8")
    result = runner.invoke(args=["guests", "import", "ceremony", str(source)])
    assert result.exit_code == 1
    assert "line 2, column Country: unknown country 'ZZ'" in result.output
    assert "line 3, column Email: not a valid e-mail address: zhang@" in result.output
    assert "2 problem(s) in guests.csv; nothing was written" in result.output
    assert db.session.scalar(select(func.count()).select_from(Delegate)) == 0
    assert runner.invoke(args=["guests", "import", "ceremony", str(tmp_path / "missing.csv")]).exit_code == 1
    assert runner.invoke(args=["guests", "import", "nowhere", str(source)]).exit_code == 1
    assert runner.invoke(args=["guests", "export", "ceremony", "--format", "pdf"]).exit_code == 2
    garbage = tmp_path / "guests.xlsx"
    garbage.write_bytes(b"PK\x03\x04 not really a workbook")
    unreadable = runner.invoke(args=["guests", "import", "ceremony", str(garbage)])
    assert unreadable.exit_code == 1 and "not a readable XLSX workbook" in unreadable.output
