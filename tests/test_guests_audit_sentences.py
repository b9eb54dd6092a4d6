"""The audit log reads as sentences in the page's language ("Door staff Li undid the admission of 山田太郎."), shows
only the fields that changed, and every time in the event's timezone."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import time_machine
from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import expect

from eventdesk.door import service as door
from eventdesk.guests import service as guests
from eventdesk.staff import service as staff_service
from tests.factories import make_delegate, make_event, make_invitation, make_staff, sign_in_page


def story(organiser) -> None:
    """A door admits 山田 by name and takes it back; an organiser changes 山田's position, not the rest."""
    event = make_event(timezone="Asia/Tokyo")
    yamada = make_invitation(event, make_delegate("山田 太郎", "Taro YAMADA", email="yamada@example.jp"),
                             "accepted", "in_person")
    li = staff_service.create("li@eventdesk.test", "door", name="Li", password="correct horse battery")
    with time_machine.travel(datetime(2026, 3, 1, 0, 30, tzinfo=UTC), tick=False):  # 09:30 in Tokyo
        door.admit_manually(event, yamada, door="North door", staff=li)
        door.undo_last_admission(event, li)
    values = guests.guest_values(yamada) | {"position": "課長"}
    guests.update_guest(yamada, {k: getattr(v, "value", v) for k, v in values.items()}, staff=organiser)


def rows(page: str) -> list[str]:
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
            for row in re.findall(r"<tr>(.*?)</tr>", page.split("<tbody>", 1)[1], re.S)]


def test_the_audit_log_reads_as_sentences_with_only_what_changed(app: Flask, organiser, organiser_client: FlaskClient,
                                                                ) -> None:
    story(organiser)
    english = rows(organiser_client.get("/audit?event=ceremony&lang=en").text)
    undo = next(row for row in english if "undid" in row)
    assert "Door staff Li undid the admission of 山田太郎 (Taro YAMADA)." in undo
    assert "9:30 AM (Asia/Tokyo)" in undo  # the event's timezone (00:30 UTC)
    assert "invitation_id" not in undo and "undone" not in undo
    update = next(row for row in english if "changed the details" in row)
    assert "Organiser Test organiser changed the details of 山田太郎 (Taro YAMADA)." in update
    assert "Position : — → 課長" in update and "E-mail" not in update and "Role" not in update
    chinese = organiser_client.get("/audit?event=ceremony&lang=zh").text
    assert "入口工作人员 Li 撤销了 山田太郎 (Taro YAMADA) 的入场记录。" in chinese
    japanese = organiser_client.get("/audit?event=ceremony&lang=ja").text
    assert "山田太郎 (Taro YAMADA) の入場を取り消しました。" in japanese


def test_organiser_reads_the_audit_log_in_japanese(app: Flask, live_server, page) -> None:
    organiser = make_staff("organiser", "lin@protocol.example")
    story(organiser)
    sign_in_page(page, live_server, organiser)
    page.goto(f"{live_server.url}/audit?event=ceremony&lang=ja")
    row = page.get_by_role("row").filter(has_text="入場を取り消しました")
    expect(row).to_contain_text("Li が 山田太郎 (Taro YAMADA) の入場を取り消しました。")
    expect(row).to_contain_text("(Asia/Tokyo)")
    expect(page.get_by_role("row").filter(has_text="情報を変更しました")).to_contain_text("役職: — → 課長")
