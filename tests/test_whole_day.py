"""The whole day in Chromium, as the people of the day do it: the organiser imports the guest list (a Shift_JIS CSV
from Japan, an XLSX from Sichuan) and the running order, sends the invitations; delegates answer from the links in
their mails in zh / ja / en; badges are printed; on the day two doors scan at once (a camera, a handheld scanner),
online delegates join, the Zoom report is imported, the clerk signs (in the hall, by video, then corrects one) and
the live board shows the total; the morning after, the report page and `eventdesk report` agree to the number."""

from __future__ import annotations

import io
import json
import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from flask import Flask
from openpyxl import Workbook
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select
from time_machine import TimeMachineFixture

from eventdesk.badges import codec
from eventdesk.extensions import db
from eventdesk.models import Event, Invitation
from tests import attendance_files as files
from tests.attendance_files import Stay, clock
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, production_leg_only
from tests.factories import make_event, make_staff, sign_in_page
from tests.test_door_browser import camera_file

PHONE = {"width": 390, "height": 844}
WAIT = 30_000  # the machine may be loaded: waits are generous, never sleeps
COLUMNS = ["email", "family_name", "given_name", "family_name_latin", "given_name_latin", "organisation",
           "organisation_kind", "country", "language", "role"]
JAPAN = [  # as a Japanese office sends it: Excel's CSV on Windows, Shift_JIS (cp932), CRLF
    ["sato@jetro.example.jp", "佐藤", "花子", "Sato", "Hanako", "日本貿易振興機構", "trade_body", "JP", "ja",
     "signatory"],
    ["takahashi@jetro.example.jp", "髙橋", "一郎", "Takahashi", "Ichiro", "日本貿易振興機構", "trade_body", "JP", "ja",
     "delegate"],
    ["yamazaki@pref.okayama.example.jp", "山﨑", "さくら", "Yamazaki", "Sakura", "岡山県庁", "government", "JP", "ja",
     "signatory"],
]
SICHUAN = [  # an XLSX with Chinese names, and one guest with Latin names only
    ["wang@sichuan.example.cn", "王", "伟", "Wang", "Wei", "四川省商务厅", "government", "CN", "zh", "signatory"],
    ["zhang@ccpit.example.cn", "张", "伟", "Zhang", "Wei", "成都市贸促会", "trade_body", "CN", "zh", "delegate"],
    ["li.na@ccpit.example.cn", "李", "娜", "Li", "Na", "成都市贸促会", "trade_body", "CN", "zh", "delegate"],
    ["chen.jing@sichuan.example.cn", "陈", "静", "Chen", "Jing", "四川省商务厅", "government", "CN", "zh", "delegate"],
    ["ouyang@sichuan.example.cn", "欧阳", "晓燕", "Ouyang", "Xiaoyan", "四川省商务厅", "government", "CN", "zh",
     "delegate"],
    ["garcia@icex.example.es", "García Müller", "José", "García Müller", "José", "ICEX España", "trade_body", "ES",
     "en", "delegate"],
]
AGREEMENTS = (
    "ref,title,title_zh,title_ja,kind,amount,currency,position,parties,signatories,remote_signatories\r\n"
    'CJ-01,EV battery plant,新能源电池工厂项目,EV電池工場,investment,"1,250,000,000.00",CNY,1,'
    "四川省商务厅:CN; 日本貿易振興機構:JP,wang@sichuan.example.cn; sato@jetro.example.jp,\r\n"
    "CJ-02,Peach orchards,桃园合作,桃農園協力,investment,5000000000,JPY,2,"
    "四川省商务厅:CN; 岡山県庁:JP,wang@sichuan.example.cn,yamazaki@pref.okayama.example.jp\r\n"
    'CJ-03,Robotics joint venture,机器人合资,ロボット合弁,investment,"88,000,000.00",CNY,3,'
    "四川省商务厅:CN; 日本貿易振興機構:JP,wang@sichuan.example.cn; sato@jetro.example.jp,\r\n")
