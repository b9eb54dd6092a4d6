"""A report file as rows of text cells, whatever it was saved as: CSV or tab-separated text in any of the
platforms' encodings (UTF-8 with or without BOM, UTF-16 LE from Teams, GBK from Chinese Excel; read by
eventdesk.tabular.decode), or every sheet of an XLSX workbook (Tencent Meeting)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from flask_babel import gettext as _

from eventdesk.errors import Refused
from eventdesk.names import trim
from eventdesk.tabular import cell_text, decode

Row = tuple[int, list[str]]  # (line or sheet row number, cells)


@dataclass
class Sheet:
    name: str  # the XLSX sheet's name; "" for a CSV
    rows: list[Row] = field(default_factory=list)  # blank rows kept: they end a section


def read_grid(data: bytes) -> list[Sheet]:
    if not data.strip():
        raise Refused("empty_file", _("The file is empty."))
    if data[:4] == b"PK\x03\x04":
        return _xlsx(data)
    text, _encoding = decode(data)
    text = text.lstrip("\ufeff")
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    sheet = Sheet("")
    start = 1  # a quoted cell may span lines: a row is named by the line it starts on
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            sheet.rows.append((line, [trim(c) for c in cells]))
    except csv.Error as e:
        raise Refused("bad_csv", _("line %(line)s cannot be read as CSV: %(problem)s", line=reader.line_num,
                                   problem=str(e))) from e
    return [sheet]


def _delimiter(text: str) -> str:
    """Tab when most of the first lines hold one (Teams dates hold commas: `2/18/2022, 2:47:02 PM`)."""
    lines = [line for line in text.splitlines()[:60] if line.strip()]
    tabbed = sum(1 for line in lines if "\t" in line)
    return "\t" if lines and tabbed * 2 >= len(lines) else ","


def _xlsx(data: bytes) -> list[Sheet]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as e:  # a damaged or foreign zip fails in many ways inside openpyxl: all mean unreadable
        raise Refused("bad_xlsx", _("The file is not a readable XLSX workbook.")) from e
    try:
        return [_sheet(worksheet) for worksheet in workbook.worksheets]
    except Refused:
        raise
    except Exception as e:  # the sheets are read lazily: a damaged one fails here
        raise Refused("bad_xlsx", _("The file is not a readable XLSX workbook.")) from e
    finally:
        workbook.close()


def _sheet(worksheet: object) -> Sheet:
    sheet = Sheet(worksheet.title)  # type: ignore[attr-defined]
    for row in worksheet.iter_rows():  # type: ignore[attr-defined]
        number = next((c.row for c in row if getattr(c, "row", None)), None)
        if number is None:
            continue
        if number > (sheet.rows[-1][0] if sheet.rows else 0) + 1:
            sheet.rows.append((number - 1, []))  # read-only mode skips blank rows, which end a section
        sheet.rows.append((number, [cell_text(getattr(c, "value", None)) for c in row]))
    return sheet
