"""Organisers print badges: Chinese, Japanese, Korean and accented Latin names come out with their own
glyphs embedded, every QR on the page reads back (with a real decoder) as the right guest's code, and long
names shrink instead of overflowing. (Names of CJK Extension B, and names no font has: test_names_badges.)"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from flask import Flask
from PIL import Image, ImageOps

from eventdesk.badges import codec, fonts, render, service
from eventdesk.badges.service import BadgeState, Selection
from eventdesk.extensions import db
from eventdesk.models import Event, Invitation
from tests.conftest import TEST_SIGNING_KEY
from tests.factories import make_delegate, make_event, make_invitation, make_organisation

needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
NAMES = [  # native name, Latin name, language, organisation
    ("张 伟", "Wei ZHANG", "zh", "四川省商务厅"),
    ("髙橋 さくら", "Sakura TAKAHASHI", "ja", "日本貿易振興機構"),
    ("山﨑 健太", "Kenta YAMAZAKI", "ja", "日本貿易振興機構"),
    ("김 민준", "Minjun KIM", "en", "Korea Trade-Investment Promotion Agency"),
    ("", "José Müller-Lüdenscheidt", "en", "Deutsch-Chinesische Wirtschaftsvereinigung"),  # Latin names only
]


def guests(event: Event) -> list[Invitation]:
    invitations = []
    for native, latin, language, organisation in NAMES:
        delegate = make_delegate(name=native, latin=latin, language=language,
                                 organisation=make_organisation(organisation, name_latin=None))
        invitations.append(make_invitation(event, delegate, status="accepted", mode="in_person"))
    return invitations


def batch_pdf(event: Event, selection: Selection = Selection()) -> bytes:
    service.prepare_batch(event, selection)
    out = io.BytesIO()
    service.write_batch(event, selection, out)
    return out.getvalue()


def pages_as_images(pdf: bytes, tmp_path: Path) -> list[Path]:
    (tmp_path / "badges.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "200", "-png", str(tmp_path / "badges.pdf"), str(tmp_path / "page")],
                   check=True)
    return sorted(tmp_path.glob("page*.png"))


def qr_texts(images: list[Path]) -> list[str]:
    return [barcode.text for image in images for barcode in zxingcpp.read_barcodes(Image.open(image))]


def pdf_tool(tool: str, pdf: bytes, tmp_path: Path, *args: str) -> str:
    path = tmp_path / f"for-{tool}.pdf"
    path.write_bytes(pdf)
    return subprocess.run([tool, *args, str(path), "-"] if tool == "pdftotext" else [tool, str(path)],
                          check=True, capture_output=True, text=True).stdout


@needs_poppler
def test_every_printed_qr_reads_back_as_the_right_guests_valid_badge(app: Flask, tmp_path: Path) -> None:
    event = make_event()
    invitations = guests(event)
    pdf = batch_pdf(event)
    texts = qr_texts(pages_as_images(pdf, tmp_path))
    assert len(texts) == len(invitations)
    decoded = {(c.invitation_id, c.serial) for c in (codec.verify(t, app.config) for t in texts)
               if c is not None and c.event_id == event.id}
    expected = {(i.id, service.current(i).serial) for i in invitations}
    assert decoded == expected
    for text in texts:
        assert service.lookup(codec.verify(text, app.config)).state == BadgeState.VALID


def test_badge_codes_of_a_whole_ceremony_read_back_with_the_one_mask_badges_use() -> None:
    # Badges take one QR mask rather than the best of eight (that search took most of a batch's time). Any mask
    # is a valid code; this reads back 400 codes, each with its own signature, at about half the printed size.
    config = {"BADGE_SIGNING_KEY": TEST_SIGNING_KEY, "BADGE_KEY_ID": "T"}
    for n in range(400):
        code = codec.encode(3, 1_000 + n, n + 1, config)
        version, modules = render.qr_modules(code)
        assert version == 6
        size = len(modules)
        image = Image.new("L", (size, size))
        image.putdata([0 if dark else 255 for row in modules for dark in row])
        image = ImageOps.expand(image.resize((size * 3, size * 3), Image.Resampling.NEAREST), border=12, fill=255)
        assert [barcode.text for barcode in zxingcpp.read_barcodes(image)] == [code]


@needs_poppler
def test_a_reissued_badges_old_printed_code_reads_as_revoked(app: Flask, tmp_path: Path) -> None:
    event = make_event()
    invitation = guests(event)[0]
    old_text = qr_texts(pages_as_images(batch_pdf(event, Selection(organisation_id=invitation.delegate
                                                                    .organisation_id)), tmp_path))[0]
    service.reissue(invitation)
    old = codec.verify(old_text, app.config)
    assert service.lookup(old).state == BadgeState.REVOKED
    assert codec.verify(old_text[:-1] + ("A" if old_text[-1] != "A" else "B"), app.config) is None


@needs_poppler
def test_chinese_japanese_korean_and_accented_names_are_embedded_and_extractable(app: Flask,
                                                                                tmp_path: Path) -> None:
    event = make_event()
    guests(event)
    pdf = batch_pdf(event)
    listed = pdf_tool("pdffonts", pdf, tmp_path).splitlines()[2:]
    assert listed, "the PDF lists no fonts"
    for line in listed:
        name, *_, emb, sub, uni, _obj, _gen = line.split()
        assert (emb, sub, uni) == ("yes", "yes", "yes"), line
        assert "+" in name  # a subset, tagged
    names = {line.split()[0].split("+")[1] for line in listed}
    assert {"DejaVuSans", "IPAGothic", "WenQuanYiMicroHei-0"} <= names
    text = pdf_tool("pdftotext", pdf, tmp_path).replace("\n", " ")
    for expected in ("张伟", "髙橋さくら", "山﨑健太", "김민준", "José MÜLLER-LÜDENSCHEIDT", "Sakura TAKAHASHI",
                     "四川省商务厅", "日本貿易振興機構", "Deutsch-Chinesische Wirtschaftsvereinigung"):
        assert expected in text, expected


def test_japanese_names_get_the_japanese_font_and_chinese_names_the_chinese_one() -> None:
    assert fonts.fit("髙橋", fonts.chain_for("ja"), 100, 50, 20).lines[0][0][0][0] == "BadgeJapanese"
    assert fonts.fit("张伟", fonts.chain_for("zh"), 100, 50, 20).lines[0][0][0][0] == "BadgeChinese"
    runs = fonts.fit("José 김민준", fonts.chain_for("en"), 200, 50, 20).lines[0][0]
    assert [(font, text) for font, text, _ in runs] == [("BadgeLatin", "José "), ("BadgeChinese", "김민준")]


@pytest.mark.parametrize("text", [
    "Sir Bartholomew Alexander Montgomery-Featherstonehaugh-Worthington III",
    "中华人民共和国驻日本国大使馆经济商务处与日本国经济产业省关于推进地方合作的联合工作组",
    "日本貿易振興機構（ジェトロ）成都代表処・四川省地方経済協力推進委員会",
])
def test_long_names_and_organisations_shrink_to_fit(text: str) -> None:
    width, height = 70 * 2.8346, 9 * 2.8346
    fitted = fonts.fit(text, fonts.chain_for("ja"), width, height, 11, max_lines=2)
    assert "".join(run for runs, _ in fitted.lines for _, run, _ in runs).replace(" ", "") == text.replace(" ", "")
    assert all(line_width <= width + 0.01 for _, line_width in fitted.lines)
    assert len(fitted.lines) * fitted.size * fonts.LEADING <= height + 0.01
    assert len(fitted.lines) == 2


def test_batch_is_in_print_order_organisation_then_name(app: Flask) -> None:
    event = make_event()
    b, a = make_organisation("B Corp", name_latin="B Corp"), make_organisation("A Corp", name_latin="A Corp")
    for name, latin, org in [("Smith John", "John SMITH", b), ("Young Amy", "Amy YOUNG", a),
                             ("Adams Zoe", "Zoe ADAMS", b), ("Baker Tom", "Tom BAKER", a)]:
        make_invitation(event, make_delegate(name=name, latin=latin, organisation=org, language="en"),
                        status="accepted", mode="in_person")
    service.issue_missing(event)
    order = [card.latin_name for _, card in service._batch_cards(event, Selection())]
    assert order == ["Tom BAKER", "Amy YOUNG", "Zoe ADAMS", "John SMITH"]


def test_filters_only_new_only_changed_and_one_organisation(app: Flask) -> None:
    event = make_event()
    first, second, third, fourth, fifth = guests(event)
    batch_pdf(event)  # everything printed once
    service.reissue(second)  # lost badge
    make_invitation(event, make_delegate(name="王 芳", latin="Fang WANG", language="zh",
                                         organisation=first.delegate.organisation), status="accepted",
                    mode="in_person")

    def holders(selection: Selection) -> list[str]:
        service.issue_missing(event)
        return [card.latin_name for _, card in service._batch_cards(event, selection)]

    assert holders(Selection(only_new=True)) == ["Fang WANG"]
    assert holders(Selection(only_changed=True)) == ["Sakura TAKAHASHI"]
    assert holders(Selection(organisation_id=first.delegate.organisation_id)) == ["Fang WANG", "Wei ZHANG"]
    assert service.batch_counts(event) == {"in_person": 6, "new": 1, "changed": 1}
    batch_pdf(event, Selection(only_new=True))
    assert holders(Selection(only_new=True)) == []


def test_online_guests_are_not_in_the_batch(app: Flask) -> None:
    event = make_event()
    invitation = guests(event)[0]
    invitation.mode = invitation.mode.ONLINE
    service.sync(invitation)
    db.session.commit()
    assert invitation.delegate.latin_name not in [c.latin_name for _, c in service._batch_cards(event, Selection())]


@needs_poppler
def test_a_long_batch_is_joined_from_chunks_into_one_valid_pdf(app: Flask, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "PAGES_PER_CHUNK", 1)  # every page its own ReportLab document
    event = make_event()
    for i in range(9):
        make_invitation(event, make_delegate(name=f"李 {'一二三四五六七八九'[i]}", latin=f"Li {i} LI", language="zh",
                                             email=f"li{i}@example.cn"), status="accepted", mode="in_person")
    pdf = batch_pdf(event)
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    assert "Pages:           3" in info.stdout.decode()
    assert info.stderr == b""  # poppler complains of a broken cross-reference table here
    fonts_listed = pdf_tool("pdffonts", pdf, tmp_path).splitlines()[2:]
    assert len({line.split()[0] for line in fonts_listed}) == len(fonts_listed)  # every subset its own tag
    assert len(qr_texts(pages_as_images(pdf, tmp_path))) == 9


def test_the_phone_png_carries_the_same_code_as_the_pdf(app: Flask) -> None:
    invitation = guests(make_event())[1]
    image = Image.open(io.BytesIO(service.delegate_png(invitation)))
    [barcode] = zxingcpp.read_barcodes(image)
    assert barcode.text == service.code_for(service.current(invitation))
