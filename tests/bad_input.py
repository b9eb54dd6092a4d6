"""What the bad-input tests throw at eventdesk (hypothesis strategies), and how they check that nothing was
written: text as people and programs really send it (every script, control characters, NUL, huge cells), the
spreadsheet files the importers read, and any JSON value."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from functools import cache
from typing import Any

from hypothesis import strategies as st
from sqlalchemy import func, select

from eventdesk.extensions import db
from eventdesk.models import Base

# Characters that have broken programs: controls, NUL, line and paragraph separators, byte order mark, zero-width
# space, a formula start, quotes, an astral Han (𠮷) and an emoji.
AWKWARD = ["\x00", "\x07", "\x1b", "\t", "\r", "\n", "\r\n", "\x85", "\u2028", "\ufeff", "\u200b", "\u3000", "=",
           "'", '"', ",", ";", "𠮷", "🙂", "\\", "<script>", "%s", "{0}", "髙", "﨑"]
# The CSV encodings a guest list comes in (what Excel writes in China, Japan, Taiwan, and UTF-8/16).
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "gbk", "gb18030", "shift_jis", "euc_jp", "big5"]

# Text as a program may send it: any code point but lone surrogates (which no UTF-8 body can carry).
any_text = st.text(st.characters(codec="utf-8"), max_size=30)
awkward_text = st.lists(st.one_of(st.sampled_from(AWKWARD), any_text), max_size=4).map("".join)
huge_text = st.builds(lambda piece, times: piece * times, st.sampled_from(["x", "山", "𠮷", "a,b", '"']),
                      st.integers(1_000, 200_000))
cells = st.one_of(any_text, awkward_text, huge_text, st.sampled_from(["", " ", "in_person", "vip", "CN", "ja"]))


@cache
def frequent(encoding: str) -> tuple[str, ...]:
    """Characters people write in the language an encoding is made for, the ones it is most often used for:
    GB2312 level 1, Big5's frequent Han, JIS level 1 kanji and kana."""
    if encoding in ("gbk", "gb18030"):
        ranges, codec = [(0xB0, 0xD7, 0xA1, 0xFE)], "gb2312"
    elif encoding == "big5":
        ranges, codec = [(0xA4, 0xC5, 0x40, 0x7E), (0xA4, 0xC5, 0xA1, 0xFE)], "big5"
    elif encoding in ("shift_jis", "euc_jp"):
        ranges, codec = [(0xA4, 0xA5, 0xA1, 0xF3), (0xB0, 0xCF, 0xA1, 0xFE)], "euc_jp"
    else:
        return ()
    found = []
    for lead_from, lead_to, trail_from, trail_to in ranges:
        for lead in range(lead_from, lead_to + 1):
            for trail in range(trail_from, trail_to + 1):
                try:
                    found.append(bytes((lead, trail)).decode(codec))
                except UnicodeDecodeError:
                    continue
    return tuple(found)


def names(encoding: str) -> st.SearchStrategy[str]:
    """A name as written in the language of the encoding (any printable text in a Unicode encoding)."""
    alphabet = frequent(encoding)
    if alphabet:
        return st.text(st.sampled_from(alphabet), min_size=1, max_size=6)
    return st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp", "Cf")),
                   min_size=1, max_size=12)


def csv_bytes(header: list[str], rows: Iterable[list[str]], encoding: str, delimiter: str = ",") -> bytes:
    """A CSV file as a spreadsheet writes it; characters the encoding lacks become '?', as when Excel saves."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding, errors="replace")


def xlsx_bytes(header: list[str], rows: Iterable[list[object]]) -> bytes:
    """An XLSX workbook; characters XML cannot hold are left out, as Excel would refuse them."""
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def cell(value: object) -> object:
        return ILLEGAL_CHARACTERS_RE.sub("", value)[:32_767] if isinstance(value, str) else value

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([cell(h) for h in header])
    for row in rows:
        sheet.append([cell(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | awkward_text | any_text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(any_text, children, max_size=4),
    max_leaves=12)


def counts() -> dict[str, int]:
    """Rows in every table, to tell that a refused request wrote nothing."""
    db.session.rollback()  # see what the request committed, and nothing it left uncommitted
    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in Base.metadata.sorted_tables}


def without(found: dict[str, int], *tables: str) -> dict[str, Any]:
    """Counts leaving out tables a refusal may legitimately write (the throttle that slows guessing)."""
    return {name: n for name, n in found.items() if name not in tables}
