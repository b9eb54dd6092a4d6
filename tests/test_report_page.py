"""Organisers read the post-event report on its page, in zh, ja or en, with the same numbers as the command, the
charts drawn by the app itself, and the files to download."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from time_machine import TimeMachineFixture

from eventdesk.models import Event
from tests.report_factories import ceremony


@pytest.fixture
def after_the_event(app: Flask, time_machine: TimeMachineFixture) -> Event:
    return ceremony(time_machine)


def test_organisers_read_the_report_page_in_chinese(after_the_event: Event, organiser_client: FlaskClient) -> None:
    page = organiser_client.get("/events/ceremony/report?lang=zh")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for expected in ("会后报告", "按机构类别", "韩国", "1,491,000,000.00 CNY", "新能源电池工厂项目", "佐藤花子",
                     "<svg class=\"report-chart\"", "report.pdf?lang=zh", "report.csv", "report.json"):
        assert expected in html, expected
    ticks = re.findall(r'<text class="tick" x="[\d.]+" y="\d+" text-anchor="middle">([^<]+)<', html)
    assert ticks[:4] == ["08:30", "08:45", "09:00", "09:15"]  # arrivals labelled at quarter hours
    stats = {label: value for value, label in re.findall(
        r'stat-value">([\d,]+)(?:<small>[^<]*</small>)?</span>\s*<span class="stat-label">([^<]+)<', html)}
    assert stats["已邀请"] == "9" and stats["出席"] == "4"
    for kind in ("pdf", "csv", "json"):
        download = organiser_client.get(f"/events/ceremony/report.{kind}")
        assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]


def test_only_organisers_read_the_report(after_the_event: Event, door_client: FlaskClient,
                                         clerk_client: FlaskClient, client: FlaskClient) -> None:
    for staff in (door_client, clerk_client):
        assert staff.get("/events/ceremony/report").status_code == 403
        assert staff.get("/events/ceremony/report.json").status_code == 403
    assert client.get("/events/ceremony/report.csv").status_code in (302, 401)
