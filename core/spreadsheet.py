"""The spreadsheet kit every workbook of the system is made with: fonts, fills, borders, column widths,
print set-up, and `set_text`, which keeps text a spreadsheet would run as a formula as plain text.

One place for the house style: a plan, an agenda, a list and the year's archive look alike.
"""

import io
import math
import unicodedata

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from core.text import without_control_characters

BODY_FONT = "宋体"  # SimSun
HEADING_FONT = "黑体"  # SimHei
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
WRAP_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
HEADER_FILL = PatternFill("solid", fgColor="E7E6E6")
LINE_HEIGHT = 15.0  # points per wrapped line at 11 pt
MAX_ROW_HEIGHT = 409.0  # Excel's tallest row, in points: a taller one is refused or clipped
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"

# Text a spreadsheet would read as a formula (or as the start of one, in the case of - and +).
FORMULA_PREFIXES = ("=", "+", "-", "@")


# --- cells ---------------------------------------------------------------------------------------


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def set_text(cell, value):
    """Put a value in an openpyxl cell so that text is always shown as text, never run as a formula.

    openpyxl turns any string beginning with `=` into a formula. Text beginning with = + - @ is
    stored as a plain string cell (data type `s`) with the quotePrefix style, which is what Excel
    and LibreOffice write when a user types a leading apostrophe: shown as typed, never evaluated.
    Control characters, which a worksheet cannot hold (openpyxl refuses the whole cell), are left out.
    """
    if isinstance(value, str):
        value = without_control_characters(value)
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


# --- widths and heights --------------------------------------------------------------------------


def text_width(text) -> int:
    """Width in spreadsheet columns: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text or ""))


def row_height(lines: int) -> float:
    """A row tall enough for `lines` wrapped lines, within what Excel allows."""
    return min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 4)


def wrapped_lines(text, width: float) -> int:
    lines = 0
    for part in str(text or "").split("\n"):
        lines += max(1, math.ceil(text_width(part) / max(width - 1, 1)))
    return lines


def fit_columns(ws, rows: list[list], minimum: list[int], maximum: list[int]) -> list[float]:
    """Set each column's width to its longest text, kept between the given bounds."""
    widths = []
    for index in range(len(minimum)):
        longest = max((text_width(row[index]) for row in rows if index < len(row)), default=0)
        width = min(max(longest + 2, minimum[index]), maximum[index])
        ws.column_dimensions[get_column_letter(index + 1)].width = width
        widths.append(width)
    return widths


# --- sheets and files ----------------------------------------------------------------------------


def print_layout(ws, *, landscape: bool, title_rows: str, footer: str):
    """Print on A4, one page wide, the header rows on every page, centred, page numbers in the footer.

    Works on ordinary and write-only sheets alike (on the latter, before the first row is appended).
    """
    ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE if landscape else Worksheet.ORIENTATION_PORTRAIT
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = title_rows
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    ws.oddFooter.center.text = footer
    ws.oddFooter.center.font = BODY_FONT


def list_sheet(wb: Workbook, title: str, headers: list[str], widths: list[float], freeze: str = "A2"):
    """A write-only sheet of a list: its header row styled, the columns sized, the header frozen and
    printed on every page (A4 landscape, one page wide). Append the rows after it, then call
    `finish_list_sheet`."""
    ws = wb.create_sheet(title[:31])  # Excel refuses longer sheet names
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = freeze
    print_layout(ws, landscape=True, title_rows="1:1", footer="第 &P 页，共 &N 页")
    header_font = Font(name=HEADING_FONT, bold=True)
    cells = []
    for text in headers:
        cell = set_text(WriteOnlyCell(ws), text)
        cell.font, cell.border, cell.fill = header_font, BORDER, HEADER_FILL
        cells.append(cell)
    ws.append(cells)
    return ws


def finish_list_sheet(ws, columns: int, rows: int):
    """The filter buttons over the header and every row written (`rows` without the header)."""
    ws.auto_filter.ref = f"A1:{get_column_letter(max(columns, 1))}{rows + 1}"


def to_bytes(wb: Workbook) -> bytes:
    # The file's properties (its title is often a plan's or a meeting's) are XML too.
    for name in ("title", "subject", "creator", "description", "keywords", "category", "lastModifiedBy"):
        value = getattr(wb.properties, name, None)
        if isinstance(value, str):
            setattr(wb.properties, name, without_control_characters(value))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
