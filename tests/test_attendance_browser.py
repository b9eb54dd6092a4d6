"""An organiser imports a Teams attendance report in Chromium: uploads it, reads the preview, confirms, matches
the one name no rule could decide to a guest by hand, and sees that guest's online minutes."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from playwright.sync_api import expect

from tests import attendance_files as files
from tests.attendance_files import Stay, clock
from tests.factories import make_delegate, make_event, make_invitation, make_organisation, make_staff, sign_in_page


def test_organiser_imports_a_teams_report_and_matches_a_name_by_hand(app: Flask, live_server, page,
                                                                    tmp_path: Path) -> None:
    organiser = make_staff("organiser", "lin@protocol.example")
    event = make_event()
    make_invitation(event, make_delegate("张 伟", "Wei ZHANG", email="zhang.wei@example.cn"),
                    status="accepted", mode="online")
    make_invitation(event, make_delegate("髙橋 一郎", "Ichiro TAKAHASHI", email="takahashi@jetro.example.jp",
                                         organisation=make_organisation("日本貿易振興機構", name_latin="JETRO")),
                    status="accepted", mode="online")
    report = tmp_path / "Promotion - Attendance report 6-16-26.csv"
    report.write_bytes(files.teams([
        Stay("Protocol Office", "protocol@eventdesk.test", clock(event, 9, 0), clock(event, 12, 0), role="Organizer"),
        Stay("Wei ZHANG", "zhang.wei@example.cn", clock(event, 9, 30), clock(event, 11, 0)),
        Stay("Ichiro (Unverified)", "", clock(event, 9, 40), clock(event, 10, 20)),
        Stay("Ichiro (Unverified)", "", clock(event, 10, 30), clock(event, 10, 50))]))
    sign_in_page(page, live_server, organiser)

    page.goto(f"{live_server.url}/events/ceremony/guests")
    page.get_by_role("link", name="Attendance reports").click()
    page.get_by_role("link", name="Import a report").first.click()
    page.get_by_label("Attendance report (CSV or XLSX, as the platform exported it)").set_input_files(str(report))
    page.get_by_role("button", name="Check the file").click()

    expect(page.get_by_role("heading", name=f"Preview: {report.name}")).to_be_visible()
    expect(page.get_by_text("Microsoft Teams attendance")).to_be_visible()
    stat = page.locator(".stat")
    assert stat.filter(has_text="matched").first.locator(".stat-value").inner_text() == "1"
    assert stat.filter(has_text="unmatched").locator(".stat-value").inner_text() == "2"
    expect(page.locator("#rows-left_out").get_by_role("cell", name="Protocol Office")).to_be_visible()
    expect(page.locator("#rows-unmatched").get_by_role("cell", name="Ichiro (Unverified)")).to_have_count(2)
    page.get_by_role("button", name="Confirm the import").click()

    expect(page.get_by_text(f"Imported {report.name}: 1 matched, 1 left out, 2 unmatched.")).to_be_visible()
    expect(page.get_by_role("heading", name="Unmatched names")).to_be_visible()
    row = page.get_by_role("row", name="Ichiro (Unverified)")
    expect(row.get_by_role("cell", name="60", exact=True)).to_be_visible()  # 40 + 20 minutes, as reported
    row.get_by_role("link", name="Find the guest…").click()
    expect(page.get_by_role("searchbox")).to_have_value("Ichiro")
    page.get_by_role("searchbox").fill("髙橋")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("button", name="Ichiro (Unverified) is 髙橋一郎 (Ichiro TAKAHASHI)").click()

    expect(page.get_by_text("Ichiro (Unverified) is now matched, and remembered for later reports: "
                            "60 minutes online in all.")).to_be_visible()
    expect(page.get_by_text("Every name is decided")).to_be_visible()
    page.get_by_role("link", name="Reports", exact=True).click()
    page.get_by_role("link", name=report.name).click()
    matched = page.locator("#rows-matched")
    expect(matched.get_by_role("row").filter(has_text="Ichiro (Unverified)")).to_have_count(2)
    expect(matched.get_by_text("髙橋一郎 (Ichiro TAKAHASHI)").first).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
