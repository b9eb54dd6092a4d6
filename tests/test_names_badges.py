"""Every name people have is drawn on their badge: 𠮷 and the rest of CJK Extension B come from the shipped
Hanazono font. A name that no font can draw never holds up a batch: the others print, and the organisers
(on the page and on the command line) see in their language whose badge was left out. The delegate is told
in their own language, without anyone's e-mail. The serial number's label is in the badge's language."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image, ImageChops
from sqlalchemy import select

from eventdesk.badges import codec, service
from eventdesk.badges.service import Selection
from eventdesk.errors import Refused
from eventdesk.extensions import db
from eventdesk.models import Badge, Event, Invitation
from tests.factories import make_delegate, make_event, make_invitation

needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
UNDRAWABLE = "\U00030000"  # 𰀀, CJK Extension G: in no badge font
DPI = 200


def attending(event: Event, name: str, latin: str = "Hanako YOSHIDA", language: str = "ja",
              email: str | None = None) -> Invitation:
    return make_invitation(event, make_delegate(name=name, latin=latin, language=language, email=email),
                           status="accepted", mode="in_person")


def rendered(pdf: bytes, tmp_path: Path, name: str) -> Image.Image:
    (tmp_path / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-singlefile", str(tmp_path / f"{name}.pdf"),
                    str(tmp_path / name)], check=True)
    return Image.open(tmp_path / f"{name}.png").convert("L")


def pdf_text(pdf: bytes, tmp_path: Path, tool: str = "pdftotext") -> str:
    path = tmp_path / f"for-{tool}.pdf"
    path.write_bytes(pdf)
    args = [tool, str(path), "-"] if tool == "pdftotext" else [tool, str(path)]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def printed(invitation: Invitation) -> bool:
    return db.session.scalar(select(Badge.printed_at).where(Badge.invitation_id == invitation.id)) is not None


@needs_poppler
def test_a_guest_named_with_extension_b_gets_a_badge_with_the_character_drawn(app: Flask, client: FlaskClient,
                                                                              tmp_path: Path) -> None:
    event = make_event()
    yoshida = attending(event, "𠮷田 花子")
    common = attending(event, "吉田 花子")  # the everyday form: same layout, another first glyph
    response = client.get(f"/i/{yoshida.token}/badge.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    embedded = pdf_text(response.data, tmp_path, "pdffonts")
    assert re.search(r"^[A-Z]{6}\+HanaMinB\s.*\byes\s+yes\b", embedded, re.M)  # embedded, as a subset
    assert "𠮷田花子" in pdf_text(response.data, tmp_path)  # and its text layer says 𠮷, not U+20BB
    badge = rendered(response.data, tmp_path, "yoshida")
    other = rendered(client.get(f"/i/{common.token}/badge.pdf").data, tmp_path, "common")
    [barcode] = zxingcpp.read_barcodes(badge)
    assert codec.verify(barcode.text, app.config).invitation_id == yoshida.id
    # The name's box: 28-49 mm below the badge's top, which is 20 mm below the page's.
    top, bottom = round(48 * DPI / 25.4), round(69 * DPI / 25.4)
    name_box = (0, top, badge.width, bottom)
    difference = ImageChops.difference(badge.crop(name_box), other.crop(name_box)).point(lambda v: 255 * (v > 64))
    left, _, right, _ = difference.getbbox()
    inked = difference.histogram()[255]
    assert inked > 500  # a whole glyph's worth of strokes differs, not a speck
    assert right - left < badge.width / 4  # and only where the first character stands
    # The phone badge is made too, with the same code.
    png = Image.open(io.BytesIO(client.get(f"/i/{yoshida.token}/badge.png").data))
    assert zxingcpp.read_barcodes(png)[0].text == barcode.text


def test_one_name_no_font_can_draw_never_stops_the_batch(app: Flask, tmp_path: Path) -> None:
    event = make_event()
    others = [attending(event, name, latin, "zh", f"{latin.split()[0].lower()}@example.cn")
              for name, latin in (("张 伟", "Wei ZHANG"), ("𠮷田 花子", "Hanako YOSHIDA"), ("李 娜", "Na LI"))]
    odd = attending(event, f"{UNDRAWABLE}田 花子", "Hana TADA", "zh", "tada@example.jp")
    batch = service.prepare_batch(event, Selection())
    assert (batch.count, batch.printable) == (4, 3)
    assert [str(u) for u in batch.unprintable] == [
        f"{UNDRAWABLE}田花子 (Hana TADA) <tada@example.jp>: {UNDRAWABLE} (U+30000) (name)"]
    out = io.BytesIO()
    assert service.write_batch(event, Selection(), out) == 3
    if shutil.which("pdftoppm"):
        page = rendered(out.getvalue(), tmp_path, "batch")
        assert {codec.verify(b.text, app.config).invitation_id for b in zxingcpp.read_barcodes(page)} == {
            i.id for i in others}
    db.session.expire_all()
    assert all(printed(i) for i in others) and not printed(odd)  # it stays to do


def test_a_batch_of_only_undrawable_names_is_refused_naming_them(app: Flask) -> None:
    event = make_event()
    attending(event, f"{UNDRAWABLE}田 花子", email="tada@example.jp")
    with pytest.raises(Refused) as refused:
        service.prepare_batch(event, Selection())
    assert refused.value.code == "no_printable_badges"
    assert refused.value.details == [f"{UNDRAWABLE}田花子 (Hanako YOSHIDA) <tada@example.jp>: "
                                     f"{UNDRAWABLE} (U+30000) (name)"]


def test_the_badges_command_prints_the_rest_and_lists_the_undrawable(app: Flask, runner, tmp_path: Path) -> None:
    event = make_event()
    attending(event, "𠮷田 花子", email="yoshida@example.jp")
    attending(event, "山田 太郎", "Taro YAMADA", email="yamada@example.jp")
    attending(event, f"{UNDRAWABLE}田 花子", "Hana TADA", email="tada@example.jp")
    result = runner.invoke(args=["badges", "ceremony", "-o", str(tmp_path / "badges.pdf")])
    assert result.exit_code == 0, result.output
    assert f"Wrote 2 badges to {tmp_path / 'badges.pdf'}" in result.output
    assert "Not printed, 1 badges that no badge font can draw" in result.output
    assert f"  {UNDRAWABLE}田花子 (Hana TADA) <tada@example.jp>: {UNDRAWABLE} (U+30000) (name)" in result.output
    assert (tmp_path / "badges.pdf").read_bytes().startswith(b"%PDF")


def test_the_organisers_page_lists_undrawable_badges_in_its_language_and_prints_the_rest(
        app: Flask, organiser_client: FlaskClient) -> None:
    event = make_event()
    yoshida = attending(event, "𠮷田 花子", email="yoshida@example.jp")
    odd = attending(event, f"{UNDRAWABLE}田 花子", "Hana TADA", email="tada@example.jp")
    page = organiser_client.get(f"/events/{event.slug}/badges?lang=zh").get_data(as_text=True)
    assert "1 张胸卡无法生成，未放入 PDF" in page
    assert f"{UNDRAWABLE}田花子 (Hana TADA) &lt;tada@example.jp&gt;：{UNDRAWABLE} (U+30000) (姓名)" in page
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = organiser_client.post(f"/events/{event.slug}/badges?lang=zh",
                                     data={"csrf_token": token, "only": "all", "organisation": "0"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    db.session.expire_all()
    assert [printed(i) for i in (yoshida, odd)] == [True, False]


@pytest.mark.parametrize("language, message", [
    ("zh", f"您的胸卡无法在此生成：我们的胸卡字体中没有 {UNDRAWABLE} (U+30000)。"),
    ("ja", f"こちらでは名札を作成できません。名札用フォントに {UNDRAWABLE} (U+30000) がありません。"),
    ("en", f"Your badge cannot be drawn here: our badge fonts have no {UNDRAWABLE} (U+30000)."),
], ids=["zh", "ja", "en"])
def test_a_delegate_whose_name_no_font_can_draw_is_told_in_their_language_without_an_email(
        app: Flask, client: FlaskClient, language: str, message: str) -> None:
    invitation = attending(make_event(), f"{UNDRAWABLE}田 花子", language=language, email="tada@example.jp")
    for kind in ("pdf", "png"):
        response = client.get(f"/i/{invitation.token}/badge.{kind}")
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert message in page and "tada@example.jp" not in page


@needs_poppler
@pytest.mark.parametrize("language, label", [("zh", "编号 000001"), ("ja", "番号 000001"), ("en", "No. 000001")])
def test_the_badge_number_is_labelled_in_the_badges_language(app: Flask, tmp_path: Path, language: str,
                                                             label: str) -> None:
    invitation = attending(make_event(), "王 芳", "Fang WANG", language)
    text = pdf_text(service.delegate_pdf(invitation), tmp_path)
    assert label in text
    assert language == "en" or "No." not in text