# The answer form's words in each language: (in person, online, not attending, send).
FORM = {"en": ("In person", "Online", "I cannot attend", "Send my answer"),
        "zh": ("现场出席", "线上出席", "无法出席", "提交答复"),
        "ja": ("会場で出席", "オンラインで出席", "欠席します", "回答を送信")}
JOIN = {"en": "Join online", "zh": "线上参加", "ja": "オンラインで参加"}


def guest_files(tmp_path: Path) -> tuple[Path, Path]:
    csv = tmp_path / "来賓名簿.csv"
    csv.write_bytes("\r\n".join(",".join(row) for row in [COLUMNS, *JAPAN]).encode("cp932") + b"\r\n")
    book = Workbook()
    for row in [COLUMNS, *SICHUAN]:
        book.active.append(row)
    xlsx = tmp_path / "四川代表团.xlsx"
    book.save(xlsx)
    return csv, xlsx


def import_guests(page: Any, server: Any, path: Path, created: int) -> None:
    page.goto(f"{server.url}/events/ceremony/guests")
    page.get_by_role("link", name="Import", exact=True).click()
    page.get_by_label("Guest list file (CSV or XLSX)").set_input_files(str(path))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name=f"Preview: {path.name}")).to_be_visible()
    expect(page.locator(".stat", has_text="to be created").locator(".stat-value")).to_have_text(str(created))
    page.get_by_role("button", name="Confirm the import").click()
    expect(page.get_by_text(f"Imported {path.name}: {created} created, 0 updated, 0 unchanged.")).to_be_visible()


def links_from_mails(smtp: Any) -> dict[str, str]:
    """Each address's personal link, read from the invitation it received."""
    links = {}
    for message in smtp.messages:
        found = re.search(r"http://127\.0\.0\.1:\d+/i/[A-Za-z0-9_-]+", message.get_body(("plain",)).get_content())
        assert found, message["To"]
        links[message["To"]] = found.group(0)
    return links


@contextmanager
def delegate_tab(chromium: Any, language: str, viewport: dict | None = None) -> Iterator[Any]:
    """A delegate's own browser (own cookies), in their language."""
    context = chromium.new_context(viewport=viewport or {"width": 1280, "height": 800}, locale=language)
    try:
        tab = context.new_page()
        tab.set_default_timeout(WAIT)
        yield tab
    finally:
        context.close()


def answer(chromium: Any, link: str, language: str, choice: int, viewport: dict | None = None) -> None:
    """A delegate opens the link from their mail and answers in the page's language."""
    with delegate_tab(chromium, language, viewport) as tab:
        tab.goto(link)
        assert tab.locator("html").get_attribute("lang").startswith(language)  # zh-Hans
        tab.get_by_role("radio", name=FORM[language][choice]).check()
        tab.get_by_role("button", name=FORM[language][3]).click()
        tab.wait_for_url("**/confirmed")
        if viewport == PHONE:
            assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def join_online(chromium: Any, link: str, language: str, server: Any, viewport: dict | None = None) -> None:
    with delegate_tab(chromium, language, viewport) as tab:
        tab.goto(link)
        tab.get_by_role("link", name=JOIN[language]).click()
        tab.wait_for_url(f"{server.url}/meeting")  # the event's meeting address


