"""Read a 主要工作安排表 workbook into plain rows.

Real workbooks are printed documents: a title row (and perhaps a note) above the header, the
header repeated on every printed page, 类别 written once per block (merged or left blank below),
footnotes in merged rows at the end. The reader finds the header in the first rows of the first
sheet that has one, maps its columns by name (HEADER_ALIASES), fills merged cells from their
top-left cell, and hands back the data rows with their Excel row numbers. It never touches the
database.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from plans.imports import ImportFileError, max_upload_bytes
from plans.workbook_layout import CATEGORY, CHAIRPERSONS, HEADERS, STANDING, TITLE, header_column

HEADER_SEARCH_ROWS = 30
# Columns a workbook may leave out (items then have no section, or go to no meeting); the others are required.
OPTIONAL_COLUMNS = {CATEGORY, STANDING, CHAIRPERSONS}
# A zip whose parts unpack to more than this is refused before openpyxl reads it (zip bombs): 10× the
# upload limit is more than any typed workbook, and openpyxl needs seconds per MB of sheet XML.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
# openpyxl builds one object per cell, and per cell of every merged range, while it loads: a few KB can
# describe millions of them (A1 and XFD1048576, or one merge over the whole sheet). These bound both the
# load and the reading of rows; a real 主要工作安排表, roster or list of suggestions is far below them.
MAX_CELLS = 200_000
MAX_MERGED_CELLS = 200_000
MAX_GRID_CELLS = 500_000  # rows × columns from A1 to the last cell with a value
_CELL_RE = re.compile(rb"<(?:\w+:)?c[\s>/]")
_MERGE_RE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?\"")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NOTE_RE = re.compile(r"^(注|备注|说明|填写说明|填表说明)\s*[:：]")


@dataclass
class SheetRow:
    number: int  # the row number Excel shows
    cells: list[str]  # one text per layout column (CATEGORY … CHAIRPERSONS), "" when empty or missing

    def is_blank(self) -> bool:
        return not any(self.cells)


@dataclass
class ReadSheet:
    sheet_name: str
    title: str
    header_row: int
    rows: list[SheetRow]
    missing_columns: list[int] = field(default_factory=list)  # optional columns the header lacks
    repeated_headers: list[int] = field(default_factory=list)  # rows skipped as repeated headers
    notes: list[int] = field(default_factory=list)  # rows skipped as notes or titles


def cell_text(value) -> str:
    """A cell as text: 1.0 → "1", dates as written, line breaks inside Chinese text joined."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        # Excel turns "3-6" into a date; show the user what Excel holds, and let the time check name it.
        return f"{value.month}月{value.day}日"
    # Control characters are invisible in Excel and cannot be stored by PostgreSQL (NUL): dropped.
    text = _CONTROL_RE.sub("", str(value)).replace("\u00a0", " ").replace("\u3000", " ")
    text = re.sub(r"\s*\n\s*", "", text.strip())
    return re.sub(r"[ \t]+", " ", text)


