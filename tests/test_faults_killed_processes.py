"""A command killed (SIGKILL, a real process) in the middle of its work leaves consistent data: an import writes
all or nothing, a badge batch counts as printed only once its PDF is there, a report never leaves a truncated
file where the last good one was."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from eventdesk.extensions import db
from eventdesk.models import Badge, Delegate, Invitation, Organisation
from eventdesk.signing import service as signing
from tests.conftest import TEST_SIGNING_KEY
from tests.factories import make_delegate, make_event, make_invitation
from tests.killable import Run
from tests.signing_factories import admit, signing_pair


@pytest.fixture
def command_env(app: Flask, database: dict) -> dict[str, str]:
    """What `eventdesk` needs to run as its own process on this test's database."""
    env = {**os.environ, "EVENTDESK_INSTANCE_PATH": app.instance_path, "EVENTDESK_SECRET_KEY": "test-secret",
           "EVENTDESK_BADGE_SIGNING_KEY": TEST_SIGNING_KEY, "EVENTDESK_BADGE_KEY_ID": "T",
           "EVENTDESK_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"]}
    if database["backend"] == "postgresql":
        env["PGOPTIONS"] = f"-csearch_path={database['schema']}"
    return env


def count(model: Any, *where: Any) -> int:
    db.session.rollback()  # see what other processes committed
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_an_import_killed_before_it_commits_writes_nothing_and_runs_again(
        app: Flask, command_env: dict[str, str], tmp_path: Path) -> None:
    make_event()
    guests = tmp_path / "guests.csv"
    guests.write_text("email,family_name,family_name_latin,organisation\n" + "".join(
        f"guest{n}@example.jp,山田{n},Yamada,組織{n % 7}\n" for n in range(300)), encoding="utf-8")
    command = ["guests", "import", "ceremony", str(guests)]

    run = Run(command, command_env, "audit:guests.import")
    run.paused()  # every row inserted, the transaction open
    run.kill()
    assert (count(Delegate), count(Invitation), count(Organisation)) == (0, 0, 0)

    again = app.test_cli_runner().invoke(args=command)
    assert again.exit_code == 0, again.output
    assert "300 created" in again.output
    assert (count(Delegate), count(Invitation), count(Organisation)) == (300, 300, 7)


@pytest.mark.parametrize("point", ["write", "replace"])
def test_a_badge_batch_killed_before_its_pdf_is_there_counts_nothing_as_printed(
        app: Flask, command_env: dict[str, str], tmp_path: Path, point: str) -> None:
    event = make_event()
    for n in range(6):
        make_invitation(event, make_delegate(email=f"guest{n}@example.jp"), status="accepted", mode="in_person")
    pdf = tmp_path / "badges.pdf"
    command = ["badges", "ceremony", "-o", str(pdf)]

    run = Run(command, command_env, f"{point}:{pdf}")
    run.paused()
    run.kill()
    assert not pdf.exists()
    assert count(Badge, Badge.printed_at.is_not(None)) == 0  # nobody would think these were printed

    again = app.test_cli_runner().invoke(args=[*command, "--only", "new"])
    assert again.exit_code == 0, again.output
    assert "Wrote 6 badges" in again.output
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.read_bytes().rstrip().endswith(b"%%EOF")
    assert count(Badge, Badge.printed_at.is_not(None)) == 6


def test_a_report_killed_while_writing_leaves_the_last_good_report(
        app: Flask, command_env: dict[str, str], tmp_path: Path) -> None:
    event = make_event()
    first, wang, sato = signing_pair(event, "CJ-01")
    admit(wang)
    admit(sato)
    signing.sign(first, "in_person")
    report = tmp_path / "report.csv"
    command = ["agreements", "report", "ceremony", "-o", str(report)]
    assert app.test_cli_runner().invoke(args=command).exit_code == 0
    good = report.read_bytes()

    second, chen, ito = signing_pair(event, "CJ-02")
    admit(chen)
    admit(ito)
    signing.sign(second, "in_person")
    run = Run(command, command_env, f"write:{report}")
    run.paused()  # half the new report written
    run.kill()
    assert report.read_bytes() == good

    assert app.test_cli_runner().invoke(args=command).exit_code == 0
    assert b"CJ-02" in report.read_bytes() and report.read_bytes().startswith(good.splitlines()[0])