def printed_badges(page: Any, tmp_path: Path, app: Flask) -> dict[int, tuple[str, Image.Image]]:
    """Download the badge PDF, render it as the printer would, read every QR back: the code and the badge around it
    by the invitation it admits."""
    with page.expect_download() as download:
        page.get_by_role("button", name="Download PDF").click()
    pdf = tmp_path / "badges.pdf"
    download.value.save_as(pdf)
    subprocess.run(["pdftoppm", "-r", "200", "-png", str(pdf), str(tmp_path / "page")], check=True)
    badges = {}
    for rendered in sorted(tmp_path.glob("page*.png")):
        image = Image.open(rendered)
        for barcode in zxingcpp.read_barcodes(image):
            code = codec.verify(barcode.text, app.config)
            assert code is not None, barcode.text
            corners = barcode.position
            xs = [corners.top_left.x, corners.top_right.x, corners.bottom_left.x, corners.bottom_right.x]
            ys = [corners.top_left.y, corners.top_right.y, corners.bottom_left.y, corners.bottom_right.y]
            margin = (max(xs) - min(xs)) // 2
            badges[code.invitation_id] = (barcode.text, image.crop(
                (min(xs) - margin, min(ys) - margin, max(xs) + margin, max(ys) + margin)))
    return badges


def open_door(page: Any, server: Any, name: str) -> None:
    page.goto(f"{server.url}/events/ceremony/door")
    page.locator("#door-name").fill(name)
    page.get_by_role("button", name="Open the scanner").click()
    page.wait_for_url("**/events/ceremony/door")


def stat(page: Any, label: str) -> str:
    return page.locator(".stat").filter(has=page.locator(".stat-label", has_text=re.compile(f"^{label}$"))) \
        .locator(".stat-value").inner_text()


@pytest.fixture
def patient_expect() -> Iterator[None]:
    """`expect` waits as long as the pages' own actions here (its default is 5 s)."""
    expect.set_options(timeout=WAIT)
    try:
        yield
    finally:
        expect.set_options(timeout=5_000)


