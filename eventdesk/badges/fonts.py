"""Badge fonts and text fitting: TrueType files shipped in ./fonts, chosen character by character.

Latin letters come from DejaVu Sans; Han and kana from the delegate's CJK font (IPA Gothic for Japanese, so
Japanese names get Japanese glyph shapes, WenQuanYi Micro Hei otherwise, which also has Hangul), then the
other one, then Hanazono Mincho B for the rarer Han of CJK Extensions B to F (𠮷, 𩸽 and the like, which
people have in their names). A character that no font has is reported, never dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).parent / "fonts"
FILES = {  # registered name: (file, subfont index)
    "BadgeLatin": ("DejaVuSans.ttf", 0),
    "BadgeJapanese": ("ipag.ttf", 0),
    "BadgeChinese": ("wqy-microhei.ttc", 0),
    "BadgeExtensionB": ("HanaMinB.ttf", 0),
}
CHAINS = {"ja": ("BadgeLatin", "BadgeJapanese", "BadgeChinese", "BadgeExtensionB")}
DEFAULT_CHAIN = ("BadgeLatin", "BadgeChinese", "BadgeJapanese", "BadgeExtensionB")
LEADING = 1.2
ASCENT, DESCENT = 0.8, 0.2  # of the font size, close enough for DejaVu, IPA Gothic and Micro Hei alike

Run = tuple[str, str, float]  # font name, text, x offset at size 1


ASTRAL = re.compile(r"^(<[0-9A-F]{2}> )<([0-9A-F]{5,6})>$", re.M)


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's map from drawn glyphs back to text, with code points beyond U+FFFF written as UTF-16
    surrogate pairs: ReportLab writes 𠮷 as <20BB7>, which PDF readers take for U+20BB (a search or a copy
    of the name would find another character)."""
    return ASTRAL.sub(lambda m: m[1] + "<" + chr(int(m[2], 16)).encode("utf-16-be").hex().upper() + ">",
                      _reportlab_to_unicode_cmap(fontname, subset))


_reportlab_to_unicode_cmap = ttfonts.makeToUnicodeCMap
ttfonts.makeToUnicodeCMap = _to_unicode_cmap


@lru_cache(maxsize=1)
def registered() -> dict[str, TTFont]:
    """Load each font once per process (parsing a CJK font takes a while)."""
    fonts = {}
    for name, (file, index) in FILES.items():
        font = TTFont(name, str(FONT_DIR / file), subfontIndex=index)
        pdfmetrics.registerFont(font)
        fonts[name] = font
    return fonts


def file_of(font_name: str) -> tuple[Path, int]:
    file, index = FILES[font_name]
    return FONT_DIR / file, index


def chain_for(language: str) -> tuple[str, ...]:
    return CHAINS.get(language, DEFAULT_CHAIN)


def clean(text: str | None) -> str:
    """NFC (so a decomposed é meets its glyph), without control or format characters, spaces collapsed."""
    text = unicodedata.normalize("NFC", text or "")
    text = "".join(" " if c.isspace() else c for c in text if unicodedata.category(c) not in {"Cc", "Cf"}
                   or c.isspace())
    return " ".join(text.split())


@lru_cache(maxsize=4096)  # badges repeat titles, organisations and positions
def missing(text: str, chain: tuple[str, ...]) -> tuple[str, ...]:
    """The characters of `text` that no font in `chain` can draw, each once, in order."""
    return tuple(dict.fromkeys(c for c in clean(text) if not _drawable(c, chain)))


@lru_cache(maxsize=20_000)
def _drawable(char: str, chain: tuple[str, ...]) -> bool:
    fonts = registered()
    return any(ord(char) in fonts[name].face.charToGlyph for name in chain)


@lru_cache(maxsize=20_000)
def _font_for(char: str, chain: tuple[str, ...]) -> str:
    fonts = registered()
    for name in chain:
        if ord(char) in fonts[name].face.charToGlyph:
            return name
    raise ValueError(f"no badge font has {char!r} (U+{ord(char):04X}); check coverage before drawing")


@dataclass(frozen=True)
class Fitted:
    """Text fitted into a box: the size and, per line, its runs and its width at that size."""

    size: float
    lines: tuple[tuple[tuple[Run, ...], float], ...]


def fit(text: str | None, chain: tuple[str, ...], width: float, height: float, max_size: float,
        max_lines: int = 1) -> Fitted:
    """The largest size (up to max_size) at which `text` fits the box on one line, or on two if that is
    much larger: long names and organisations shrink, never overflow."""
    text = clean(text)
    if not text:
        return Fitted(max_size, ())
    fonts = [_font_for(c, chain) for c in text]
    for i, c in enumerate(text):  # a space takes the font of the text before it, so runs stay whole
        if c == " " and i and ord(c) in registered()[fonts[i - 1]].face.charToGlyph:
            fonts[i] = fonts[i - 1]
    advances = [_advance(c, f) for c, f in zip(text, fonts, strict=True)]
    ends = list(accumulate(advances, initial=0.0))

    def span(start: int, stop: int) -> float:
        return ends[stop] - ends[start]

    size = min(max_size, width / max(span(0, len(text)), 1e-6), height / LEADING)
    spans: tuple[tuple[int, int], ...] = ((0, len(text)),)
    breaks = _breaks(text) if max_lines >= 2 else []
    if breaks:
        cut, resume = min(breaks, key=lambda b: max(span(0, b[0]), span(b[1], len(text))))
        two = min(max_size, width / max(span(0, cut), span(resume, len(text)), 1e-6), height / (2 * LEADING))
        if two > size * 1.15:  # one line reads better unless two lines are clearly larger
            size, spans = two, ((0, cut), (resume, len(text)))
    lines = tuple((_runs(text, fonts, ends, start, stop), span(start, stop) * size) for start, stop in spans)
    return Fitted(size, lines)


@lru_cache(maxsize=20_000)
def _advance(char: str, font: str) -> float:
    return pdfmetrics.stringWidth(char, font, 1)


def _breaks(text: str) -> list[tuple[int, int]]:
    """Where a line may end (cut) and the next begin (resume): at spaces if there are any, else after
    hyphens and slashes and between two characters of which one is CJK."""
    spaces = [(i, i + 1) for i, c in enumerate(text) if c == " "]
    return spaces or [(i, i) for i in range(1, len(text))
                      if text[i - 1] in "-/" or _is_cjk(text[i - 1]) or _is_cjk(text[i])]


def _is_cjk(char: str) -> bool:
    return ord(char) >= 0x2E80


def _runs(text: str, fonts: list[str], ends: list[float], start: int, stop: int) -> tuple[Run, ...]:
    runs: list[Run] = []
    i = start
    while i < stop:
        j = i
        while j < stop and fonts[j] == fonts[i]:
            j += 1
        runs.append((fonts[i], text[i:j], ends[i] - ends[start]))
        i = j
    return tuple(runs)