def _load(data: bytes):
    from openpyxl import load_workbook

    if not data:
        raise ImportFileError("文件是空的（0 字节），请选择填好的 Excel 工作簿（.xlsx）。")
    limit = max_upload_bytes()
    if len(data) > limit:
        raise ImportFileError(
            f"文件大小为 {len(data) / 1024 / 1024:.1f} MB，超过 {limit // 1024 // 1024} MB 的上限。"
            "请删除工作簿中的图片或多余的工作表后再上传。"
        )
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFileError("这是旧版 Excel 文件（.xls）或加密的工作簿，请在 Excel 中“另存为” .xlsx 格式（不设密码）后再上传。")
    if not data.startswith(b"PK"):
        raise ImportFileError("无法读取：这不是 Excel 工作簿（.xlsx）。请上传按“主要工作安排表”格式填写的 .xlsx 文件。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ImportFileError("文件已损坏，无法读取。请在 Excel 中打开并重新保存为 .xlsx 后再上传。") from None
    if "xl/workbook.xml" not in names:
        raise ImportFileError("无法读取：这不是 Excel 工作簿（.xlsx），可能是其他格式的压缩文件或 Word 文档。")
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError("文件解压后过大，无法读取。请只保留主要工作安排表一个工作表后再上传。")
    try:
        _check_sheet_sizes(data)
        return load_workbook(io.BytesIO(data), data_only=True)
    except ImportFileError:
        raise
    except Exception:  # zipfile, zlib and openpyxl raise many kinds (KeyError, ValueError, XML errors) on damaged parts
        raise ImportFileError("文件已损坏，无法读取。请在 Excel 中打开并重新保存为 .xlsx 后再上传。") from None


def _check_sheet_sizes(data: bytes):
    """Refuse, before openpyxl builds them, sheets with too many cells or merged cells (see MAX_CELLS)."""
    from openpyxl.utils import column_index_from_string

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            xml = archive.read(info)  # within MAX_UNPACKED_BYTES, checked above
            if len(_CELL_RE.findall(xml)) > MAX_CELLS:
                raise ImportFileError(
                    f"工作表的单元格过多（超过 {MAX_CELLS} 个），无法读取。"
                    "请只保留要导入的表格，删除其下方和右侧多余的行、列（包括只设了格式的空白单元格）后再上传。"
                )
            merged = 0
            for m in _MERGE_RE.finditer(xml):
                first_col, first_row = column_index_from_string(m[1].decode().upper()), int(m[2])
                last_col = column_index_from_string(m[3].decode().upper()) if m[3] else first_col
                last_row = int(m[4]) if m[4] else first_row
                merged += (abs(last_row - first_row) + 1) * (abs(last_col - first_col) + 1)
                if merged > MAX_MERGED_CELLS:
                    ref = m[0].decode(errors="replace").split('ref="')[-1].rstrip('"')
                    raise ImportFileError(
                        f"工作表中合并的单元格范围过大（如 {ref}），无法读取。请取消整行、整列的合并后再上传。"
                    )


def sheet_grid(ws) -> tuple[int, int]:
    """(rows, columns) from A1 to the last cell holding a value; refuses a sheet whose grid is too large.

    Only these are read: cells that merely carry formatting far below or to the right are left out,
    and a value at XFD1048576 is refused rather than walked to."""
    rows = columns = 0
    for (r, c), cell in ws._cells.items():  # the cells openpyxl loaded; iter_rows would create the rest
        if cell.value is not None:
            rows, columns = max(rows, r), max(columns, c)
    if rows * columns > MAX_GRID_CELLS:
        from openpyxl.utils import get_column_letter

        raise ImportFileError(
            f"工作表“{ws.title}”的内容范围过大：第 {rows} 行、第 {get_column_letter(columns)} 列还有内容。"
            "请删除表格以外的多余内容后再上传。"
        )
    return rows, columns


def _merged_values(ws, rows: int, columns: int) -> tuple[dict, set]:
    """(row, col) → the value of the merged range it lies in, within the grid; and the rows merged across
    the table."""
    values, wide_rows = {}, set()
    for merged in ws.merged_cells.ranges:
        value = ws.cell(merged.min_row, merged.min_col).value
        last_row, last_col = min(merged.max_row, rows), min(merged.max_col, columns)
        if merged.max_col - merged.min_col >= 2:
            wide_rows.update(range(merged.min_row, last_row + 1))
        for r in range(merged.min_row, last_row + 1):
            for c in range(merged.min_col, last_col + 1):
                values[(r, c)] = value
    return values, wide_rows


def _header_columns(texts: list[str]) -> dict[int, int]:
    """Layout column → sheet column (1-based) for a row that looks like the header."""
    columns = {}
    for index, text in enumerate(texts, 1):
        column = header_column(text)
        if column is not None and column not in columns:
            columns[column] = index
    return columns


def _is_header(columns: dict[int, int]) -> bool:
    return TITLE in columns and len(columns) >= 4


def read_workbook(data: bytes) -> ReadSheet:
    """The plan rows of the workbook's first sheet that has the header. Raises ImportFileError."""
    wb = _load(data)
    found_any_cell = False
    for ws in wb.worksheets:
        grid_rows, grid_columns = sheet_grid(ws)
        if not grid_rows:
            continue
        merged, wide_rows = _merged_values(ws, grid_rows, grid_columns)

        def texts_of(row_cells, r):
            return [cell_text(merged.get((r, c), cell.value)) for c, cell in enumerate(row_cells, 1)]

        rows = list(ws.iter_rows(max_row=grid_rows, max_col=grid_columns))
        header_at, columns = None, {}
        for r, row_cells in enumerate(rows[:HEADER_SEARCH_ROWS], 1):
            texts = texts_of(row_cells, r)
            found_any_cell = found_any_cell or any(texts)
            columns = _header_columns(texts)
            if _is_header(columns):
                header_at = r
                break
        found_any_cell = found_any_cell or any(cell.value is not None for row in rows for cell in row)
        if header_at is None:
            continue

        title = ""
        for r, row_cells in enumerate(rows[: header_at - 1], 1):
            line = next((t for t in texts_of(row_cells, r) if t), "")
            if line and not _NOTE_RE.match(line):
                title = line
                break

        missing = [c for c in range(len(HEADERS)) if c not in columns]
        required = [HEADERS[c] for c in missing if c not in OPTIONAL_COLUMNS]
        if required:
            raise ImportFileError(
                f"第 {header_at} 行的表头缺少{'、'.join(f'「{h}」' for h in required)}列。"
                f"表头应为“{' | '.join(HEADERS)}”。"
            )
        sheet = ReadSheet(sheet_name=ws.title, title=title, header_row=header_at, rows=[], missing_columns=missing)
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
                len(filled) == 1 and (_NOTE_RE.match(filled[0]) or filled[0] == title)
            ):
                sheet.notes.append(r)
                continue
            cells = [texts[columns[c] - 1] if c in columns and columns[c] <= len(texts) else "" for c in range(len(HEADERS))]
            sheet.rows.append(SheetRow(number=r, cells=cells))
        if not sheet.rows:
            raise ImportFileError(f"表中没有任何事项：第 {header_at} 行表头以下是空的。请填写事项后再上传。")
        return sheet

    if not found_any_cell:
        raise ImportFileError("工作簿是空的：没有任何内容。请按模板填写后再上传。")
    raise ImportFileError(
        f"找不到表头行：前 {HEADER_SEARCH_ROWS} 行中没有“{' | '.join(HEADERS)}”这样的表头。"
        "请使用下载的模板，或在事项上方加上这一行表头。"
    )

