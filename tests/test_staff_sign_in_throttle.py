"""Guessing staff passwords is slowed per account and per client address, in the database (every worker and
host counts together); the right password does not open a locked account until the lockout has passed. An
unknown address costs as much work as a known one, so timing does not tell which staff accounts exist."""

from __future__ import annotations

import statistics
import time
from datetime import UTC, datetime, timedelta

import time_machine
from flask import Flask
from flask.testing import FlaskClient

from eventdesk.config import DEFAULTS
from tests.factories import PASSWORD, make_staff
from tests.test_staff_sign_in import csrf_from

START = datetime(2027, 3, 15, 1, 0, tzinfo=UTC)


def try_password(client: FlaskClient, email: str, password: str, address: str = "203.0.113.7",
                 lang: str = "en"):
    token = csrf_from(client.get(f"/login?lang={lang}", environ_base={"REMOTE_ADDR": address}).data)
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address})


def test_a_guessed_account_is_locked_for_a_while_even_for_the_right_password(app: Flask,
                                                                             client: FlaskClient) -> None:
    make_staff("organiser", "lin@protocol.example")
    with time_machine.travel(START):
        for attempt in range(10):  # from different addresses: the account itself is counted
            assert try_password(client, "lin@protocol.example", f"guess {attempt}",
                                address=f"198.51.100.{attempt}").status_code == 400
        locked = try_password(client, "LIN@protocol.example", PASSWORD, address="192.0.2.1")
        assert locked.status_code == 429 and "Too many failed sign-ins" in locked.text
        assert int(locked.headers["Retry-After"]) > 0
        assert client.get("/").status_code == 302  # not signed in
        in_chinese = try_password(client, "lin@protocol.example", PASSWORD, address="192.0.2.1", lang="zh")
        assert in_chinese.status_code == 429 and "登录失败次数过多" in in_chinese.text
    with time_machine.travel(START + timedelta(minutes=16)):
        assert try_password(client, "lin@protocol.example", PASSWORD).status_code == 302
        assert client.get("/").status_code == 200


def test_one_address_guessing_many_accounts_is_stopped(app: Flask, client: FlaskClient) -> None:
    make_staff("door", "door@protocol.example")
    with time_machine.travel(START):
        for attempt in range(20):
            assert try_password(client, f"nobody{attempt}@protocol.example", "guess").status_code == 400
        locked = try_password(client, "door@protocol.example", PASSWORD, lang="ja")
        assert locked.status_code == 429 and "サインインの失敗が多すぎます" in locked.text
        assert client.get("/").status_code == 302
        # Someone else, from another address, signs in as usual.
        assert try_password(app.test_client(), "door@protocol.example", PASSWORD,
                            address="192.0.2.99").status_code == 302


def test_a_right_sign_in_is_not_counted_against_the_account(app: Flask, client: FlaskClient) -> None:
    make_staff("organiser", "lin@protocol.example")
    for _ in range(12):
        assert try_password(app.test_client(), "lin@protocol.example", PASSWORD).status_code == 302


def test_an_unknown_address_takes_as_long_to_refuse_as_a_wrong_password(app: Flask, client: FlaskClient) -> None:
    app.config["PASSWORD_HASH"] = DEFAULTS["PASSWORD_HASH"]  # production's hash: the tests' cheap one is lost in noise
    make_staff("organiser", "lin@protocol.example")

    def cpu_seconds(email: str, attempt: int) -> float:
        token = csrf_from(client.get("/login").data)
        started = time.process_time()  # this process's CPU: the hash's cost, whatever else the machine runs
        answer = client.post("/login", data={"email": email, "password": f"guess {attempt}", "csrf_token": token})
        assert answer.status_code == 400
        return time.process_time() - started

    cpu_seconds("someone@protocol.example", 0)  # the first unknown address may set up the comparison hash
    known_tries: list[float] = []
    unknown_tries: list[float] = []
    for attempt in range(5):  # taken in turns, so a busy moment falls on both
        known_tries.append(cpu_seconds("lin@protocol.example", attempt))
        unknown_tries.append(cpu_seconds("nobody@protocol.example", attempt))
    known, unknown = statistics.median(known_tries), statistics.median(unknown_tries)
    assert unknown >= known / 2, (known, unknown)
