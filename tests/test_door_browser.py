"""In Chromium, at the door: the camera reads a badge and the page turns green; the handheld scanner types a
code already admitted and the page turns amber with the time and door; a guest without badge is found by part
of a kana name and admitted with one tap."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from flask import Flask
from PIL import Image
from sqlalchemy import select

from eventdesk.badges import service as badges
from eventdesk.door import service as door
from eventdesk.extensions import db
from eventdesk.models import CheckIn, Event, Invitation
from tests.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.factories import make_delegate, make_event, make_invitation, make_staff, sign_in_page

PHONE = {"width": 390, "height": 844}


def guest(event: Event, name: str = "山田 太郎", latin: str = "Taro YAMADA", language: str = "ja") -> Invitation:
    return make_invitation(event, make_delegate(name=name, latin=latin, language=language), status="accepted",
                           mode="in_person")


def camera_file(png: bytes, path: Path) -> Path:
    """One 640×480 frame of the badge as Y4M (4:2:0), which Chromium's fake camera plays in a loop."""
    badge = Image.open(io.BytesIO(png)).convert("RGB")
    badge.thumbnail((600, 460))
    frame = Image.new("RGB", (640, 480), "white")
    frame.paste(badge, ((640 - badge.width) // 2, (480 - badge.height) // 2))
    y, cb, cr = frame.convert("YCbCr").split()
    half = (320, 240)
    chroma = [plane.resize(half, Image.Resampling.BOX).tobytes() for plane in (cb, cr)]
    path.write_bytes(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\nFRAME\n" + y.tobytes() + b"".join(chroma))
    return path


def open_door(page: Any, server: Any, name: str = "North door") -> None:
    sign_in_page(page, server, make_staff("door", "north@venue.example"))
    page.goto(f"{server.url}/events/ceremony/door")
    page.locator("#door-name").fill(name)
    page.get_by_role("button", name="Open the scanner").click()
    page.wait_for_url("**/events/ceremony/door")


def test_the_camera_reads_a_badge_and_the_door_turns_green(app: Flask, live_server, playwright_instance,
                                                           tmp_path: Path) -> None:
    event = make_event()
    invitation = guest(event)
    video = camera_file(badges.delegate_png(invitation), tmp_path / "badge.y4m")
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=[
        *CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}"])
    try:
        context = browser.new_context(viewport=PHONE, locale="en-GB")
        page = context.new_page()
        page.set_default_timeout(10_000)
        open_door(page, live_server)
        result = page.locator("#result")
        result.and_(page.locator(".result-green")).wait_for()
        assert result.get_attribute("data-result") == "admitted"
        assert "Admitted" in result.inner_text() and "山田太郎" in result.inner_text()
        assert "Taro YAMADA" in result.inner_text()
        assert page.locator("#camera-status").inner_text().startswith("Camera on")
        # The camera keeps seeing the badge: one scan, not one per frame.
        page.wait_for_timeout(1500)
        assert [c.result.value for c in door_scans(event)] == ["admitted"]
        assert page.locator('[data-count="admitted"]').inner_text() == "1"
    finally:
        browser.close()


def door_scans(event: Event) -> list[CheckIn]:
    db.session.expire_all()
    return list(db.session.scalars(select(CheckIn).where(CheckIn.event_id == event.id).order_by(CheckIn.id)))


def test_the_handheld_scanner_types_an_admitted_code_and_the_door_turns_amber(app: Flask, live_server, page) -> None:
    event = make_event()
    invitation = guest(event)
    code = badges.code_for(badges.issue(invitation))
    first = door.scan(event, code, door="South door", staff=None)
    local = event.local(door_scans(event)[0].scanned_at).strftime("%H:%M")
    assert first.answer["result"] == "admitted"

    page.set_viewport_size(PHONE)
    open_door(page, live_server)
    # No camera in this browser: the page says so, and the field still takes the handheld scanner's typing.
    page.locator("#camera-status", has_text="The scanner field still works").wait_for()
    assert page.evaluate("document.activeElement.id") == "scanner-input"
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    result = page.locator("#result.result-amber")
    result.wait_for()
    assert f"Already admitted at {local}, South door" in result.inner_text()
    assert "山田太郎" in result.inner_text()
    assert page.input_value("#scanner-input") == ""
    assert page.evaluate("document.activeElement.id") == "scanner-input"  # ready for the next badge
    page.keyboard.press("Tab")  # and a keyboard user may still move on
    page.wait_for_timeout(300)
    assert page.evaluate("document.activeElement.id") == "lookup-input"


def test_a_guest_without_badge_is_found_by_part_of_a_kana_name_and_admitted(app: Flask, live_server, page) -> None:
    event = make_event()
    guest(event, name="さくら ゆい", latin="Yui SAKURA")
    guest(event, name="李 娜", latin="Na LI", language="zh")
    page.set_viewport_size(PHONE)
    open_door(page, live_server)
    page.get_by_placeholder("Name in any script, or organisation").fill("サク")
    page.get_by_role("button", name="Admit さくらゆい").click()
    result = page.locator("#result.result-green")
    result.wait_for()
    assert "さくらゆい" in result.inner_text() and "Admitted by name" in result.inner_text()
    page.get_by_text("Admitted at").wait_for()  # the list now says when and where
    [scan] = door_scans(event)
    assert scan.manual and scan.door.name == "North door"
