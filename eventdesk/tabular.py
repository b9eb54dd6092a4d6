"""Reading the spreadsheets people send: CSV in the encodings Excel writes in China and Japan, or XLSX.

Shared by every import (the guest list; the signing area may reuse it for agreements): `read_table`
returns the header as written and the rows as trimmed strings with their line numbers, so an import can
say `line N, column C` in the file's own terms. It never guesses silently wrong: a CSV is decoded
strictly, and when both Chinese and Japanese legacy encodings decode it, the one whose characters are
common in its own language wins (Shift_JIS read as GBK gives rare Han; GBK read as Shift_JIS gives
half-width katakana and private-use characters).

Every export writes its cells through `guard`, so no cell runs as a formula when the file is opened.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from eventdesk.errors import Refused
from eventdesk.names import FORMULA_START, trim

# Tried in this order once there is no byte order mark; the first that decodes strictly and reads
# plausibly wins, ties going to the earlier one.
LEGACY = ("gb18030", "cp932", "cp1252")
NEGATIVE_NUMBER = re.compile(r"-[0-9]+(?:\.[0-9]+)?\Z")  # a spreadsheet reads it as a number, never a formula


@dataclass
class Table:
    header: list[str]  # as written, trimmed
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (line number, cells); header is line 1
    encoding: str | None = None  # for CSV: what the bytes were read as

    def column(self, name: str) -> int | None:
        """The index of a column by case-insensitive name."""
        wanted = name.casefold()
        for index, written in enumerate(self.header):
            if written.casefold() == wanted:
                return index
        return None


def read_table(data: bytes, filename: str) -> Table:
    """A CSV (any common encoding, comma or tab) or the first sheet of an XLSX workbook."""
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(data)
    if not data.strip():
        raise Refused("empty_file", "the file is empty")
    text, encoding = decode(data)
    return _read_csv(text, encoding)


def decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV and the encoding it was read as; refuses rather than mangle a name."""
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as e:
                raise Refused("bad_encoding", f"the file starts like {encoding} but is not valid {encoding}") from e
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for encoding in LEGACY:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        candidates.append((plausibility(text, encoding), -LEGACY.index(encoding), text, encoding))
    if not candidates:
        raise Refused("bad_encoding", "the file's encoding is not one of UTF-8, UTF-16, GB18030/GBK, "
                                      "Shift_JIS/CP932: save it as CSV UTF-8 and try again")
    _score, _order, text, encoding = max(candidates)
    return text, encoding


def plausibility(text: str, encoding: str) -> float:
    """The share of non-ASCII characters that are common in the language the encoding is made for."""
    others = [c for c in text if ord(c) > 0x7F]
    if not others:
        return 1.0
    if encoding == "gb18030":
        common = sum(1 for c in others if _gb2312_level(c) or c in "\u3000、。·—《》「」（）：；，")
    elif encoding == "cp932":
        common = sum(1 for c in others if _jis_common(c))
    else:  # Latin text has an accented letter here and there, never runs of them
        common = sum(1 for i, c in enumerate(text) if ord(c) > 0x7F and c.isalpha()
                     and not (i and ord(text[i - 1]) > 0x7F) and not (i + 1 < len(text) and ord(text[i + 1]) > 0x7F))
    return common / len(others)


def _gb2312_level(char: str) -> bool:
    """Simplified Chinese in everyday use: GB2312's symbols and its 6,763 Han characters."""
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _jis_common(char: str) -> bool:
    """Japanese in everyday use: full-width kana, JIS X 0208 kanji and symbols (no half-width kana, no
    private use), plus the variant kanji of surnames (﨑, 髙) that only the IBM/NEC extensions hold."""
    if 0xFF61 <= ord(char) <= 0xFF9F or 0xE000 <= ord(char) <= 0xF8FF:
        return False
    if char in "﨑髙德瀨𠮷":
        return True
    try:
        char.encode("shift_jis")
    except UnicodeEncodeError:
        return False
    return True


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a byte order mark: every other byte of ASCII text is zero."""
    sample = data[:2000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > half * 0.6 and even == 0:
        return "utf-16-le"
    if even > half * 0.6 and odd == 0:
        return "utf-16-be"
    return None


def _read_csv(text: str, encoding: str) -> Table:
    text = text.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table: Table | None = None
    start = 1  # a quoted cell may span lines: a row is named by the line it starts on
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if table is None:
                table = Table(header=[trim(c) for c in cells], encoding=encoding)
                continue
            if any(c.strip() for c in cells):
                table.rows.append((line, [trim(c) for c in cells]))
    except csv.Error as e:
        raise Refused("bad_csv", f"line {reader.line_num}: {e}") from e
    if table is None:
        raise Refused("empty_file", "the file is empty")
    return table


def _read_xlsx(data: bytes) -> Table:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise Refused("bad_xlsx", "the file is not a readable XLSX workbook") from e
    try:
        if not workbook.worksheets:
            raise Refused("empty_file", "the workbook has no sheet")
        rows = _xlsx_rows(workbook.worksheets[0])
        header = next(rows, None)
        if header is None:
            raise Refused("empty_file", "the first sheet is empty")
        table = Table(header=[cell_text(c) for c in header[1]])
        for line, cells in rows:
            values = [cell_text(c) for c in cells]
            if any(values):
                table.rows.append((line, values))
        return table
    finally:
        workbook.close()


def _xlsx_rows(sheet: object) -> Iterator[tuple[int, tuple[object, ...]]]:
    """Rows with their sheet row numbers (read-only sheets skip empty rows, so counting would be wrong)."""
    for row in sheet.iter_rows():  # type: ignore[attr-defined]
        cells = tuple(getattr(c, "value", None) for c in row)
        number = next((c.row for c in row if getattr(c, "row", None)), None)
        if number is not None:
            yield number, cells


def cell_text(value: object) -> str:
    """A cell as text: whole numbers without `.0` (phone numbers typed as numbers), dates in ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return trim(str(value))


def guard(value: object) -> object:
    """A cell as every export (CSV and XLSX) writes it: text that a spreadsheet would run as a formula gets a
    leading apostrophe, which the import takes off again (names.normalise). Numbers, and a negative amount
    written as text, stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not NEGATIVE_NUMBER.match(value):
        return f"'{value}"
    return value
