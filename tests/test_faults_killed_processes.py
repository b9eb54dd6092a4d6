"""A command killed (SIGKILL, a real process) in the middle of its work leaves consistent data: an import writes
all or nothing, a badge batch counts as printed only once its PDF is there, a report never leaves a truncated
file where the last good one was, and the mail worker sends each mail at most once, and again every mail the
server cannot have received."""

from __future__ import annotations

import asyncio
import os
import socket
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from aiosmtpd.controller import Controller
from flask import Flask
from sqlalchemy import func, select

from eventdesk.extensions import db
from eventdesk.guests import invitations
from eventdesk.mail import sender
from eventdesk.models import Badge, Delegate, Event, Invitation, MailStatus, Organisation, OutboxMessage, utcnow
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


@pytest.mark.parametrize("report_command", [["agreements", "report"], ["report"]])
def test_a_report_killed_while_writing_leaves_the_last_good_report(
        app: Flask, command_env: dict[str, str], tmp_path: Path, report_command: list[str]) -> None:
    event = make_event()
    first, wang, sato = signing_pair(event, "CJ-01")
    admit(wang)
    admit(sato)
    signing.sign(first, "in_person")
    report = tmp_path / "report.csv"
    command = [*report_command, "ceremony", "-o", str(report)]
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


class HoldingMailbox:
    """An SMTP server that keeps what it receives and can hold one message at RCPT or after DATA, telling the
    test it is there, so the sender can be killed at exactly that moment."""

    def __init__(self) -> None:
        self.received: list[str] = []
        self.hold: tuple[str, str] | None = None  # (phase, recipient)
        self.holding, self.release = threading.Event(), threading.Event()

    async def _held(self, phase: str, address: str) -> None:
        if self.hold == (phase, address):
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        await self._held("rcpt", address)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.extend(envelope.rcpt_tos)  # the data is here: from now on the guest may get it
        await self._held("data", envelope.rcpt_tos[0])
        return "250 OK"


@pytest.fixture
def mailbox(app: Flask, command_env: dict[str, str]) -> Iterator[HoldingMailbox]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    box = HoldingMailbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_STARTTLS=False, SMTP_USER=None)
    command_env.update(EVENTDESK_SMTP_HOST="127.0.0.1", EVENTDESK_SMTP_PORT=str(port))
    try:
        yield box
    finally:
        box.release.set()
        controller.stop()


def queued_invitations(event: Event, n: int) -> list[str]:
    ids = [make_invitation(event, make_delegate(email=f"guest{k}@example.jp")).id for k in range(n)]
    invitations.queue(event, ids)
    return [f"guest{k}@example.jp" for k in range(n)]


def test_a_mail_worker_killed_before_handing_a_message_over_sends_it_later_exactly_once(
        app: Flask, command_env: dict[str, str], mailbox: HoldingMailbox) -> None:
    addresses = queued_invitations(make_event(), 6)
    mailbox.hold = ("rcpt", addresses[2])
    run = Run(["mail", "deliver"], command_env, None)
    assert mailbox.holding.wait(timeout=120)
    run.kill()
    mailbox.release.set()
    assert mailbox.received == addresses[:2]

    # A worker started at once leaves the message the dead one had claimed ...
    assert sender.deliver(sender.pending_ids()).sent == 3
    assert sorted(mailbox.received) == sorted(addresses[:2] + addresses[3:])
    # ... and sends it once the claim has lapsed: the server never had it.
    with time_machine.travel(utcnow() + sender.CLAIM_LEASE + timedelta(seconds=1)):
        assert sender.deliver(sender.pending_ids()).sent == 1
    assert sorted(mailbox.received) == sorted(addresses)
    assert count(OutboxMessage, OutboxMessage.status == MailStatus.SENT) == 6


def test_a_mail_worker_killed_while_the_server_takes_a_message_never_sends_it_twice(
        app: Flask, command_env: dict[str, str], mailbox: HoldingMailbox) -> None:
    event = make_event()
    addresses = queued_invitations(event, 6)
    mailbox.hold = ("data", addresses[2])
    run = Run(["mail", "deliver"], command_env, None)
    assert mailbox.holding.wait(timeout=120)
    run.kill()  # the server has the message; the worker never heard its answer
    mailbox.release.set()
    assert mailbox.received == addresses[:3]

    assert sender.deliver(sender.pending_ids()).sent == 3
    with time_machine.travel(utcnow() + sender.CLAIM_LEASE + timedelta(seconds=1)):
        later = sender.deliver(sender.pending_ids())
    assert later.sent == 0
    assert sorted(mailbox.received) == sorted(addresses)  # each guest got it once
    state = invitations.state(event)  # the organisers see it, and why, and decide
    assert [address for address, _reason in state.failed] == [addresses[2]]
    assert "may have arrived" in state.failed[0][1]
