"""Reading the spreadsheets people send: CSV in the encodings Excel writes in China and Japan, or XLSX.

Shared by every import (the guest list; the signing area may reuse it for agreements): `read_table`
returns the header as written and the rows as trimmed strings with their line numbers, so an import can
say `line N, column C` in the file's own terms. It never guesses silently wrong: a CSV is decoded
strictly, and when several legacy encodings decode it (GB18030/GBK, Shift_JIS, EUC-JP, Big5), the one whose
characters are frequent in its own language wins (Shift_JIS read as GBK gives rare Han; EUC-JP read as GBK
gives kana among Chinese; Big5 read as GBK gives kana, Greek and private use). Two that read equally well
but differently (a few kanji that are frequent both as GB2312 and as JIS bytes) are refused, naming both.

Every export writes its cells through `guard`, so no cell runs as a formula when the file is opened.

What a file may hold is bounded before it is read: MAX_ROWS rows, and for XLSX (a zip archive) at most
XLSX_MAX_UNPACKED bytes once unpacked, judged from the archive's directory and a count of the first sheet's rows
while it streams through zlib, before the slow XML parser sees it. So a zip bomb or a sheet of a million rows
is refused in well under a second, naming the limit. Problems are `Problem`s: text in the page's language (the
command line's English) that keeps its line, column and message.
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
from xml.etree import ElementTree

from flask_babel import gettext as _

from eventdesk.errors import Refused
from eventdesk.names import FORMULA_START, trim

# Tried in this order once there is no byte order mark; the first that decodes strictly and reads
# plausibly wins, ties going to the earlier one.
LEGACY = ("gb18030", "cp932", "euc_jp", "big5", "cp1252")
CJK = {"gb18030": "GB18030/GBK", "cp932": "Shift_JIS", "euc_jp": "EUC-JP", "big5": "Big5"}
NEGATIVE_NUMBER = re.compile(r"-[0-9]+(?:\.[0-9]+)?\Z")  # a spreadsheet reads it as a number, never a formula
MAX_ROWS = 100_000  # twice the largest list the benchmarks import (bench/guests.py: 50,000)
XLSX_MAX_UNPACKED = 128 * 1024 * 1024  # 50,000 guests unpack to about 33 MB
XLSX_MAX_MEMBERS = 10_000
ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


class Problem(str):
    """One problem of a file as people read it, `line 3, column email: ...` in the page's language (English on
    the command line), keeping its parts for a form that shows the message beside its field."""

    line: int | None
    column: str | None
    message: str

    def __new__(cls, line: int | None, column: object, message: str) -> Problem:
        if line is None:
            text = message
        elif column is None:
            text = _("line %(line)s: %(message)s", line=line, message=message)
        else:
            text = _("line %(line)s, column %(column)s: %(message)s", line=line, column=column, message=message)
        problem = super().__new__(cls, text)
        problem.line, problem.column, problem.message = line, None if column is None else str(column), message
        return problem


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
        raise Refused("empty_file", _("the file is empty"))
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
                raise Refused("bad_encoding", _("the file starts like %(encoding)s but is not valid %(encoding)s",
                                                encoding=encoding)) from e
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
        raise Refused("bad_encoding", _("the file's encoding is not one of UTF-8, UTF-16, GB18030/GBK, "
                                        "Shift_JIS/CP932, EUC-JP, Big5: save it as CSV UTF-8 and try again"))
    candidates.sort(reverse=True)
    (score, _order, text, encoding), *others = candidates
    rival = next((c for c in others if c[0] == score and c[3] in CJK and c[2] != text), None)
    if encoding in CJK and rival is not None:
        raise Refused("ambiguous_encoding", _(
            "the file reads equally well as %(first)s and as %(second)s, with different characters: save it as "
            "CSV UTF-8 and try again", first=CJK[encoding], second=CJK[rival[3]]))
    return text, encoding


def plausibility(text: str, encoding: str) -> float:
    """The share of non-ASCII characters that are frequent in the language the encoding is made for."""
    others = [c for c in text if ord(c) > 0x7F]
    if not others:
        return 1.0
    if encoding in CJK:
        frequent = {"gb18030": _gb_frequent, "big5": _big5_frequent}.get(encoding, _jis_frequent)
        common = sum(1 for c in others if frequent(c))
    else:  # Latin text has an accented letter here and there, never runs of them
        common = sum(1 for i, c in enumerate(text) if ord(c) > 0x7F and c.isalpha()
                     and not (i and ord(text[i - 1]) > 0x7F) and not (i + 1 < len(text) and ord(text[i + 1]) > 0x7F))
    return common / len(others)


def _two_bytes(char: str, encoding: str) -> bytes | None:
    try:
        encoded = char.encode(encoding)
    except UnicodeEncodeError:
        return None
    return encoded if len(encoded) == 2 else None


def _gb_frequent(char: str) -> bool:
    """Simplified Chinese in everyday use: GB2312's symbols and its 6,763 Han characters, without the kana rows
    (Chinese text hardly uses them; EUC-JP's kana land there when it is read as GBK)."""
    encoded = _two_bytes(char, "gb2312")
    return encoded is not None and encoded[0] not in (0xA4, 0xA5)


def _big5_frequent(char: str) -> bool:
    """Traditional Chinese in everyday use: Big5's symbols and its 5,401 frequent Han characters."""
    encoded = _two_bytes(char, "big5")
    return encoded is not None and (0xA140 <= int.from_bytes(encoded) <= 0xA3BF
                                    or 0xA440 <= int.from_bytes(encoded) <= 0xC67E)


def _jis_frequent(char: str) -> bool:
    """Japanese in everyday use: JIS X 0208's symbols, full-width letters, kana and level-1 kanji (no half-width
    kana, no private use), plus the variant kanji of surnames (﨑, 髙) that only the IBM/NEC extensions hold."""
    if char in "﨑髙德瀨𠮷":
        return True
    encoded = _two_bytes(char, "euc_jp")
    if encoded is None or encoded[0] == 0x8E:
        return False
    row = encoded[0] - 0xA0
    return 1 <= row <= 8 or 16 <= row <= 47


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
                if len(table.rows) > MAX_ROWS:
                    raise too_many_rows()
    except csv.Error as e:
        raise Refused("bad_csv", Problem(reader.line_num, None, _("not readable as CSV (%(reason)s)",
                                                                  reason=str(e)))) from e
    if table is None:
        raise Refused("empty_file", _("the file is empty"))
    return table


def too_many_rows() -> Refused:
    return Refused("too_many_rows", _("the file has more than %(count)s rows: split it into smaller files",
                                      count=f"{MAX_ROWS:,}"), status=413)


def _read_xlsx(data: bytes) -> Table:
    import openpyxl

    check_xlsx(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as e:  # a damaged or foreign zip fails in many ways inside openpyxl: all mean unreadable
        raise Refused("bad_xlsx", _("the file is not a readable XLSX workbook")) from e
    try:
        return _sheet_table(workbook)
    except Refused:
        raise
    except Exception as e:  # read-only sheets parse their XML while rows are read: damage shows up only here
        raise Refused("bad_xlsx", _("the file is not a readable XLSX workbook")) from e
    finally:
        workbook.close()


def _sheet_table(workbook: object) -> Table:
    worksheets = workbook.worksheets  # type: ignore[attr-defined]
    if not worksheets:
        raise Refused("empty_file", _("the workbook has no sheet"))
    rows = _xlsx_rows(worksheets[0])
    header = next(rows, None)
    if header is None:
        raise Refused("empty_file", _("the first sheet is empty"))
    table = Table(header=[cell_text(c) for c in header[1]])
    for line, cells in rows:
        if len(table.rows) >= MAX_ROWS:
            raise too_many_rows()
        values = [cell_text(c) for c in cells]
        if any(values):
            table.rows.append((line, values))
    return table


def check_xlsx(data: bytes) -> None:
    """Refuse, before parsing, a workbook that unpacks beyond XLSX_MAX_UNPACKED (a zip bomb) or whose first sheet
    has more than MAX_ROWS rows. Python's zipfile never unpacks a member beyond its declared size, so the
    directory's sizes bound the work."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            unpacked = sum(member.file_size for member in members)
            if len(members) > XLSX_MAX_MEMBERS or unpacked > XLSX_MAX_UNPACKED:
                raise Refused("xlsx_too_large", _(
                    "the workbook unpacks to %(size)s MB, more than the %(limit)s MB a guest list may take: save "
                    "the list alone as a new workbook, or as CSV", size=f"{unpacked / 2**20:,.0f}",
                    limit=f"{XLSX_MAX_UNPACKED / 2**20:,.0f}"), status=413)
            sheet = _first_sheet(archive)
            if sheet is not None and _count_rows(archive, sheet) > MAX_ROWS + 1:  # and the header
                raise too_many_rows()
    except Refused:
        raise
    except Exception as e:  # a damaged archive fails in many ways inside zipfile (negative seeks, bad headers)
        raise Refused("bad_xlsx", _("the file is not a readable XLSX workbook")) from e


def _first_sheet(archive: zipfile.ZipFile) -> str | None:
    """The part name of the workbook's first sheet, as openpyxl will read it (None: let openpyxl say what is
    wrong with the workbook)."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return None
    sheet = next((e for e in workbook.iter() if e.tag.endswith("}sheet")), None)
    if sheet is None:
        return None
    target = next((r.get("Target", "") for r in relations if r.get("Id") == sheet.get(RELATIONSHIPS)), "")
    name = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return name if name in archive.namelist() else None


def _count_rows(archive: zipfile.ZipFile, sheet: str) -> int:
    """Rows of a sheet's XML, counted while it streams out of the archive (stops past the limit)."""
    rows, tail = 0, b""
    with archive.open(sheet) as stream:
        while chunk := stream.read(1 << 20):
            window = tail + chunk
            rows += len(ROW_TAG.findall(window)) - len(ROW_TAG.findall(tail))
            tail = window[-64:]
            if rows > MAX_ROWS + 1:
                break
    return rows


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
