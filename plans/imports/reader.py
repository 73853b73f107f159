"""Read a 主要工作安排表 workbook into plain rows.

Real workbooks are printed documents: a title row (and perhaps a note) above the header, the
header repeated on every printed page, 类别 written once per block (merged or left blank below),
footnotes in merged rows at the end, page numbers typed in. The reader finds the header in the first
rows of the first sheet that has one, maps its columns by name (plans.workbook_layout's columns, their
header aliases and the typos header_reading forgives), fills merged cells from their top-left cell, and
hands back the data rows with their Excel row numbers, and where the printed pages begin (repeated
headers, page breaks) so that the preview can name them. It never touches the database.
"""

import re
from dataclasses import dataclass, field

from core.imports import ImportFileError
from core.imports.reader import cell_text, load_workbook_safely, merged_values, sheet_grid
from plans.workbook_layout import TITLE, columns, header_reading, headers

HEADER_SEARCH_ROWS = 30
_NOTE_RE = re.compile(r"^(注|备注|说明|填写说明|填表说明)\s*[:：]")
# A page number typed into the sheet: — 2 —, 第 2 页, 第2页 共5页.
_PAGE_NUMBER_RE = re.compile(r"^(?:[-—–]+\s*\d+\s*[-—–]+|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?)$")


@dataclass
class SheetRow:
    number: int  # the row number Excel shows
    cells: list[str]  # one text per column of plans.workbook_layout.columns(), "" when empty or missing
    # Positions (in columns()) of the cells merged with the row's above: they hold the text of the row above.
    continued: frozenset = frozenset()

    def is_blank(self) -> bool:
        return not any(self.cells)


@dataclass
class ReadSheet:
    sheet_name: str
    title: str
    header_row: int
    rows: list[SheetRow]
    missing_columns: list[int] = field(default_factory=list)  # positions of optional columns the header lacks
    repeated_headers: list[int] = field(default_factory=list)  # rows skipped as repeated headers
    notes: list[int] = field(default_factory=list)  # rows skipped as notes or titles
    page_breaks: list[int] = field(default_factory=list)  # rows a manual page break follows
    forgiven_headers: list[tuple[int, str]] = field(default_factory=list)  # (column position, header as written)


def _header_columns(texts: list[str], forgiven: list | None = None) -> dict[int, int]:
    """Column position (in columns()) → sheet column (1-based) for a row that looks like the header; the cells
    read as typos go to `forgiven` as (position, text)."""
    found = {}
    for index, text in enumerate(texts, 1):
        column, as_written = header_reading(text)
        if column is not None and column not in found:
            found[column] = index
            if not as_written and forgiven is not None:
                forgiven.append((column, text))
    return found


def _is_header(found: dict[int, int]) -> bool:
    return TITLE in found and len(found) >= 4


def _unread(texts: list[str], found: dict[int, int]) -> str:
    """The header cells that name no column, for the message: （表头中的“备注栏”无法识别）."""
    used = set(found.values())
    unread = [t for i, t in enumerate(texts, 1) if t and i not in used]
    return f"（表头中的{'、'.join(f'“{t}”' for t in unread[:5])}无法识别）" if unread else ""


