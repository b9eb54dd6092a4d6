"""An operator backs up a running instance and restores it into a fresh database on another machine: every
table comes back row by row, the keys come along, and badges printed before the backup still scan."""

from __future__ import annotations

import base64
import io
import os
import tarfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from flask import Flask
from PIL import Image
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import Engine, make_url

from eventdesk import create_app
from eventdesk.backups import postgresql
from eventdesk.errors import Refused
from eventdesk.extensions import db
from eventdesk.guests import invitations
from eventdesk.models import Base, Invitation
from eventdesk.signing import documents
from eventdesk.signing import service as signing
from tests.factories import bearer, make_event, make_staff
from tests.signing_factories import admit, guest, jetro, signing_pair

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def rows(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows in primary-key order."""
    with engine.connect() as connection:
        return {table.name: [tuple(row) for row in connection.execute(
            select(table).order_by(*table.primary_key.columns))] for table in Base.metadata.sorted_tables}


def fresh_keys() -> str:
    """instance/config.py as `eventdesk init` writes it on the new machine: keys of its own."""
    seed = Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return (f"SECRET_KEY = {os.urandom(32).hex()!r}\nBADGE_SIGNING_KEY = {base64.b64encode(seed).decode()!r}\n"
            "BADGE_KEY_ID = 'A'\nMAIL_FROM = 'desk <desk@new.example>'\n")


def instance_app(instance: Path, database: dict, url: str) -> Flask:
    """The app as `eventdesk` starts it from an instance folder: the keys come from instance/config.py."""
    config: dict[str, Any] = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": url}
    if database["backend"] == "postgresql":
        config["SQLALCHEMY_ENGINE_OPTIONS"] = database["options"]
    os.environ["EVENTDESK_INSTANCE_PATH"] = str(instance)
    try:
        return create_app(config)
    finally:
        del os.environ["EVENTDESK_INSTANCE_PATH"]


def restore(target: Flask, backup: Path) -> Any:
    """`eventdesk restore` run against the new machine's app (its own context: the test's app is current)."""
    with target.app_context():
        try:
            return target.test_cli_runner().invoke(args=["restore", str(backup)])
        finally:
            db.session.remove()
            db.engine.dispose()
            target.extensions["eventdesk_autocommit_engine"].dispose()


@pytest.fixture
def fresh_database(database: dict, tmp_path: Path) -> Iterator[str]:
    """An empty database on the new machine: an SQLite file with the tables made, or a PostgreSQL database of
    its own (created here, dropped after)."""
    if database["backend"] == "sqlite":
        url = f"sqlite:///{tmp_path / 'new.sqlite'}"
        engine = create_engine(url)
        Base.metadata.create_all(engine)
        engine.dispose()
        yield url
        return
    name = f"test_restore_{os.getpid()}"
    admin = create_engine(database["url"], isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield make_url(database["url"]).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


@pytest.fixture
def ceremony(app: Flask, client) -> dict[str, Any]:
    """A ceremony under way: guests with badges (one printed and not yet admitted), a scan at the door, an
    agreement signed with its scan attached, mail waiting, staff with API tokens."""
    event = make_event()
    agreement, wang, sato = signing_pair(event)
    admit(wang)
    admit(sato)
    signing.sign(agreement, "in_person")
    documents.attach(agreement, "signed.pdf", PDF)
    door = make_staff("door", "north@eventdesk.test")
    token = bearer(door)
    latecomer = guest(event, "𠮷田 花子", "Hanako YOSHIDA", jetro(), email="yoshida@jetro.example.jp", language="ja")
    printed = client.get(f"/i/{latecomer.token}/badge.png")
    assert printed.status_code == 200
    code = zxingcpp.read_barcodes(Image.open(io.BytesIO(printed.data)))[0].text
    scan = client.post(f"/api/v1/events/{event.slug}/checkins", headers=token,
                       json={"code": code + "X", "door": "North door", "scan_id": "tablet-1:1"})
    assert scan.get_json()["result"] == "invalid"
    invitations.queue(event, [wang.id, sato.id])
    # Plain values: the restored app must not touch this app's objects (they would load through its session).
    return {"slug": event.slug, "token": token, "code": code, "latecomer": latecomer.id}


def test_a_restored_backup_has_every_row_and_the_printed_badges_still_scan(
        app: Flask, database: dict, ceremony: dict[str, Any], fresh_database: str, tmp_path: Path) -> None:
    backup = tmp_path / "eventdesk-backup.tar.gz"
    taken = app.test_cli_runner().invoke(args=["backup", str(backup)])
    assert taken.exit_code == 0, taken.output
    assert backup.stat().st_mode & 0o077 == 0  # it holds the keys: its owner alone reads it
    before = rows(db.engine)

    new_instance = tmp_path / "new-instance"
    new_instance.mkdir()
    (new_instance / "config.py").write_text(fresh_keys())
    done = restore(instance_app(new_instance, database, fresh_database), backup)
    assert done.exit_code == 0, done.output
    assert "1 document file(s)" in done.output

    restored = instance_app(new_instance, database, fresh_database)  # started again, as after a restore
    with restored.app_context():
        try:
            after = rows(db.engine)
            assert after == before
            assert all(before[name] for name in ("events", "delegates", "invitations", "badges", "checkins",
                                                 "agreements", "signing_entries", "agreement_documents",
                                                 "outbox", "audit_log", "staff", "api_tokens"))
            assert restored.config["SECRET_KEY"] == app.config["SECRET_KEY"]
            assert restored.config["MAIL_FROM"] == "desk <desk@new.example>"  # the new machine's settings stay
            stored = db.session.scalars(select(documents.AgreementDocument)).one()
            assert documents.get(stored.agreement, stored.id)[1].read_bytes() == PDF

            client = restored.test_client()
            answer = client.post(f"/api/v1/events/{ceremony['slug']}/checkins", headers=ceremony["token"],
                                 json={"code": ceremony["code"], "door": "North door"})
            assert answer.status_code == 200, answer.get_json()
            assert answer.get_json()["result"] == "admitted"
            assert answer.get_json()["invitation"]["id"] == ceremony["latecomer"]
            replay = client.post(f"/api/v1/events/{ceremony['slug']}/checkins", headers=ceremony["token"],
                                 json={"code": "anything", "door": "North door", "scan_id": "tablet-1:1"})
            assert replay.get_json()["result"] == "invalid"  # the scan ids came along: a retry records nothing
        finally:
            db.session.remove()
            db.engine.dispose()
            restored.extensions["eventdesk_autocommit_engine"].dispose()


def test_restore_refuses_a_database_that_holds_data_and_changes_nothing(
        app: Flask, ceremony: dict[str, Any], tmp_path: Path) -> None:
    backup = tmp_path / "backup.tar.gz"
    assert app.test_cli_runner().invoke(args=["backup", str(backup)]).exit_code == 0
    invitation = db.session.get(Invitation, ceremony["latecomer"])
    invitation.details = {"note": "changed after the backup"}
    db.session.commit()
    config = Path(app.instance_path) / "config.py"
    config.write_text("SECRET_KEY = 'the running instance'\n")
    before = rows(db.engine)

    refused = app.test_cli_runner().invoke(args=["restore", str(backup)])
    assert refused.exit_code == 1
    assert "already holds data" in refused.output and "nothing was changed" in refused.output
    assert rows(db.engine) == before
    assert config.read_text() == "SECRET_KEY = 'the running instance'\n"


def test_restore_refuses_a_file_that_is_no_backup(app: Flask, tmp_path: Path) -> None:
    runner = app.test_cli_runner()
    missing = runner.invoke(args=["restore", str(tmp_path / "nowhere.tar.gz")])
    assert missing.exit_code == 1 and "no such file" in missing.output
    (tmp_path / "guests.csv").write_text("email,organisation\n")
    assert "not an eventdesk backup" in runner.invoke(args=["restore", str(tmp_path / "guests.csv")]).output
    strange = tmp_path / "strange.tar"
    with tarfile.open(strange, "w") as tar:
        member = tarfile.TarInfo("manifest.json")
        data = b'{"format": "eventdesk-backup", "format_version": 99, "engine": "sqlite"}'
        member.size = len(data)
        tar.addfile(member, io.BytesIO(data))
    newer = runner.invoke(args=["restore", str(strange)])
    assert newer.exit_code == 1 and "upgrade eventdesk first" in newer.output


def test_a_backup_taken_while_the_door_scans_is_one_consistent_moment(
        app: Flask, database: dict, ceremony: dict[str, Any], fresh_database: str, tmp_path: Path) -> None:
    """Scans keep arriving during the backup; the restored database holds every scan whose door it names and
    every admission's scan, nothing half-written."""
    client, url = app.test_client(), f"/api/v1/events/{ceremony['slug']}/checkins"
    stop, going = threading.Event(), threading.Event()
    made = []

    def scanning() -> None:
        while not stop.is_set():
            n = len(made) + 1
            client.post(url, headers=ceremony["token"],
                        json={"code": f"not a badge {n}", "door": f"Door {n % 7}", "scan_id": f"busy:{n}"})
            made.append(n)
            if n == 3:
                going.set()

    scanner = threading.Thread(target=scanning)
    scanner.start()
    try:
        going.wait(timeout=60)
        backup = tmp_path / "busy.tar.gz"
        taken = app.test_cli_runner().invoke(args=["backup", str(backup)])
    finally:
        stop.set()
        scanner.join()
    assert taken.exit_code == 0, taken.output
    new_instance = tmp_path / "busy-instance"
    new_instance.mkdir()
    assert restore(instance_app(new_instance, database, fresh_database), backup).exit_code == 0
    target = instance_app(new_instance, database, fresh_database)
    with target.app_context():
        try:
            with db.engine.connect() as connection:
                orphans = connection.scalar(text(
                    "SELECT count(*) FROM checkins c LEFT JOIN doors d ON d.id = c.door_id WHERE d.id IS NULL"))
                scans = connection.scalar(text("SELECT count(*) FROM checkins WHERE scan_id LIKE 'busy:%'"))
                numbers = sorted(int(s.split(":")[1]) for s in connection.scalars(
                    text("SELECT scan_id FROM checkins WHERE scan_id LIKE 'busy:%'")))
            assert orphans == 0
            assert scans >= 3 and numbers == list(range(1, scans + 1))  # a prefix of the scans: none missing
        finally:
            db.session.remove()
            db.engine.dispose()
            target.extensions["eventdesk_autocommit_engine"].dispose()


def test_postgresql_tools_are_found_or_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("EVENTDESK_PG_BIN", str(tmp_path))
    with pytest.raises(Refused, match="pg_dump is not in EVENTDESK_PG_BIN"):
        postgresql.tool("pg_dump")
    monkeypatch.delenv("EVENTDESK_PG_BIN")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert Path(postgresql.tool("pg_restore")).name == "pg_restore"  # Debian's /usr/lib/postgresql/*/bin
