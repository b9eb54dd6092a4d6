"""Badges as PDF (ReportLab, four to an A4 page with cut marks) and as PNG (Pillow, for phones).

One layout feeds both: a badge is laid out once as coloured bands, lines of text (already fitted, with a
font per run of characters) and the QR code, then drawn on a PDF canvas or a Pillow image. No Flask here:
the service turns delegates into BadgeCards.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from functools import lru_cache
from itertools import islice
from typing import Any, BinaryIO

import qrcode
from PIL import Image, ImageDraw, ImageFont
from qrcode.constants import ERROR_CORRECT_M
from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from eventdesk.badges import fonts, qr
from eventdesk.badges.pdfjoin import PdfJoiner

BADGE_W, BADGE_H = 90 * mm, 130 * mm
PAGE_W, PAGE_H = A4
GAP_X, GAP_Y = 10 * mm, 12 * mm
MARGIN_X, MARGIN_Y = (PAGE_W - 2 * BADGE_W - GAP_X) / 2, (PAGE_H - 2 * BADGE_H - GAP_Y) / 2
SLOTS = [(MARGIN_X + col * (BADGE_W + GAP_X), PAGE_H - MARGIN_Y - BADGE_H - row * (BADGE_H + GAP_Y))
         for row in range(2) for col in range(2)]  # lower-left corners, in reading order
PAGES_PER_CHUNK = 150  # ReportLab holds a chunk in memory; the joiner writes it out and forgets it
PNG_SCALE = 3.0  # pixels per point: a 765 x 1105 image
# Page and font streams deflated only, not also ASCII85-encoded: without ReportLab's separate C accelerator
# that encoding runs in Python and cost a sixth of a batch; binary streams are as valid and a fifth smaller.
rl_config.useA85 = 0

INK, GREY, WHITE = "#1A1A1A", "#6B6B6B", "#FFFFFF"
ROLE_COLOURS = {"vip": "#9E1B32", "signatory": "#1F3C88", "delegate": "#1E7B4F", "press": "#C2571A",
                "staff": "#4A5560", "interpreter": "#6B3FA0"}


@dataclass(frozen=True)
class BadgeCard:
    """What one badge shows, in the delegate's language; `holder` names the person to the organisers."""

    code: str
    serial: int
    serial_label: str  # "No. 000005", in the delegate's language
    role: str
    role_label: str
    language: str
    event_title: str
    event_line: str
    native_name: str
    latin_name: str
    position: str
    organisation: str
    organisation_latin: str
    holder: str


@dataclass(frozen=True)
class Undrawable:
    """A character of a badge that no badge font has, and the field (of BadgeCard) it is in."""

    char: str
    field: str

    def __str__(self) -> str:
        return f"{self.char} (U+{ord(self.char):04X})"


def undrawable(card: BadgeCard) -> list[Undrawable]:
    """What keeps this badge from being drawn; a badge is drawn only when this is empty."""
    chain = fonts.chain_for(card.language)
    return [Undrawable(char, field.name)
            for field in fields(card) if field.name not in {"code", "serial", "role", "language", "holder"}
            for char in fonts.missing(getattr(card, field.name), chain)]


# -- layout -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Band:
    x: float
    y: float
    w: float
    h: float
    colour: str


@dataclass(frozen=True)
class Text:
    x: float  # left end of the line
    y: float  # baseline
    size: float
    runs: tuple[fonts.Run, ...]
    colour: str
    bold: bool = False


@dataclass(frozen=True)
class Qr:
    x: float
    y: float
    size: float
    modules: tuple[tuple[bool, ...], ...]


def qr_modules(code: str) -> tuple[int, tuple[tuple[bool, ...], ...]]:
    """The QR version and its dark modules (no quiet zone), at error correction level M, mask pattern 2."""
    # One mask for every badge: trying all eight for the lowest penalty took four fifths of a batch's time, and
    # any mask makes a valid code (tests read 400 back). Badge codes take badges.qr, the qrcode library the rest.
    fast = qr.modules(code)
    if fast is not None:
        return fast
    slow = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, mask_pattern=qr.MASK)
    slow.add_data(code)
    slow.make(fit=True)
    return slow.version, tuple(tuple(row) for row in slow.get_matrix())