@production_leg_only
def test_the_whole_day(patient_expect: None, app: Flask, live_server, page, chromium, playwright_instance, smtp,
                       time_machine: TimeMachineFixture, tmp_path: Path) -> None:
    page.set_default_timeout(WAIT)
    app.config["BASE_URL"] = live_server.url  # the links in the mails lead to this server
    event: Event = make_event(exchange_rates={"JPY": "0.0482"}, online_url=f"{live_server.url}/meeting")
    organiser = make_staff("organiser", "lin@protocol.example")

    # Weeks before: the guest list, the running order, the invitations.
    sign_in_page(page, live_server, organiser)
    japan, sichuan = guest_files(tmp_path)
    import_guests(page, live_server, japan, 3)
    import_guests(page, live_server, sichuan, 6)
    expect(page.locator(".guest-name")).to_have_count(9)
    running_order = tmp_path / "签约仪式.csv"
    running_order.write_bytes(AGREEMENTS.encode("gb18030"))
    page.goto(f"{live_server.url}/events/ceremony/agreements")
    page.get_by_role("link", name="Import CSV or XLSX").click()
    page.get_by_label(re.compile("file", re.I)).set_input_files(str(running_order))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("3 to create, 0 to update, 0 unchanged.")).to_be_visible()
    page.get_by_role("button", name="Import these agreements").click()
    expect(page.get_by_text("Imported: 3 created")).to_be_visible()

    page.goto(f"{live_server.url}/events/ceremony/invitations")
    page.get_by_role("button", name="Send 9 invitations").click()
    expect(page.get_by_text("All sent.")).to_be_visible()
    links = links_from_mails(smtp)
    assert sorted(links) == sorted(row[0] for row in JAPAN + SICHUAN)

    # The delegates answer, each in their own browser and language; one on a phone; one never answers.
    answer(chromium, links["sato@jetro.example.jp"], "ja", 0)
    answer(chromium, links["takahashi@jetro.example.jp"], "ja", 1, PHONE)
    answer(chromium, links["yamazaki@pref.okayama.example.jp"], "ja", 1)
    answer(chromium, links["wang@sichuan.example.cn"], "zh", 0)
    answer(chromium, links["zhang@ccpit.example.cn"], "zh", 1)
    answer(chromium, links["li.na@ccpit.example.cn"], "zh", 0)
    answer(chromium, links["chen.jing@sichuan.example.cn"], "zh", 2)
    answer(chromium, links["garcia@icex.example.es"], "en", 0)

    # The badges of the four guests in the hall, printed and read back.
    page.goto(f"{live_server.url}/events/ceremony/badges")
    assert stat(page, "Attending in person") == "4"
    badges = printed_badges(page, tmp_path, app)
    by_email = {i.delegate.email: i for i in db.session.scalars(select(Invitation))}
    in_hall = ["sato@jetro.example.jp", "wang@sichuan.example.cn", "li.na@ccpit.example.cn", "garcia@icex.example.es"]
    assert sorted(badges) == sorted(by_email[email].id for email in in_hall)

    # The day: the meeting opens ten minutes before the start, by the server's clock.
    time_machine.move_to(event.starts_at - timedelta(minutes=10))
    wang_code, wang_badge = badges[by_email["wang@sichuan.example.cn"].id]
    png = io.BytesIO()
    wang_badge.save(png, format="PNG")
    video = camera_file(png.getvalue(), tmp_path / "badge.y4m")
    camera_browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=[
        *CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}"])
    scanner_context = chromium.new_context(viewport=PHONE, locale="en-GB")
    try:
        north = camera_browser.new_context(viewport=PHONE, locale="en-GB").new_page()
        north.set_default_timeout(WAIT)
        south = scanner_context.new_page()
        south.set_default_timeout(WAIT)
        sign_in_page(north, live_server, make_staff("door", "north@venue.example"))
        sign_in_page(south, live_server, make_staff("door", "south@venue.example"))
        open_door(south, live_server, "South door")
        open_door(north, live_server, "North door")
        north_result = north.locator("#result")
        expect(north_result).to_have_attribute("data-result", "admitted")  # the camera saw 王伟's badge
        expect(north_result).to_contain_text("王伟")
        for email in ("sato@jetro.example.jp", "garcia@icex.example.es"):  # the handheld scanner types each code
            south.locator("#scanner-input").focus()
            south.keyboard.type(badges[by_email[email].id][0])
            south.keyboard.press("Enter")
            expect(south.locator("#result.result-green")).to_contain_text(by_email[email].delegate.given_name)
        south.keyboard.type(wang_code)  # and 王伟 tries the other door too
        south.keyboard.press("Enter")
        expect(south.locator("#result.result-amber")).to_contain_text("North door")
        expect(south.locator('[data-count="admitted"]')).to_have_text("3")
        expect(north.locator('[data-count="admitted"]')).to_have_text("3")
    finally:
        camera_browser.close()
        scanner_context.close()

    join_online(chromium, links["takahashi@jetro.example.jp"], "ja", live_server, PHONE)
    join_online(chromium, links["zhang@ccpit.example.cn"], "zh", live_server)

    # An hour later the clerk signs; the hall's board follows.
    time_machine.move_to(event.starts_at + timedelta(hours=1))
    hall = chromium.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    clerk = chromium.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB").new_page()
    clerk.set_default_timeout(WAIT)
    try:
        board = hall.new_page()
        board.set_default_timeout(WAIT)
        board.goto(f"{live_server.url}/events/ceremony/board?lang=zh")
        expect(board.locator('[data-field="planned"]')).to_have_text("3")
        sign_in_page(clerk, live_server, make_staff("clerk", "clerk@protocol.example"))
        clerk.goto(f"{live_server.url}/events/ceremony/signing")
        for ref, how in (("CJ-01", "in the hall"), ("CJ-02", "by video"), ("CJ-03", "in the hall")):
            expect(clerk.locator("article.current .ref")).to_have_text(ref)
            clerk.get_by_role("button", name=f"Signed {how}").click()
            expect(clerk.locator(".flashes")).to_contain_text(f"Signed: {ref}")
        clerk.get_by_role("link", name=re.compile("Robotics joint venture")).click()
        signed_at = clerk.get_by_label("Signing time").input_value()
        earlier = event.local(event.starts_at + timedelta(minutes=55)).strftime("%Y-%m-%dT%H:%M:%S")
        assert earlier < signed_at
        clerk.get_by_label("Signing time").fill(earlier)
        clerk.get_by_label("Why (kept in the ledger)").fill("signed before the speeches; tapped late")
        clerk.get_by_role("button", name="Record the correction").click()
        expect(clerk.locator(".flashes")).to_contain_text("Corrected: CJ-03")
        expect(board.locator('[data-field="signed"]')).to_have_text("3")
        expect(board.locator('[data-field="total-exact"]')).to_have_text("1,579,000,000.00 CNY")
    finally:
        hall.close()
        clerk.context.close()

    # The Zoom participants report of the online guests (and the host, who is left out).
    zoom = tmp_path / "participants_81234567890.csv"
    zoom.write_bytes(files.zoom_meeting([
        Stay("Protocol Office", "protocol@eventdesk.test", clock(event, 9, 15), clock(event, 17, 40)),
        Stay("髙橋 一郎", "takahashi@jetro.example.jp", clock(event, 9, 25), clock(event, 10, 40)),
        Stay("Wei ZHANG", "zhang@ccpit.example.cn", clock(event, 9, 30), clock(event, 11, 0)),
        Stay("Sakura Yamazaki", "yamazaki@pref.okayama.example.jp", clock(event, 10, 0), clock(event, 10, 45)),
        Stay("José García Müller", "garcia@icex.example.es", clock(event, 14, 0), clock(event, 15, 0))]))
    page.goto(f"{live_server.url}/events/ceremony/attendance")
    page.get_by_role("link", name="Import a report").first.click()
    page.get_by_label("Attendance report (CSV or XLSX, as the platform exported it)").set_input_files(str(zoom))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name=f"Preview: {zoom.name}")).to_be_visible()
    page.get_by_role("button", name="Confirm the import").click()
    expect(page.get_by_text(f"Imported {zoom.name}: 4 matched, 1 left out, 0 unmatched.")).to_be_visible()

    # The morning after: the report, on its page and from the command line.
    time_machine.move_to(event.ends_at + timedelta(hours=15))
    page.goto(f"{live_server.url}/events/ceremony/report")
    assert stat(page, "Invited") == "9"
    assert stat(page, "Attended") == "6 / 9"
    assert [stat(page, label) for label in ("In the hall", "Online only", "In the hall and online", "No-show")] == [
        "2", "3", "1", "1"]
    answers = page.locator("section", has=page.get_by_role("heading", name="Answers"))
    assert [answers.get_by_role("row", name=label).locator("td").inner_text() for label in (
        "Accepted, in person", "Accepted, online", "Declined", "No answer yet")] == ["4", "3", "1", "1"]
    assert stat(page, "Agreements signed") == "3 / 3"
    expect(page.get_by_text("1,579,000,000.00 CNY").first).to_be_visible()
    result = app.test_cli_runner().invoke(args=["report", "ceremony", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["invited"] == 9
    assert report["answers"] == {"in_person": 4, "online": 3, "declined": 1, "waiting": 0, "no_answer": 1}
    assert report["attendance"] == {"in_person": 2, "online": 3, "both": 1, "no_show": 1, "not_yet": 0,
                                    "attended": 6}
    assert report["online_minutes"] == 75 + 90 + 45 + 60
    assert report["arrivals"]["total"] == 3 and report["online_joins"]["total"] == 4
    agreements = report["agreements"]
    assert (agreements["signed"], agreements["planned"]) == (3, 3)
    assert [(a["ref"], a["mode"]) for a in agreements["items"]] == [
        ("CJ-03", "in_person"), ("CJ-01", "in_person"), ("CJ-02", "remote")]
    assert agreements["totals"]["in_cny"] == "1579000000.00"
    assert agreements["totals"]["by_currency"] == {"CNY": "1338000000.00", "JPY": "5000000000"}
