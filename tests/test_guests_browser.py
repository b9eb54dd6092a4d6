"""An organiser imports a guest list in Chromium: uploads the file, reads the preview, confirms, and finds a
delegate by part of her name in kana."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from playwright.sync_api import expect

from tests.factories import make_event, make_staff, sign_in_page

GUESTS = ("email,family_name,given_name,family_name_latin,given_name_latin,organisation,organisation_kind,country,"
          "language,role,mode\r\n"
          "yamazaki@pref.example.jp,山﨑,さくら,Yamazaki,Sakura,岡山県庁,government,JP,ja,vip,in_person\r\n"
          "takahashi@jetro.example.jp,髙橋,一郎,Takahashi,Ichiro,日本貿易振興機構,trade_body,JP,ja,delegate,online\r\n"
          "zhang@sc.example.cn,张,伟,Zhang,Wei,四川省商务厅,government,CN,zh,signatory,\r\n")


def test_organiser_imports_a_shift_jis_list_and_finds_a_delegate_by_partial_kana(app: Flask, live_server, page,
                                                                                tmp_path: Path) -> None:
    organiser = make_staff("organiser", "lin@protocol.example")
    make_event()
    japanese = tmp_path / "名簿.csv"
    japanese.write_bytes(GUESTS.replace("zhang@sc.example.cn,张,伟,Zhang,Wei,四川省商务厅", "sato@corp.example.jp,佐藤,"
                                        "ケンタ,Sato,Kenta,株式会社サンプル").encode("cp932"))
    sign_in_page(page, live_server, organiser)
    page.goto(f"{live_server.url}/events/ceremony/guests")
    page.get_by_role("link", name="Import", exact=True).click()
    page.get_by_label("Guest list file (CSV or XLSX)").set_input_files(str(japanese))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Preview: 名簿.csv")).to_be_visible()
    assert page.locator(".stat", has_text="to be created").locator(".stat-value").inner_text() == "3"
    expect(page.get_by_role("cell", name="山﨑 さくら / Sakura Yamazaki")).to_be_visible()
    page.get_by_role("button", name="Confirm the import").click()
    expect(page.get_by_text("Imported 名簿.csv: 3 created, 0 updated, 0 unchanged.")).to_be_visible()
    page.get_by_role("searchbox").fill("さく")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator(".guest-name")).to_have_text(["山﨑さくら"])
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_file_with_problems_lists_them_and_imports_nothing(app: Flask, live_server, page, tmp_path: Path) -> None:
    organiser = make_staff("organiser", "lin@protocol.example")
    make_event()
    bad = tmp_path / "guests.csv"
    bad.write_text(GUESTS.replace("yamazaki@pref.example.jp", "yamazaki-at-pref")
                   .replace(",JP,ja,delegate", ",XX,ja,delegate"), encoding="utf-8")
    sign_in_page(page, live_server, organiser)
    page.goto(f"{live_server.url}/events/ceremony/guests/import")
    page.get_by_label("Guest list file (CSV or XLSX)").set_input_files(str(bad))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="2 problems in guests.csv: nothing was imported")).to_be_visible()
    expect(page.get_by_text("line 2, column email: not a valid e-mail address: yamazaki-at-pref")).to_be_visible()
    page.goto(f"{live_server.url}/events/ceremony/guests")
    expect(page.get_by_text("No guests yet")).to_be_visible()


def test_organiser_sends_the_invitations_and_watches_the_progress(app: Flask, live_server, page, smtp) -> None:
    from tests.factories import make_delegate, make_invitation

    organiser = make_staff("organiser", "lin@protocol.example")
    event = make_event()
    for n in range(12):
        make_invitation(event, make_delegate("山田 太郎", "Taro YAMADA", email=f"guest{n}@example.jp"))
    sign_in_page(page, live_server, organiser)
    page.goto(f"{live_server.url}/events/ceremony/invitations")
    page.get_by_role("button", name="Send 12 invitations").click()
    page.get_by_text("All sent.").wait_for()
    assert page.locator('[data-count="sent"]').inner_text() == "12"
    assert sorted(m["To"] for m in smtp.messages) == sorted(f"guest{n}@example.jp" for n in range(12))
