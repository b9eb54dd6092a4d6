"""More than one app server on one database, as deploy/ sets it up: two gunicorns started with
deploy/gunicorn.conf.py and nothing in common but the database and the keys. A badge raced from both is
admitted once, a signing on one reaches the board the other serves, a session and the sign-in throttle hold
across both, and two mail workers send each mail once."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
from flask import Flask
from sqlalchemy.engine import make_url

from eventdesk.badges import service as badges
from eventdesk.extensions import db
from eventdesk.models import OutboxMessage
from eventdesk.rsvp import mails
from tests.conftest import TEST_SIGNING_KEY, production_leg_only
from tests.factories import PASSWORD, make_event, make_invitation, make_staff
from tests.signing_factories import admit, signing_pair

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(app: Flask, instance: Path, **extra: str) -> dict[str, str]:
    """What deploy/eventdesk.env.example sets, for this test's database."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    search_path = app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}).get("connect_args", {}).get("options")
    if search_path:  # the PostgreSQL leg's schema, as a libpq option in the URL
        url = url.update_query_dict({"options": search_path})
    return {**os.environ, "EVENTDESK_DATABASE_URL": url.render_as_string(hide_password=False),
            "EVENTDESK_SECRET_KEY": "two-servers-secret", "EVENTDESK_BADGE_SIGNING_KEY": TEST_SIGNING_KEY,
            "EVENTDESK_BADGE_KEY_ID": "T", "EVENTDESK_INSTANCE_PATH": str(instance),
            "EVENTDESK_BASE_URL": "http://eventdesk.test", "WEB_CONCURRENCY": "2", "EVENTDESK_THREADS": "4",
            **extra}


class Servers:
    def __init__(self, app: Flask, tmp_path: Path) -> None:
        self.app, self.tmp_path = app, tmp_path
        (tmp_path / "instance").mkdir(exist_ok=True)
        self.processes: list[subprocess.Popen] = []
        self.urls: list[str] = []
        self.log = (tmp_path / "gunicorn.log").open("wb")

    def start(self, count: int = 2, **extra: str) -> None:
        for _ in range(count):
            port = free_port()
            env = environment(self.app, self.tmp_path / "instance", EVENTDESK_BIND=f"127.0.0.1:{port}", **extra)
            self.processes.append(subprocess.Popen(
                [str(BIN / "gunicorn"), "--config", str(ROOT / "deploy" / "gunicorn.conf.py")],
                env=env, cwd=self.tmp_path, stdout=subprocess.DEVNULL, stderr=self.log))
            self.urls.append(f"http://127.0.0.1:{port}")
        for url, process in zip(self.urls, self.processes, strict=True):
            for _ in range(300):
                if process.poll() is not None:
                    raise AssertionError(f"gunicorn stopped: {self.log_text()}")
                try:
                    if requests.get(f"{url}/healthz", timeout=5).status_code == 200:
                        break
                except (requests.ConnectionError, requests.Timeout):
                    time.sleep(0.1)
            else:
                raise AssertionError(f"{url} did not answer /healthz: {self.log_text()}")

    def log_text(self) -> str:
        self.log.flush()
        return (self.tmp_path / "gunicorn.log").read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait(timeout=20)
        self.log.close()


@pytest.fixture
def servers(app: Flask, tmp_path: Path) -> Iterator[Servers]:
    pool = Servers(app, tmp_path)
    yield pool
    pool.stop()


def api_token(staff: Any) -> dict[str, str]:
    from eventdesk.staff import service as staff_service

    return {"Authorization": f"Bearer {staff_service.issue_token(staff)}"}


def test_a_badge_scanned_at_both_servers_at_once_is_admitted_once(app: Flask, servers: Servers) -> None:
    event = make_event()
    guest = make_invitation(event, status="accepted", mode="in_person")
    code = badges.code_for(badges.issue(guest))
    db.session.commit()
    headers = api_token(make_staff("door"))
    scans = f"/api/v1/events/{event.slug}/checkins"
    servers.start()

    def scan(n: int) -> str:
        url = servers.urls[n % 2]
        answer = requests.post(f"{url}{scans}", headers=headers,
                               json={"code": code, "door": f"Door {n % 4}"}, timeout=30)
        assert answer.status_code == 200, answer.text
        return answer.json()["result"]

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(scan, range(32)))
    assert results.count("admitted") == 1
    assert results.count("already_admitted") == 31
    stats = requests.get(f"{servers.urls[1]}{scans}/stats", headers=headers,
                         timeout=10).json()
    assert stats["admitted"] == 1