def paragraphs_text(value) -> str:
    """A cell of paragraphs as text: each line as cell_text reads a cell, blank lines dropped, line breaks kept."""
    if not isinstance(value, str):
        return cell_text(value)
    lines = (cell_text(line) for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def _continued_cells(ws) -> dict[int, set[int]]:
    """Sheet row → the sheet columns whose cell is merged with the cell above it."""
    continued = {}
    for merged in ws.merged_cells.ranges:
        for r in range(merged.min_row + 1, merged.max_row + 1):
            continued.setdefault(r, set()).update(range(merged.min_col, merged.max_col + 1))
    return continued


def _page_breaks(ws) -> list[int]:
    try:
        return sorted(b.id for b in ws.row_breaks.brk if b.id)
    except AttributeError:
        return []


def read_workbook(data: bytes) -> ReadSheet:
    """The plan rows of the workbook's first sheet that has the header. Raises ImportFileError."""
    wb = load_workbook_safely(data, "主要工作安排表")
    found_any_cell = False
    near_miss = None  # (row, found, unread cells) of a row that looked like a header but had no 项目名称
    for ws in wb.worksheets:
        grid_rows, grid_columns = sheet_grid(ws)
        if not grid_rows:
            continue
        merged, wide_rows = merged_values(ws, grid_rows, grid_columns)

        def texts_of(row_cells, r):
            return [cell_text(merged.get((r, c), cell.value)) for c, cell in enumerate(row_cells, 1)]

        rows = list(ws.iter_rows(max_row=grid_rows, max_col=grid_columns))
        header_at, found, forgiven = None, {}, []
        for r, row_cells in enumerate(rows[:HEADER_SEARCH_ROWS], 1):
            texts = texts_of(row_cells, r)
            found_any_cell = found_any_cell or any(texts)
            forgiven = []
            found = _header_columns(texts, forgiven)
            if _is_header(found):
                header_at = r
                break
            if len(found) >= 3 and (near_miss is None or len(found) > len(near_miss[1])):
                near_miss = (r, found, _unread(texts, found))
        found_any_cell = found_any_cell or any(cell.value is not None for row in rows for cell in row)
        if header_at is None:
            continue

        title = ""
        for r, row_cells in enumerate(rows[: header_at - 1], 1):
            line = next((t for t in texts_of(row_cells, r) if t), "")
            if line and not _NOTE_RE.match(line):
                title = line
                break

        declared = columns()
        missing = [c for c in range(len(declared)) if c not in found]
        required = [declared[c].header for c in missing if declared[c].if_missing is None]
        if required:
            raise ImportFileError(
                f"第 {header_at} 行的表头缺少{'、'.join(f'「{h}」' for h in required)}列"
                f"{_unread(texts_of(rows[header_at - 1], header_at), found)}。表头应为“{' | '.join(headers())}”。"
            )
        sheet = ReadSheet(sheet_name=ws.title, title=title, header_row=header_at, rows=[], missing_columns=missing,
                          page_breaks=_page_breaks(ws), forgiven_headers=forgiven)
        merged_above = _continued_cells(ws)
        for r, row_cells in enumerate(rows[header_at:], header_at + 1):
            texts = texts_of(row_cells, r)
            if not any(texts):
                continue
            if _is_header(_header_columns(texts)):
                sheet.repeated_headers.append(r)
                continue
            filled = [t for t in texts if t]
            # A footnote merged across the table, a note in one cell, or the title repeated on a page.
            if r in wide_rows and len(set(filled)) == 1 or (
                len(filled) == 1 and (_NOTE_RE.match(filled[0]) or filled[0] == title or _PAGE_NUMBER_RE.match(filled[0]))
            ):
                sheet.notes.append(r)
                continue
            cells = [texts[found[c] - 1] if c in found and found[c] <= len(texts) else "" for c in range(len(declared))]
            for c in found:  # a column of paragraphs (重点) keeps its line breaks
                if declared[c].keeps_lines and found[c] <= len(row_cells):
                    cells[c] = paragraphs_text(merged.get((r, found[c]), row_cells[found[c] - 1].value))
            continued = frozenset(c for c in found if found[c] in merged_above.get(r, ()))
            sheet.rows.append(SheetRow(number=r, cells=cells, continued=continued))
        if not sheet.rows:
            raise ImportFileError(f"表中没有任何事项：第 {header_at} 行表头以下是空的。请填写事项后再上传。")
        return sheet

    if not found_any_cell:
        raise ImportFileError("工作簿是空的：没有任何内容。请按模板填写后再上传。")
    if near_miss is not None:
        r, found, unread = near_miss
        lacking = [c.header for i, c in enumerate(columns()) if i not in found and c.if_missing is None]
        raise ImportFileError(
            f"找不到表头行：第 {r} 行像是表头，但缺少{'、'.join(f'「{h}」' for h in lacking)}列{unread}。"
            f"表头应为“{' | '.join(headers())}”，请改正表头后再上传。"
        )
    raise ImportFileError(
        f"找不到表头行：前 {HEADER_SEARCH_ROWS} 行中没有“{' | '.join(headers())}”这样的表头。"
        "请使用下载的模板，或在事项上方加上这一行表头。"
    )
