"""Shared fixtures: an app on a fresh database per test (SQLite always, PostgreSQL when configured),
clients signed in as each staff role, and factories that build valid data with defaults."""

from __future__ import annotations

import os
import shutil
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from eventdesk import create_app
from eventdesk.extensions import db
from eventdesk.models import Base, Staff
from tests.factories import make_staff, signed_in

# Property-based tests (hypothesis): `bounded` in `make test`, few examples and the same ones every run, so it never
# flakes; `long` in `make fuzz`, many random ones. HYPOTHESIS_PROFILE chooses.
settings.register_profile("bounded", max_examples=25, deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                                 HealthCheck.data_too_large])
settings.register_profile("long", max_examples=500, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                                 HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "bounded"))

PG_URL = os.environ.get("EVENTDESK_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
# For tests of what a browser makes of the markup (the accessibility sweep): the database behind a page changes
# none of its HTML, so these run on the SQLite leg alone.
sqlite_leg_only = pytest.mark.parametrize("database", ["sqlite"], indirect=True)
# For the long end-to-end runs that prove the production setup: PostgreSQL when the suite has it, else SQLite.
production_leg_only = pytest.mark.parametrize("database", BACKENDS[-1:], indirect=True)
TEST_SIGNING_KEY = "nWGxne/9WmC6hEr0kuwsxERJxWl7MDkS4Ie9XmDSNrE="  # a fixed Ed25519 seed, tests only


def pytest_report_header() -> list[str]:
    return [f"eventdesk database legs: {', '.join(BACKENDS)}"
            + ("" if PG_URL else " (set EVENTDESK_TEST_DATABASE_URL for PostgreSQL)")]


@pytest.fixture(scope="session", autouse=True)
def compiled_translations() -> None:
    """`make` compiles the message catalogues at install; a bare `pytest` compiles missing or stale ones."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in (Path(__file__).resolve().parent.parent / "eventdesk" / "translations").glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as source:
                catalog = read_po(source)
            partial = mo.with_suffix(f".{os.getpid()}.part")
            with partial.open("wb") as target:
                write_mo(target, catalog)
            partial.replace(mo)  # atomic, in case two test runs start at once


@pytest.fixture(scope="session", params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """A database with the schema built once per session; each test gets it empty."""
    if request.param == "sqlite":
        template = tmp_path_factory.mktemp("sqlite") / "template.sqlite"
        engine = create_engine(f"sqlite:///{template}")
        Base.metadata.create_all(engine)
        engine.dispose()
        yield {"backend": "sqlite", "template": template}
        return
    schema = f"edk_test_{uuid.uuid4().hex[:10]}"
    url = PG_URL.replace("postgresql://", "postgresql+psycopg://", 1) if PG_URL.startswith("postgresql://") \
        else PG_URL
    # The tests never crash the server: commits need not wait for the disk.
    options = {"connect_args": {"options": f"-csearch_path={schema} -csynchronous_commit=off"}, "pool_pre_ping": True}
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    engine = create_engine(url, **options)
    Base.metadata.create_all(engine)
    with engine.connect() as conn:
        sequences = conn.scalars(text("SELECT sequencename FROM pg_sequences WHERE schemaname = :schema"),
                                 {"schema": schema}).all()
        append_only = set(conn.scalars(text(  # a trigger refuses to delete their rows (the audit log)
            "SELECT event_object_table FROM information_schema.triggers WHERE trigger_schema = :schema "
            "AND event_manipulation = 'DELETE'"), {"schema": schema}))
    engine.dispose()
    try:
        yield {"backend": "postgresql", "url": url, "schema": schema, "options": options, "sequences": sequences,
               "append_only": append_only}
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


class FreshContextClient(FlaskClient):
    """Each request gets its own app context, as in production: no `g`, session or locale carried over
    from the test's own context or an earlier request."""

    def open(self, *args: Any, **kwargs: Any) -> Any:
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def app(database: dict, tmp_path: Path) -> Iterator[Flask]:
    instance = tmp_path / "instance"
    instance.mkdir()
    config: dict[str, Any] = {"TESTING": True, "SECRET_KEY": "test-secret", "BADGE_SIGNING_KEY": TEST_SIGNING_KEY,
                              "BADGE_KEY_ID": "T", "BASE_URL": "http://eventdesk.test",
                              "SERVER_NAME": None, "MAIL_FROM": "eventdesk <desk@eventdesk.test>",
                              # Tests make thousands of accounts and sign-ins: a far cheaper scrypt than production's
                              # (config.py; test_staff_credentials checks that one).
                              "PASSWORD_HASH": "scrypt:1024:8:1"}
    if database["backend"] == "sqlite":
        path = tmp_path / "eventdesk.sqlite"
        shutil.copy(database["template"], path)
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    else:
        config["SQLALCHEMY_DATABASE_URI"] = database["url"]
        config["SQLALCHEMY_ENGINE_OPTIONS"] = database["options"]
    os.environ["EVENTDESK_INSTANCE_PATH"] = str(instance)
    try:
        app = create_app(config)
    finally:
        del os.environ["EVENTDESK_INSTANCE_PATH"]
    app.test_client_class = FreshContextClient
    with app.app_context():
        yield app
        db.session.remove()
        if database["backend"] == "postgresql":
            # Emptied row by row, children first, and the ids started again: for tables this small DELETE takes
            # milliseconds where TRUNCATE (new files for every table and index) took half a second a test. Only
            # the append-only tables, whose rows no DELETE may remove, are truncated.
            restart = "SELECT " + ", ".join(f"setval('{name}', 1, false)" for name in database["sequences"])
            for attempt in range(3):
                try:
                    with db.engine.begin() as conn:
                        if database["append_only"]:
                            conn.execute(text(f"TRUNCATE {', '.join(sorted(database['append_only']))} CASCADE"))
                        for table in reversed(Base.metadata.sorted_tables):
                            if table.name not in database["append_only"]:
                                conn.execute(table.delete())
                        if database["sequences"]:
                            conn.execute(text(restart))
                    break
                except DBAPIError as e:  # autovacuum on the same tables can deadlock with it; it yields next time
                    if attempt == 2 or "deadlock" not in str(e):
                        raise
        db.engine.dispose()
        app.extensions["eventdesk_autocommit_engine"].dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> Any:
    return app.test_cli_runner()


@pytest.fixture
def organiser(app: Flask) -> Staff:
    return make_staff("organiser", "organiser@eventdesk.test")


@pytest.fixture
def organiser_client(app: Flask, organiser: Staff) -> FlaskClient:
    return signed_in(app, organiser)


@pytest.fixture
def door_client(app: Flask) -> FlaskClient:
    return signed_in(app, make_staff("door", "door@eventdesk.test"))


@pytest.fixture
def clerk_client(app: Flask) -> FlaskClient:
    return signed_in(app, make_staff("clerk", "clerk@eventdesk.test"))


@pytest.fixture
def empty_app(database: dict, tmp_path: Path) -> Iterator[Flask]:
    """An app on a database with no tables at all."""
    config = {"TESTING": True, "SECRET_KEY": "x"}
    schema = None
    if database["backend"] == "sqlite":
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    else:
        schema = f"edk_mig_{uuid.uuid4().hex[:10]}"
        with create_engine(database["url"]).begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        config["SQLALCHEMY_DATABASE_URI"] = database["url"]
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"options": f"-csearch_path={schema}"}}
    os.environ["EVENTDESK_INSTANCE_PATH"] = str(tmp_path)
    try:
        app = create_app(config)
    finally:
        del os.environ["EVENTDESK_INSTANCE_PATH"]
    with app.app_context():
        yield app
        db.engine.dispose()
        app.extensions["eventdesk_autocommit_engine"].dispose()
    if schema:
        with create_engine(database["url"]).begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))


