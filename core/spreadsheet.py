"""The spreadsheet kit every workbook of the system is made with: fonts, fills, borders, column widths,
print set-up, and `set_text`, which keeps text a spreadsheet would run as a formula as plain text.

One place for the house style: a plan, an agenda, a list and the year's archive look alike.
"""

import io
import math
import unicodedata
from copy import copy
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
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


# The house style of a list's file (core.tables.TableExporter): its title over the header, 序号 first.
LIST_FOOTER = "第 &P 页，共 &N 页"
NUMBER_HEADER = "序号"
NUMBER_WIDTH = 6
LIST_TITLE_SIZE = 16
LIST_TITLE_ROW = 1
LIST_HEADER_ROW = 2
# Up to this many columns (序号 included) and this total width a list prints upright; more, A4 landscape.
PORTRAIT_MAX_COLUMNS = 7
PORTRAIT_MAX_WIDTH = 120
HEADER_MAX_WIDTH = 24  # a header may widen its column to be read in one line, up to this


class ListSheet:
    """A write-only sheet of a list, ready to print: row 1 the list's title (naming its filters) across the
    columns, row 2 the header, 序号 then the list's own columns, repeated at the top of every printed page;
    A4 (upright for a few narrow columns, else landscape), one page wide, 第 N 页，共 M 页 in the footer;
    宋体, wrapped, bordered cells, rows as tall as their text; the header frozen, with filter buttons.

    `freeze` is given as for a sheet without title and 序号 ("A2": the header; "C2": and the first two
    columns), and is moved to match. Append the rows with `append(values)`, then call `finish()`.
    """

    def __init__(self, wb: Workbook, *, sheet_name: str, title: str, headers: list[str], widths: list[float],
                 number_formats: list | None = None, freeze: str = "A2"):
        self.ws = ws = wb.create_sheet((without_control_characters(sheet_name) or "Sheet")[:31])
        self.widths = [NUMBER_WIDTH] + [
            max(width, min(text_width(header) + 2, HEADER_MAX_WIDTH))
            for header, width in zip(headers, widths, strict=True)
        ]
        self.columns = len(self.widths)
        self.number_formats = [None] + list(number_formats or [None] * len(headers))
        self.rows = 0
        for index, width in enumerate(self.widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = _moved_freeze(freeze)
        landscape = self.columns > PORTRAIT_MAX_COLUMNS or sum(self.widths) > PORTRAIT_MAX_WIDTH
        print_layout(ws, landscape=landscape, title_rows=f"{LIST_HEADER_ROW}:{LIST_HEADER_ROW}", footer=LIST_FOOTER)
        self.body_font = Font(name=BODY_FONT)
        self._styles = {}

        last = get_column_letter(self.columns)
        title_cell = set_text(WriteOnlyCell(ws), title)
        title_cell.font = Font(name=HEADING_FONT, bold=True, size=LIST_TITLE_SIZE)
        title_cell.alignment = WRAP_CENTER
        if self.columns > 1:
            ws.merged_cells.add(f"A{LIST_TITLE_ROW}:{last}{LIST_TITLE_ROW}")
        # A 16 pt line is about 1.5 times an 11 pt one, in height and in width.
        title_lines = wrapped_lines(title, sum(self.widths) / 1.5)
        ws.row_dimensions[LIST_TITLE_ROW].height = min(MAX_ROW_HEIGHT, title_lines * LINE_HEIGHT * 1.5 + 8)
        ws.append([title_cell])

        header_font = Font(name=HEADING_FONT, bold=True)
        cells = []
        for text in [NUMBER_HEADER, *headers]:
            cell = set_text(WriteOnlyCell(ws), text)
            cell.font, cell.border, cell.fill, cell.alignment = header_font, BORDER, HEADER_FILL, WRAP_CENTER
            cells.append(cell)
        lines = max(wrapped_lines(text, width) for text, width in zip([NUMBER_HEADER, *headers], self.widths))
        if lines > 1:
            ws.row_dimensions[LIST_HEADER_ROW].height = row_height(lines)
        ws.append(cells)

    def append(self, values: list) -> None:
        """One row of the list, its 序号 put before it."""
        self.rows += 1
        ws = self.ws
        cells, lines = [], 1
        for index, value in enumerate([self.rows, *values]):
            number_format = self.number_formats[index]
            if not number_format and isinstance(value, date):
                number_format = DATETIME_FORMAT if isinstance(value, datetime) else DATE_FORMAT
            cell = WriteOnlyCell(ws)
            cell._style = copy(self._style(index, number_format))  # set_text may add the quote prefix to it
            set_text(cell, None if value == "" else value)  # an empty cell, not an empty text
            if isinstance(value, str) and value:
                lines = max(lines, wrapped_lines(value, self.widths[index]))
            cells.append(cell)
        if lines > 1:
            ws.row_dimensions[LIST_HEADER_ROW + self.rows].height = row_height(lines)
        ws.append(cells)

    def _style(self, index: int, number_format: str | None):
        """A body cell's style (宋体, border, wrapped; 序号 centred), worked out once a column and format:
        styling each cell afresh through openpyxl was most of a long list's time."""
        key = (index == 0, number_format)
        if key not in self._styles:
            cell = WriteOnlyCell(self.ws)
            cell.font, cell.border = self.body_font, BORDER
            cell.alignment = WRAP_CENTER if index == 0 else WRAP
            if number_format:
                cell.number_format = number_format
            self._styles[key] = cell._style
        return self._styles[key]

    def finish(self) -> None:
        """The filter buttons over the header and every row written."""
        last = get_column_letter(self.columns)
        self.ws.auto_filter.ref = f"A{LIST_HEADER_ROW}:{last}{LIST_HEADER_ROW + self.rows}"


def _moved_freeze(freeze: str) -> str:
    """A sheet's frozen cell moved one row down (the title) and, when columns are frozen, one right (序号)."""
    letters, row = coordinate_from_string(freeze or "A2")
    column = column_index_from_string(letters)
    return f"{get_column_letter(column + 1 if column > 1 else 1)}{row + 1}"


def to_bytes(wb: Workbook) -> bytes:
    # The file's properties (its title is often a plan's or a meeting's) are XML too.
    for name in ("title", "subject", "creator", "description", "keywords", "category", "lastModifiedBy"):
        value = getattr(wb.properties, name, None)
        if isinstance(value, str):
            setattr(wb.properties, name, without_control_characters(value))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