def test_a_signing_on_one_server_reaches_the_board_served_by_the_other(app: Flask, servers: Servers,
                                                                      page: Any) -> None:
    event = make_event()
    agreement, wang, sato = signing_pair(event, "CJ-07", title="Hydrogen bus fleet")
    admit(wang)
    admit(sato)
    headers = api_token(make_staff("clerk"))
    servers.start()
    page.goto(f"{servers.urls[1]}/events/{event.slug}/board?lang=en")
    assert page.locator("[data-field='signed']").inner_text() == "0"
    signed = requests.post(f"{servers.urls[0]}/api/v1/events/{event.slug}/agreements/CJ-07/sign", headers=headers,
                           json={"mode": "in_person"}, timeout=10)
    assert signed.status_code == 200, signed.text
    # The board polls; within 2 s of the signing on the other server it shows the agreement signed.
    page.locator(".signed-list li", has_text="Hydrogen bus fleet").wait_for(timeout=2000)
    assert page.locator("[data-field='signed']").inner_text() == "1"


def sign_in(session: requests.Session, url: str, email: str, password: str) -> requests.Response:
    form = session.get(f"{url}/login", timeout=10).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form)[1]
    return session.post(f"{url}/login", data={"email": email, "password": password, "csrf_token": token},
                        headers={"Referer": f"{url}/login"}, allow_redirects=False, timeout=10)


def test_a_staff_session_and_the_sign_in_throttle_hold_across_both_servers(app: Flask, servers: Servers) -> None:
    make_event()
    organiser = make_staff("organiser", "lin@protocol.example")
    make_staff("door", "door@protocol.example")
    servers.start()
    first, second = servers.urls
    browser = requests.Session()
    assert sign_in(browser, first, organiser.email, PASSWORD).status_code == 302
    assert browser.get(f"{second}/", allow_redirects=False, timeout=10).status_code == 200
    copied = requests.Session()
    copied.cookies.update(browser.cookies)
    page = browser.get(f"{second}/", timeout=10).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)[1]
    assert browser.post(f"{second}/logout", data={"csrf_token": token}, allow_redirects=False,
                        timeout=10).status_code == 302
    # Signed out on the second server, the copied cookie no longer works on the first.
    assert copied.get(f"{first}/", allow_redirects=False, timeout=10).status_code == 302

    guesser = requests.Session()
    for attempt in range(10):  # the account's count is shared: half the guesses at each server
        assert sign_in(guesser, servers.urls[attempt % 2], "door@protocol.example",
                       f"guess {attempt}").status_code == 400
    for url in servers.urls:
        assert sign_in(requests.Session(), url, "door@protocol.example", PASSWORD).status_code == 429