class Mailbox:
    """A real SMTP server on loopback (aiosmtpd) that keeps what it receives; `fail_after` makes it answer
    451 after that many messages, `refuse` makes it refuse those recipients with 550."""

    def __init__(self) -> None:
        self.messages: list[Any] = []
        self.fail_after: int | None = None
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address.lower() in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.fail_after is not None and len(self.messages) >= self.fail_after:
            return "451 4.3.0 try again later"
        from email import message_from_bytes, policy

        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def to(self, address: str) -> list[Any]:
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture
def smtp(app: Flask) -> Iterator[Mailbox]:
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as s:  # aiosmtpd cannot take port 0: find a free one first
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_STARTTLS=False, SMTP_USER=None)
    try:
        yield mailbox
    finally:
        controller.stop()


class LiveServer:
    """The test app served over real HTTP on loopback, in a thread, for browser tests."""

    def __init__(self, app: Flask) -> None:
        import threading

        from werkzeug.serving import make_server

        self.unplugged = False  # the network cable out: each request's connection is dropped unanswered
        self.server = make_server("127.0.0.1", 0, self._serve(app), threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def _serve(self, app: Flask) -> Any:
        def serve(environ: dict[str, Any], start_response: Any) -> Any:
            if self.unplugged:  # Chromium's emulated offline let a door's sync through now and then; a cut never
                environ["werkzeug.socket"].shutdown(socket.SHUT_RDWR)
                raise ConnectionAbortedError("unplugged")
            return app(environ, start_response)
        return serve

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)


@pytest.fixture
def live_server(app: Flask) -> Iterator[LiveServer]:
    server = LiveServer(app)
    try:
        yield server
    finally:
        server.stop()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def chromium(playwright_instance: Any) -> Iterator[Any]:
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    """A fresh browser tab (own cookies) at a desktop size; tests may resize it for phones."""
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    try:
        yield tab
    finally:
        context.close()
