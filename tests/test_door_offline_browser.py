"""In Chromium, the venue network fails: the door page keeps deciding scans on the device (camera and handheld
scanner), survives a reload while offline, finds guests in its own copy of the guest list, and when the network
returns syncs every scan once, with the times they were made. Two offline doors that both let one guest in sync
in reverse order: the earlier scan is the admission, the later a duplicate entry organisers see."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import select

from eventdesk.badges import service as badges
from eventdesk.door import bundle
from eventdesk.errors import Refused
from eventdesk.extensions import db
from eventdesk.models import CheckIn, Event, Invitation
from tests.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.factories import make_delegate, make_event, make_invitation, make_staff, sign_in_page, signed_in
from tests.test_door_browser import camera_file

SLACK = timedelta(seconds=1)  # the page's clock and the server's, read a moment apart


def guest(event: Event, name: str, latin: str) -> Invitation:
    return make_invitation(event, make_delegate(name=name, latin=latin), status="accepted", mode="in_person")


def open_door(page: Any, server: Any, email: str, door: str) -> None:
    """Sign in, choose the door, and wait until the page is ready for the network to fail: its service worker in
    control and the guest list on the device."""
    sign_in_page(page, server, make_staff("door", email))
    page.goto(f"{server.url}/events/ceremony/door")
    page.locator("#door-name").fill(door)
    page.get_by_role("button", name="Open the scanner").click()
    page.wait_for_url("**/events/ceremony/door")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.locator('#door-sync[data-state="ready"]').wait_for()


def scan_by_hand(page: Any, code: str, waiting: int) -> Any:
    """The handheld scanner types the code and Enter; returns the result once the scan is queued on the device."""
    page.locator("#scanner-input").fill(code)
    page.locator("#scanner-input").press("Enter")
    page.locator(f'#door-sync[data-waiting="{waiting}"]').wait_for()
    return page.locator("#result")


def shown(result: Any) -> tuple[str | None, str | None]:
    return result.get_attribute("data-result"), result.get_attribute("data-decided")


def recorded(event: Event) -> list[CheckIn]:
    db.session.expire_all()
    return list(db.session.scalars(select(CheckIn).where(CheckIn.event_id == event.id).order_by(CheckIn.scanned_at)))


def test_the_door_decides_offline_survives_a_reload_and_syncs_every_scan_once(app: Flask, live_server,
                                                                             playwright_instance, tmp_path: Path):
    event, other = make_event(), make_event(slug="other")
    at_camera = guest(event, "山田 太郎", "Taro YAMADA")
    twice = guest(event, "李 娜", "Na LI")
    replaced = guest(event, "佐藤 花子", "Hanako SATO")
    old_code = badges.code_for(badges.issue(replaced))
    badges.reissue(replaced)
    twice_code = badges.code_for(badges.issue(twice))
    forged = twice_code[:-1] + ("B" if twice_code[-1] != "B" else "C")
    elsewhere = badges.code_for(badges.issue(guest(other, "高橋 一郎", "Ichiro TAKAHASHI")))
    video = camera_file(badges.delegate_png(at_camera), tmp_path / "badge.y4m")
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=[
        *CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}"])
    try:
        context = browser.new_context(locale="en-GB")
        # The camera starts off, so that it first sees the badge once the network is gone.
        context.add_init_script("window.localStorage.setItem('eventdesk.camera', 'off')")
        page = context.new_page()
        page.set_default_timeout(15_000)
        open_door(page, live_server, "north@venue.example", "North door")
        went_offline = datetime.now(UTC)
        context.set_offline(True)
        live_server.unplugged = True
        sync = page.locator("#door-sync")
        page.locator('#door-sync[data-state="offline"]').wait_for()

        page.locator("#camera-toggle").click()  # the camera reads 山田's badge
        page.locator('#door-sync[data-waiting="1"]').wait_for()
        page.locator("#camera-toggle").click()
        result = page.locator("#result")
        assert shown(result) == ("admitted", "offline") and "result-green" in result.get_attribute("class")
        assert "山田太郎" in result.inner_text() and "Offline: checked on this device" in result.inner_text()

        assert shown(scan_by_hand(page, twice_code, 2)) == ("admitted", "offline")
        again = scan_by_hand(page, twice_code, 3)
        assert shown(again) == ("already_admitted", "offline") and "Already admitted at" in again.inner_text()
        assert "North door" in again.inner_text() and "result-amber" in again.get_attribute("class")
        revoked = scan_by_hand(page, old_code, 4)
        assert shown(revoked) == ("revoked", "offline") and "replaced or withdrawn" in revoked.inner_text()
        assert shown(scan_by_hand(page, forged, 5)) == ("invalid", "offline")
        assert "another event" in scan_by_hand(page, elsewhere, 6).inner_text()
        assert sync.inner_text() == "Offline, 6 scans waiting"

        page.reload()  # the page and the queue come back from the device
        page.locator('#door-sync[data-state="offline"][data-waiting="6"]').wait_for()
        assert sync.inner_text() == "Offline, 6 scans waiting"
        page.get_by_placeholder("Name in any script, or organisation").fill("na li")
        page.locator("#lookup-status", has_text="on this device").wait_for()
        assert "李娜" in page.locator("#lookup-list").inner_text() and "Admitted at" in page.locator(
            "#lookup-list").inner_text()
        assert shown(scan_by_hand(page, twice_code, 7)) == ("already_admitted", "offline")  # remembered

        # Back online, the first sync loses its answer on the way back: the retry records nothing twice.
        lost = []

        def answer_lost(route: Any) -> None:
            if not lost:
                lost.append(route.fetch())
                route.abort()
            else:
                route.continue_()

        page.route("**/events/ceremony/door/scan", answer_lost)
        came_back = datetime.now(UTC)
        live_server.unplugged = False
        context.set_offline(False)
        page.locator('#door-sync[data-state="offline"]').wait_for()  # that sync got no answer
        page.unroute("**/events/ceremony/door/scan")
        context.set_offline(True)
        context.set_offline(False)  # the device tries again when the network returns
        page.locator('#door-sync[data-state="synced"]').wait_for()
        assert sync.inner_text() == "Synced" and len(lost) == 1

        scans = recorded(event)
        assert [(s.invitation_id, s.result.value, s.door.name) for s in scans] == [
            (at_camera.id, "admitted", "North door"), (twice.id, "admitted", "North door"),
            (twice.id, "already_admitted", "North door"), (replaced.id, "revoked", "North door"),
            (None, "invalid", "North door"), (None, "wrong_event", "North door"),
            (twice.id, "already_admitted", "North door")]
        made = [s.scanned_at for s in scans]  # when the device made them: the admission times
        assert went_offline - SLACK <= min(made) and max(made) <= came_back + SLACK, (went_offline, made, came_back)
        assert all(s.recorded_at >= came_back for s in scans), ([s.recorded_at for s in scans], came_back)
        assert not any(s.duplicate_entry for s in scans)
    finally:
        browser.close()


def test_two_offline_doors_admit_one_badge_and_sync_in_reverse_order(app: Flask, live_server, chromium) -> None:
    event = make_event()
    invitation = guest(event, "王 芳", "Fang WANG")
    code = badges.code_for(badges.issue(invitation))
    north_context, south_context = chromium.new_context(locale="en-GB"), chromium.new_context(locale="en-GB")
    try:
        north, south = north_context.new_page(), south_context.new_page()
        for page, email, door in ((north, "north@venue.example", "North door"),
                                  (south, "south@venue.example", "South door")):
            page.set_default_timeout(15_000)
            open_door(page, live_server, email, door)
        north_context.set_offline(True)
        south_context.set_offline(True)
        assert shown(scan_by_hand(north, code, 1)) == ("admitted", "offline")
        assert shown(scan_by_hand(south, code, 1)) == ("admitted", "offline")  # neither door knows of the other

        south_context.set_offline(False)  # the later scan reaches the server first
        south.locator('#door-sync[data-state="synced"]').wait_for()
        north_context.set_offline(False)
        north.locator('#door-sync[data-state="synced"]').wait_for()

        north_scan, south_scan = recorded(event)
        assert (north_scan.door.name, north_scan.result.value, north_scan.duplicate_entry) == (
            "North door", "admitted", False)
        assert (south_scan.door.name, south_scan.result.value, south_scan.duplicate_entry) == (
            "South door", "already_admitted", True)
        assert north_scan.scanned_at < south_scan.scanned_at
        dashboard = signed_in(app, make_staff("organiser")).get("/events/ceremony/door/dashboard")
        listed = dashboard.get_data(as_text=True).split('id="duplicate-entries"')[1].split("</section>")[0]
        assert "王芳" in listed and "North door" in listed and "South door" in listed
    finally:
        north_context.close()
        south_context.close()


def test_a_device_that_never_got_the_guest_list_says_so_offline(app: Flask, live_server, page, monkeypatch) -> None:
    """The page and its worker are on the device, but the guest list never arrived (the server could not send
    it): offline, the door says it cannot check badges, and a door page it never kept says why, not a blank page."""
    event = make_event()
    code = badges.code_for(badges.issue(guest(event, "王 芳", "Fang WANG")))

    def unavailable(*args: Any, **kwargs: Any) -> None:
        raise Refused("bundle_unavailable", "not now", status=503)

    monkeypatch.setattr(bundle, "build", unavailable)
    sign_in_page(page, live_server, make_staff("door", "north@venue.example"))
    page.goto(f"{live_server.url}/events/ceremony/door")
    page.locator("#door-name").fill("North door")
    page.get_by_role("button", name="Open the scanner").click()
    page.wait_for_url("**/events/ceremony/door")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.context.set_offline(True)
    page.reload()
    sync = page.locator('#door-sync[data-state="no-bundle"]')
    sync.wait_for()
    assert "no guest list yet" in sync.inner_text()
    page.locator("#scanner-input").fill(code)
    page.locator("#scanner-input").press("Enter")
    page.locator("#result", has_text="no guest list yet").wait_for()
    page.goto(f"{live_server.url}/events/ceremony/door/choose")  # never kept on this device
    assert page.get_by_role("heading", name="No connection to the server").is_visible()
    assert recorded(event) == []
