"""The parts of a report sheet: participant tables (a header row, then its rows up to a blank row or the
next section), the section titles above them, and the meeting block's labels and values."""

from __future__ import annotations

from dataclasses import dataclass, field

from eventdesk.attendance.reports import headers
from eventdesk.attendance.reports.grid import Row, Sheet


@dataclass
class Table:
    sheet: str
    section: str  # the folded title of the section it sits in ("" when none)
    header_line: int
    header: list[str]
    columns: dict[str, int]
    rows: list[Row] = field(default_factory=list)

    def has(self, name: str) -> bool:
        return name in self.columns

    def cell(self, cells: list[str], name: str) -> str:
        index = self.columns.get(name)
        return cells[index] if index is not None and index < len(cells) else ""

    def heading(self, name: str) -> str:
        return self.header[self.columns[name]]


@dataclass
class Layout:
    """What a sheet holds, in order: its tables, its section titles and the meeting block around them."""

    sheet: str
    tables: list[Table] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)  # folded
    labels: dict[str, str] = field(default_factory=dict)  # folded label → value (`Meeting title<TAB>…`, `会议号:`)
    blocks: list[dict[str, str]] = field(default_factory=list)  # a header row and the values row below it


def split(sheet: Sheet) -> Layout:
    layout = Layout(sheet.name)
    table: Table | None = None
    section = ""
    loose: list[list[str]] = []  # rows outside any table, for the meeting block
    for line, cells in sheet.rows:
        filled = [c for c in cells if c]
        if not filled:
            table = None
            loose.append([])
            continue
        # A header opens a sheet, or follows a blank row or a title: rows inside a table are people, not checked.
        if table is None and headers.is_participant_header(cells):
            table = Table(sheet.name, section, line, cells, headers.columns(cells))
            layout.tables.append(table)
            continue
        if len(filled) == 1 and cells[0]:
            section = headers.key(cells[0])
            layout.titles.append(section)
            table = None
            loose.append(cells)
            continue
        if table is not None:
            table.rows.append((line, cells))
        else:
            loose.append(cells)
    _meeting_block(loose, layout)
    return layout


def _meeting_block(rows: list[list[str]], layout: Layout) -> None:
    for index, cells in enumerate(rows):
        filled = [c for c in cells if c]
        if len(filled) == 2 and cells[0] and len(cells) > 1 and cells[1]:
            layout.labels.setdefault(headers.key(cells[0]), cells[1])
        below = rows[index + 1] if index + 1 < len(rows) else []
        if len(filled) >= 3 and below and any(below):
            layout.blocks.append({headers.key(h): v for h, v in zip(cells, below, strict=False) if h})
