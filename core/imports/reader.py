"""Loading an uploaded workbook safely, and reading its cells, for every import.

load_workbook_safely refuses, with a message for the user, what openpyxl should never be handed: an empty
file, an old .xls, something that is no zip, a file over the upload limit, a zip bomb, a sheet with too many
cells or merged cells. sheet_grid and merged_values bound the reading of rows; cell_text gives a cell as the
text the user sees. Each import's own reading (plans.imports.reader, core.imports.engine.read_table) is on top.
"""

import io
import re
import zipfile
from datetime import date, datetime

from core.imports import ImportFileError, max_upload_bytes
from core.text import without_control_characters

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
    text = without_control_characters(str(value)).replace("\u00a0", " ").replace("\u3000", " ")
    text = re.sub(r"\s*\n\s*", "", text.strip())
    return re.sub(r"[ \t]+", " ", text)


def load_workbook_safely(data: bytes, file_label: str = "要导入的表格"):
    """`file_label` names the file in messages: 主要工作安排表, 代表名册 …"""
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
        raise ImportFileError(f"无法读取：这不是 Excel 工作簿（.xlsx）。请上传按“{file_label}”格式填写的 .xlsx 文件。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ImportFileError("文件已损坏，无法读取。请在 Excel 中打开并重新保存为 .xlsx 后再上传。") from None
    if "xl/workbook.xml" not in names:
        raise ImportFileError("无法读取：这不是 Excel 工作簿（.xlsx），可能是其他格式的压缩文件或 Word 文档。")
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError(f"文件解压后过大，无法读取。请只保留{file_label}一个工作表后再上传。")
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


def merged_values(ws, rows: int, columns: int) -> tuple[dict, set]:
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







