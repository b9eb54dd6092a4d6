"""PostgreSQL restarts while the doors are busy: every scan meanwhile gets a clear 503 with a retry hint (the JSON
error shape), the doors send it again with its scan_id, and once the database is back every scan is recorded
exactly once and every guest admitted once. Runs on a PostgreSQL cluster of its own (initdb + pg_ctl on another
port), so the shared server is never restarted."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from eventdesk import create_app, database
from eventdesk.backups.postgresql import tool
from eventdesk.badges import service as badges
from eventdesk.extensions import db
from eventdesk.models import Base, CheckIn, ScanResult
from tests.conftest import TEST_SIGNING_KEY
from tests.factories import bearer, make_delegate, make_event, make_invitation, make_staff

DOORS, PER_DOOR = 3, 8


class Cluster:
    """A throwaway PostgreSQL cluster owned by the postgres user, on a free port."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.ctl = folder, tool("pg_ctl")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        folder.mkdir(mode=0o700)
        shutil.chown(folder, "postgres")
        self._as_postgres(tool("initdb"), "-D", str(folder / "data"), "-A", "trust", "-U", "postgres")
        self.start()

    def _as_postgres(self, *command: str) -> None:
        runner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        done = subprocess.run([*runner, *command], capture_output=True, text=True, check=False)
        assert done.returncode == 0, f"{' '.join(command)}: {done.stdout}{done.stderr}"

    def start(self) -> None:
        self._as_postgres(self.ctl, "start", "-w", "-D", str(self.folder / "data"), "-l", str(self.folder / "log"),
                          "-o", f"-p {self.port} -c listen_addresses=127.0.0.1 -c fsync=off")

    def stop(self) -> None:
        self._as_postgres(self.ctl, "stop", "-w", "-m", "fast", "-D", str(self.folder / "data"))

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    folder = Path(f"/tmp/eventdesk-pg-{os.getpid()}-{time.monotonic_ns()}")
    own = Cluster(folder)
    try:
        yield own
    finally:
        own.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def door_app(cluster: Cluster, tmp_path: Path) -> Iterator[Flask]:
    os.environ["EVENTDESK_INSTANCE_PATH"] = str(tmp_path)
    try:
        app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": cluster.url,
                          "BADGE_SIGNING_KEY": TEST_SIGNING_KEY, "BADGE_KEY_ID": "T"})
    finally:
        del os.environ["EVENTDESK_INSTANCE_PATH"]
    with app.app_context():
        Base.metadata.create_all(db.engine)
        yield app
        db.session.remove()
        db.engine.dispose()
        app.extensions["eventdesk_autocommit_engine"].dispose()


class Door(threading.Thread):
    """A door device working through its queue of badges: each scan sent until it is answered, with its own
    scan_id, after the pause the server asks for."""

    def __init__(self, app: Flask, name: str, codes: list[str], token: dict[str, str], going: threading.Barrier,
                 down: threading.Event):
        super().__init__(name=name)
        self.client, self.codes, self.token, self.going, self.down = app.test_client(), codes, token, going, down
        self.answers: list[dict[str, Any]] = []
        self.refusals: list[tuple[dict[str, Any], str | None]] = []  # (body, Retry-After) of each 503
        self.saw_outage = threading.Event()

    def run(self) -> None:
        for number, code in enumerate(self.codes):
            if number == 2:
                self.going.wait()  # every door has scanned twice: now the database goes
                self.down.wait()  # (on a busy machine a door could otherwise finish before it has gone)
            body = {"code": code, "door": self.name, "scan_id": f"{self.name}:{number}"}
            while True:
                answer = self.client.post("/api/v1/events/ceremony/checkins", json=body, headers=self.token)
                if answer.status_code == 200:
                    self.answers.append(answer.get_json())
                    break
                assert answer.status_code == 503, answer.get_data(as_text=True)
                self.refusals.append((answer.get_json(), answer.headers.get("Retry-After")))
                self.saw_outage.set()
                time.sleep(0.05)  # a door waits Retry-After; the test need not


def test_a_postgresql_restart_during_a_door_rush_loses_no_scan_and_admits_each_guest_once(
        door_app: Flask, cluster: Cluster) -> None:
    event = make_event()
    codes = [badges.code_for(badges.issue(make_invitation(event, make_delegate(email=f"guest{n}@example.jp"),
                                                          status="accepted", mode="in_person")))
             for n in range(DOORS * PER_DOOR)]
    token = bearer(make_staff("door", "doors@eventdesk.test"))
    going, down = threading.Barrier(DOORS + 1), threading.Event()
    doors = [Door(door_app, f"Door {n}", codes[n::DOORS], token, going, down) for n in range(DOORS)]
    for door in doors:
        door.start()
    going.wait(timeout=120)
    cluster.stop()
    down.set()
    for door in doors:
        assert door.saw_outage.wait(timeout=120)  # every door met the outage and is retrying
    cluster.start()
    for door in doors:
        door.join(timeout=300)
        assert not door.is_alive()

    for door in doors:
        assert [a["result"] for a in door.answers] == ["admitted"] * PER_DOOR
        for body, retry_after in door.refusals:
            assert body["error"]["code"] == "database_unavailable" and "try again" in body["error"]["message"]
            assert retry_after == "2"
    db.session.remove()
    recorded = dict(db.session.execute(select(CheckIn.scan_id, func.count()).group_by(CheckIn.scan_id)).all())
    assert sorted(recorded) == sorted(f"Door {d}:{n}" for d in range(DOORS) for n in range(PER_DOOR))
    assert set(recorded.values()) == {1}
    admitted = db.session.scalar(select(func.count(func.distinct(CheckIn.invitation_id)))
                                 .where(CheckIn.result == ScanResult.ADMITTED))
    assert admitted == DOORS * PER_DOOR


def test_a_door_scan_without_scan_id_on_a_connection_the_restart_cut_gets_a_503_then_is_admitted(
        door_app: Flask, cluster: Cluster, monkeypatch: pytest.MonkeyPatch) -> None:
    # A busy door's connection is reused without a ping; the restart below cuts it while it waits in the pool.
    monkeypatch.setattr(database, "IDLE_BEFORE_PING", 3600.0)
    event = make_event()
    first, second = (badges.code_for(badges.issue(make_invitation(event, make_delegate(email=f"guest{n}@example.jp"),
                                                                  status="accepted", mode="in_person")))
                     for n in range(2))
    client, token = door_app.test_client(), bearer(make_staff("door", "doors@eventdesk.test"))
    url = "/api/v1/events/ceremony/checkins"
    assert client.post(url, json={"code": first, "door": "North"}, headers=token).get_json()["result"] == "admitted"
    cluster.stop()
    cluster.start()

    cut = client.post(url, json={"code": second, "door": "North"}, headers=token)
    assert cut.status_code == 503 and cut.headers["Retry-After"] == "2"
    assert cut.get_json()["error"]["code"] == "database_unavailable"
    again = client.post(url, json={"code": second, "door": "North"}, headers=token)
    assert again.status_code == 200 and again.get_json()["result"] == "admitted"
    db.session.remove()
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 2