def layout(card: BadgeCard) -> list[Band | Text | Qr]:
    """The badge in points, origin at its lower-left corner. Boxes are (top, height) in mm from the top."""
    chain = fonts.chain_for(card.language)
    colour = ROLE_COLOURS.get(card.role, ROLE_COLOURS["delegate"])
    ops: list[Band | Text | Qr] = [Band(0, BADGE_H - 25 * mm, BADGE_W, 25 * mm, colour),
                                   Band(0, 0, BADGE_W, 12 * mm, colour)]
    inner = BADGE_W - 12 * mm

    def text(value: str, top: float, height: float, max_size: float, *, lines: int = 1, tint: str = INK,
             bold: bool = False) -> None:
        fitted = fonts.fit(value, chain, inner, height * mm, max_size, lines)
        block = len(fitted.lines) * fitted.size * fonts.LEADING - (fonts.LEADING - 1) * fitted.size
        baseline = BADGE_H - (top * mm + (height * mm - block) / 2) - fonts.ASCENT * fitted.size
        for runs, width in fitted.lines:
            ops.append(Text((BADGE_W - width) / 2, baseline, fitted.size, runs, tint, bold))
            baseline -= fitted.size * fonts.LEADING

    text(card.event_title, 3, 13, 13, lines=2, tint=WHITE, bold=True)
    text(card.event_line, 17, 5.5, 8, tint=WHITE)
    native = card.native_name or card.latin_name
    if card.latin_name and not _latin_script(native):
        text(native, 28, 21, 38, lines=2, bold=True)
        text(card.latin_name, 49.5, 7, 15)
    else:  # a Latin name is not repeated below itself: it takes both places
        text(native, 28, 28.5, 38, lines=2, bold=True)
    text(card.position, 57, 6.5, 9, lines=2, tint=GREY)
    text(card.organisation, 64.5, 9, 11, lines=2, bold=True)
    if card.organisation_latin and card.organisation_latin != card.organisation:
        text(card.organisation_latin, 73.5, 4.5, 8, tint=GREY)
    _, modules = qr_modules(card.code)
    qr_size = 28 * mm  # 0.68 mm a module at version 6; no text within its 4-module quiet zone
    ops.append(Qr((BADGE_W - qr_size) / 2, BADGE_H - 81 * mm - qr_size, qr_size, modules))
    text(card.serial_label, 112, 4, 7, tint=GREY)
    text(card.role_label.upper(), 118, 12, 20, tint=WHITE, bold=True)
    return ops


def _latin_script(text: str) -> bool:
    return all(not c.isalpha() or unicodedata.name(c, "").startswith("LATIN") for c in text)


# -- PDF ----------------------------------------------------------------------------------------------------

def write_pdf(cards: Iterable[BadgeCard], out: BinaryIO, *, title: str, single: bool = False,
              progress: Callable[[int], None] | None = None) -> int:
    """Write the badges to `out`, page by page, in the order given; returns how many were written.
    Leave out the cards with `undrawable` characters first: a missing glyph here is a bug, not a silent gap."""
    fonts.registered()
    joiner = PdfJoiner(out)
    written, page_number = 0, 0
    per_page = 1 if single else len(SLOTS)
    for chunk in batched(batched(cards, per_page), PAGES_PER_CHUNK):
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=A4, pageCompression=1, initialFontName="BadgeLatin")
        for page in chunk:
            page_number += 1
            slots = [((PAGE_W - BADGE_W) / 2, PAGE_H - 20 * mm - BADGE_H)] if single else SLOTS
            for card, (x, y) in zip(page, slots, strict=False):
                _draw_pdf(canvas, layout(card), x, y)
                _cut_marks(canvas, x, y)
                written += 1
                if progress:
                    progress(1)
            if not single:
                _footer(canvas, f"{title} · {page_number}")
            canvas.showPage()
        canvas.save()
        joiner.add(buffer.getvalue())
    joiner.close(title)
    return written


def _draw_pdf(canvas: Canvas, ops: list[Band | Text | Qr], x0: float, y0: float) -> None:
    for op in ops:
        if isinstance(op, Band):
            canvas.setFillColor(_colour(op.colour))
            canvas.rect(x0 + op.x, y0 + op.y, op.w, op.h, stroke=0, fill=1)
        elif isinstance(op, Text):
            canvas.setFillColor(_colour(op.colour))
            canvas.setStrokeColor(_colour(op.colour))
            canvas.setLineWidth(0.1 + op.size * 0.02)
            text = canvas.beginText(x0 + op.x, y0 + op.y)
            text.setTextRenderMode(2 if op.bold else 0)  # fill and stroke: a bold that every font can do
            for font, run, _ in op.runs:
                text.setFont(font, op.size)
                text.textOut(run)
            canvas.drawText(text)
        else:
            _draw_qr(canvas, op, x0, y0)