def test_two_mail_workers_send_each_mail_once(app: Flask, smtp: Any, tmp_path: Path) -> None:
    event = make_event()
    guests = [make_invitation(event) for _ in range(40)]
    for guest in guests:
        mails.queue_invitation(guest)
    db.session.commit()
    assert db.session.query(OutboxMessage).count() == 40
    (tmp_path / "instance").mkdir(exist_ok=True)
    env = environment(app, tmp_path / "instance", EVENTDESK_SMTP_HOST="127.0.0.1",
                      EVENTDESK_SMTP_PORT=str(app.config["SMTP_PORT"]))
    workers = [subprocess.Popen([str(BIN / "eventdesk"), "mail", "deliver"], env=env, cwd=tmp_path,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outputs = [worker.communicate(timeout=120) for worker in workers]
    assert all(worker.returncode == 0 for worker in workers), outputs
    received = sorted(str(message["To"]) for message in smtp.messages)
    assert received == sorted(guest.delegate.email for guest in guests)


def self_signed(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1, as an organiser's own CA would give the venue's proxy."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "desk.venue.test")])
    now = dt.datetime.now(dt.UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
                   .not_valid_after(now + dt.timedelta(days=30))
                   .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                                  critical=False)
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .sign(key, hashes.SHA256()))
    cert, private = directory / "fullchain.pem", directory / "privkey.pem"
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    return cert, private


@production_leg_only  # the proxy's setup is the test: either database would do
def test_the_nginx_sample_serves_both_servers_over_https(app: Flask, tmp_path: Path, chromium: Any) -> None:
    nginx = "/usr/sbin/nginx"
    assert Path(nginx).exists(), "nginx is not installed (.ci/run installs nginx-light)"
    make_staff("organiser", "lin@protocol.example")
    event = make_event()
    delegate_page = f"/i/{make_invitation(event).token}?lang=en"
    pool = Servers(app, tmp_path)
    pool.start(EVENTDESK_TRUSTED_PROXIES="1")
    try:
        cert, private = self_signed(tmp_path)
        http_port, https_port = free_port(), free_port()
        sample = (ROOT / "deploy" / "nginx" / "eventdesk.conf").read_text()
        upstreams = "".join(f"    server {url.removeprefix('http://')};\n" for url in pool.urls)
        site = (re.sub(r"(?m)^    server 10\.0\.0\.\d+:8000.*\n", "", sample)
                .replace("keepalive 32;", upstreams + "    keepalive 32;")
                .replace("listen 80;", f"listen 127.0.0.1:{http_port};")
                .replace("listen 443 ssl", f"listen 127.0.0.1:{https_port} ssl")
                .replace("/etc/eventdesk/tls/fullchain.pem", str(cert))
                .replace("/etc/eventdesk/tls/privkey.pem", str(private)))
        (tmp_path / "site.conf").write_text(site)
        user = "user root;" if os.geteuid() == 0 else ""  # workers must reach the test's private temp folder
        (tmp_path / "nginx.conf").write_text(
            f"{user} daemon off; pid {tmp_path}/nginx.pid; error_log {tmp_path}/nginx-error.log; events {{}}\n"
            f"http {{ access_log off; client_body_temp_path {tmp_path}/body; proxy_temp_path {tmp_path}/proxy;"
            f" fastcgi_temp_path {tmp_path}/fcgi; uwsgi_temp_path {tmp_path}/uwsgi; scgi_temp_path {tmp_path}/scgi;"
            f" include {tmp_path}/site.conf; }}\n")
        checked = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                                 capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        proxy = subprocess.Popen([nginx, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            https = f"https://127.0.0.1:{https_port}"
            for _ in range(100):
                assert proxy.poll() is None, (tmp_path / "nginx-error.log").read_text()
                try:
                    health = requests.get(f"{https}/healthz", verify=str(cert), timeout=5)
                    break
                except requests.exceptions.SSLError:
                    raise
                except requests.ConnectionError:  # not listening yet
                    time.sleep(0.1)
            assert health.json() == {"status": "ok", "database": "ok", "mail": "ok"}
            plain = requests.get(f"http://127.0.0.1:{http_port}/login", allow_redirects=False, timeout=5)
            assert plain.status_code == 301 and plain.headers["Location"].startswith("https://")
            login = requests.get(f"{https}/login", verify=str(cert), timeout=5)
            # The app sees HTTPS through the proxy: HSTS, and a session cookie only sent back over HTTPS.
            assert login.headers["Strict-Transport-Security"].startswith("max-age=")
            assert "Secure" in login.headers["Set-Cookie"]
            browser = requests.Session()
            browser.trust_env = False  # or REQUESTS_CA_BUNDLE in the environment wins over `verify`
            browser.verify = str(cert)
            assert sign_in(browser, https, "lin@protocol.example", PASSWORD).status_code == 302
            # Sessions work whichever server the proxy picks: ten pages in a row, spread over both.
            assert all(browser.get(f"{https}/", allow_redirects=False, timeout=5).status_code == 200
                       for _ in range(10))
            # A delegate answers over HTTPS in a real browser: the personal page's form is accepted.
            context = chromium.new_context(ignore_https_errors=True)
            try:
                tab = context.new_page()
                tab.goto(f"{https}{delegate_page}")
                tab.get_by_role("radio", name="In person").check()
                tab.get_by_role("button", name="Send my answer").click()
                tab.get_by_role("heading", name="Thank you, we have your answer").wait_for()
            finally:
                context.close()
        finally:
            proxy.terminate()
            proxy.wait(timeout=10)
    finally:
        pool.stop()
