"""In Chromium, the server answers the door's scans with 503 while its database restarts: the door page still
decides the scan on the device, keeps it queued, sends it again when the 503's Retry-After says, and the scan is
recorded exactly once."""

from __future__ import annotations

import json
from typing import Any

from flask import Flask
from sqlalchemy import select

from eventdesk.badges import service as badges
from eventdesk.extensions import db
from eventdesk.models import CheckIn, ScanResult
from tests.factories import make_event
from tests.test_door_offline_browser import guest, open_door, scan_by_hand

UNAVAILABLE = {"error": {"code": "database_unavailable",
                         "message": "The database is not answering for a moment. Please try again in a few seconds."}}


def test_a_scan_answered_503_during_a_database_restart_is_recorded_once_when_it_is_back(
        app: Flask, live_server: Any, page: Any) -> None:
    event = make_event()
    yamada = guest(event, "山田 太郎", "Taro YAMADA")
    code = badges.code_for(badges.issue(yamada))
    page.set_default_timeout(30_000)  # the device asks again when Retry-After says, at worst every 10 s
    open_door(page, live_server, "north@venue.example", "North door")
    refused: list[str] = []

    def restarting(route: Any) -> None:
        refused.append(route.request.post_data or "")
        route.fulfill(status=503, headers={"Retry-After": "2"}, content_type="application/json",
                      body=json.dumps(UNAVAILABLE))

    page.route("**/events/ceremony/door/scan", restarting)
    result = scan_by_hand(page, code, 1)  # decided on the device, queued
    assert result.get_attribute("data-result") == "admitted" and result.get_attribute("data-decided") == "offline"
    assert len(refused) >= 1

    page.unroute("**/events/ceremony/door/scan")  # the database is back
    page.locator('#door-sync[data-state="synced"]').wait_for()

    db.session.expire_all()
    scans = db.session.scalars(select(CheckIn).where(CheckIn.event_id == event.id)).all()
    assert [(s.invitation_id, s.result) for s in scans] == [(yamada.id, ScanResult.ADMITTED)]
    scan_ids = {json.loads(body)["scan_id"] for body in refused}
    assert scans[0].scan_id in scan_ids  # the same scan, sent again with its own id