_colour = lru_cache(maxsize=32)(HexColor)


def _draw_qr(canvas: Canvas, qr: Qr, x0: float, y0: float) -> None:
    # Written as raw operators, a rectangle per run of dark modules in module units: ReportLab's own path
    # calls format every number in Python and would cost more than the rest of the badge.
    count = len(qr.modules)
    rects = []
    for r, row in enumerate(qr.modules):
        c = 0
        while c < count:
            if not row[c]:
                c += 1
                continue
            start = c
            while c < count and row[c]:
                c += 1
            rects.append(f"{start} {count - r - 1.02:.2f} {c - start} 1.04 re")  # overlap: no seams at any zoom
    canvas.saveState()
    canvas.setFillColor("#000000")
    canvas.translate(x0 + qr.x, y0 + qr.y)
    canvas.scale(qr.size / count, qr.size / count)
    canvas.addLiteral("\n".join(rects) + "\nf")
    canvas.restoreState()


def _cut_marks(canvas: Canvas, x: float, y: float) -> None:
    canvas.setStrokeColor("#000000")
    canvas.setLineWidth(0.3)
    gap, length = 1.5 * mm, 3 * mm
    for cx, dx in ((x, -1), (x + BADGE_W, 1)):
        for cy, dy in ((y, -1), (y + BADGE_H, 1)):
            canvas.line(cx + dx * gap, cy, cx + dx * (gap + length), cy)
            canvas.line(cx, cy + dy * gap, cx, cy + dy * (gap + length))


def _footer(canvas: Canvas, label: str) -> None:
    fitted = fonts.fit(label, fonts.DEFAULT_CHAIN, PAGE_W - 2 * MARGIN_X, 4 * mm, 6.5)
    for runs, _ in fitted.lines:
        _draw_pdf(canvas, [Text(0, 0, fitted.size, runs, GREY)], MARGIN_X, 5 * mm)


# -- PNG ----------------------------------------------------------------------------------------------------

def png(card: BadgeCard) -> bytes:
    """The badge alone, for a phone screen, with the same code as the PDF."""
    scale = PNG_SCALE
    image = Image.new("RGB", (round(BADGE_W * scale), round(BADGE_H * scale)), WHITE)
    draw = ImageDraw.Draw(image)

    def px(x: float, y: float) -> tuple[float, float]:
        return x * scale, (BADGE_H - y) * scale

    for op in layout(card):
        if isinstance(op, Band):
            (left, bottom), (right, top) = px(op.x, op.y), px(op.x + op.w, op.y + op.h)
            draw.rectangle((round(left), round(top), round(right) - 1, round(bottom) - 1), fill=op.colour)
        elif isinstance(op, Text):
            for font, run, dx in op.runs:
                draw.text(px(op.x + dx * op.size, op.y), run, font=_pil_font(font, round(op.size * scale * 4) / 4),
                          fill=op.colour, anchor="ls", stroke_width=1 if op.bold else 0, stroke_fill=op.colour)
        else:
            count = len(op.modules)
            module = int(op.size * scale // count)  # whole pixels, so every module has the same size
            pad = (op.size - module * count / scale) / 2
            left, top = px(op.x + pad, op.y + op.size - pad)
            for r, row in enumerate(op.modules):
                for c, dark in enumerate(row):
                    if dark:
                        x, y = round(left) + c * module, round(top) + r * module
                        draw.rectangle((x, y, x + module - 1, y + module - 1), fill="#000000")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


@lru_cache(maxsize=64)
def _pil_font(name: str, size: float) -> ImageFont.FreeTypeFont:
    path, index = fonts.file_of(name)
    return ImageFont.truetype(str(path), size, index=index, layout_engine=ImageFont.Layout.BASIC)


def batched(items: Iterable[Any], size: int) -> Iterator[tuple[Any, ...]]:
    """itertools.batched, which Python 3.11 lacks."""
    iterator = iter(items)
    while chunk := tuple(islice(iterator, size)):
        yield chunk
