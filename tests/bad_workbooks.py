"""The bad-workbook corpus: files a user might upload to the three imports (plan, roster, suggestions), built
in code (openpyxl, or the XML written by hand where openpyxl cannot: cached formula results, bombs).

Each case is Case(id, build, outcome, message): build(ctx) → the file's bytes, where ctx gives the
import's header and a row it accepts (Spec), so every import gets its own version of every case.

    outcome "file"  the upload page refuses the file; `message` is shown on it, no job is kept
            "rows"  the file is read; the preview names the row and column (`message`); commit is refused
            "ok"    arguably fine data (emoji, right-to-left text, a formula's cached result): imported,
                    and `check(ctx)` says what was saved
"""

import functools
import io
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

SIZE_LIMIT_MB = 10
TOO_LARGE = 50 * 1024 * 1024
NOT_XLSX = "这不是 Excel 工作簿（.xlsx）"
DAMAGED = "文件已损坏"
OLD_OR_ENCRYPTED = "旧版 Excel 文件（.xls）或加密的工作簿"
LONG = "长" * 100_000
RTL_AND_EMOJI = "مراجعة قانون المياه 📈 בדיקת חוק 🏫✨"


@dataclass
class Spec:
    """One import as the corpus sees it: its header, a row it accepts, and where things go in a row."""

    name: str  # plan | roster | suggestions
    header: list
    good: list  # a row the import accepts (values as written in the cells)
    first_row: int  # the Excel row of the first data row in table()
    text_col: int  # a free-text column whose cell ends up in the database (0-based)
    text_label: str  # its header, as problems name it
    date_col: int  # a column read as a date (plan: 时间)
    date_label: str
    unit_col: int  # a column naming a committee or unit
    unit_label: str
    key_col: int  # the column two rows may not share
    key_label: str
    required_col: int  # a header the import requires
    formula_col: int  # a required cell that a formula without a cached result leaves empty
    formula_label: str
    bad_date_message: str  # what the import says of an unreadable date
    extra: dict = field(default_factory=dict)

    def row(self, **changes) -> list:
        """The good row with some cells replaced: row(**{"3": "x"}) or row(text="x")."""
        cells = list(self.good)
        names = {"text": self.text_col, "date": self.date_col, "unit": self.unit_col, "key": self.key_col}
        for key, value in changes.items():
            cells[names[key] if key in names else int(key)] = value
        return cells


def _save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def table(spec: Spec, rows, *, header=None, title="导入测试", merges=(), before=None) -> bytes:
    """Title row, header, rows (data starts at spec.first_row); merges as "B3:D3"."""
    wb = Workbook()
    ws = wb.active
    ws.title = "导入"
    for line in before or []:
        ws.append(line)
    ws.append([title])
    ws.append(header or spec.header)
    for row in rows:
        ws.append(list(row))
    for ref in merges:
        ws.merge_cells(ref)
    return _save(wb)


def good_file(spec: Spec) -> bytes:
    return table(spec, [spec.good])


# --- workbooks written by hand -----------------------------------------------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="导入" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
_SHEET_HEAD = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'


def _cell_xml(ref: str, value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, tuple):  # ("formula", cached text): what Excel saves for =HYPERLINK(...)
        formula, cached = value
        return f'<c r="{ref}" t="str"><f>{escape(formula)}</f><v>{escape(cached)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'


def raw_sheet_rows(rows) -> bytes:
    lines = []
    for r, row in enumerate(rows, 1):
        cells = "".join(_cell_xml(f"{get_column_letter(c)}{r}", v) for c, v in enumerate(row, 1))
        lines.append(f'<row r="{r}">{cells}</row>')
    return "".join(lines).encode()


def raw_xlsx(sheet_data: bytes = b"", *, after_data: bytes = b"", chunks=None) -> bytes:
    """A minimal valid xlsx whose one sheet holds sheet_data (then `chunks` of bytes, streamed) and after_data
    (e.g. <mergeCells>) after </sheetData>."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_SHEET_HEAD + sheet_data)
            for chunk in chunks or ():
                sheet.write(chunk)
            sheet.write(b"</sheetData>" + after_data + b"</worksheet>")
    return out.getvalue()


def raw_table(spec: Spec, rows) -> bytes:
    return raw_xlsx(raw_sheet_rows([["导入测试"], spec.header, *rows]))


@functools.cache
def zip_bomb() -> bytes:
    """~400 KB that inflates to 300 MB of sheet XML (whitespace inside <sheetData>)."""
    block = b" " * (1024 * 1024)
    return raw_xlsx(chunks=(block for _ in range(300)))


def cell_bomb(spec: Spec) -> bytes:
    """A small file with 250 000 (empty, styled-looking) cells: millions of objects for openpyxl."""
    rows = b"".join(b'<row r="%d">' % r + b"".join(b'<c r="%s%d"/>' % (c, r) for c in (b"A", b"B", b"C", b"D", b"E"))
                    + b"</row>" for r in range(3, 50_003))
    return raw_xlsx(raw_sheet_rows([["导入测试"], spec.header]) + rows)


def sparse_grid(spec: Spec) -> bytes:
    """The header and a row, and one stray value at XFD1048576: a 5 KB file spanning the whole sheet."""
    return raw_xlsx(raw_sheet_rows([["导入测试"], spec.header, spec.good])
                    + b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>')


def merge_bomb(spec: Spec) -> bytes:
    return raw_xlsx(raw_sheet_rows([["导入测试"], spec.header, spec.good]),
                    after_data=b'<mergeCells count="1"><mergeCell ref="A5:XFD1048576"/></mergeCells>')


def bad_xml_control_char(spec: Spec) -> bytes:
    """A raw \\x01 inside the sheet XML: not well-formed XML (Excel writes _x0001_ instead)."""
    data = raw_sheet_rows([["导入测试"], spec.header, spec.row(text="事项\x01名称")])
    return raw_xlsx(data)


# --- not workbooks -----------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" + b"\0" * 64
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def old_xls() -> bytes:
    """The start of a BIFF8 .xls (an OLE compound file) renamed to .xlsx."""
    return OLE + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00" + b"\x00" * 480 + b"Workbook".ljust(64, b"\0")


def encrypted() -> bytes:
    """What Excel saves with 'encrypt with password': an OLE container holding EncryptionInfo/EncryptedPackage."""
    names = b"".join(n.encode("utf-16-le").ljust(64, b"\0") for n in ("EncryptionInfo", "EncryptedPackage"))
    return OLE + b"\x00" * 16 + b"\x3e\x00\x04\x00\xfe\xff\x0c\x00" + b"\x00" * 480 + names + b"\x01" * 4096


def csv_renamed(spec: Spec) -> bytes:
    return "\n".join(",".join(str(c) for c in row) for row in (spec.header, spec.good)).encode("utf-8-sig")


def damaged(spec: Spec) -> bytes:
    data = bytearray(good_file(spec))
    middle = len(data) // 2
    data[middle:middle + 400] = b"\xff" * 400  # the compressed sheet and part of the directory overwritten
    return bytes(data)


def truncated(spec: Spec) -> bytes:
    data = good_file(spec)
    return data[: len(data) * 2 // 3]


def fifty_mb() -> bytes:
    return b"PK\x03\x04" + b"\0" * (TOO_LARGE - 4)


def empty_workbook() -> bytes:
    wb = Workbook()
    wb.create_sheet("Sheet2")
    wb.create_sheet("Sheet3")
    return _save(wb)


def empty_sheets_then_header_only(spec: Spec) -> bytes:
    """Two empty sheets, then a sheet with the header and nothing under it."""
    wb = Workbook()
    wb.create_sheet("空白")
    ws = wb.create_sheet("数据")
    ws.append(spec.header)
    return _save(wb)


def wrong_headers(spec: Spec) -> bytes:
    english = ["Category", "No.", "Title", "Department", "Date", "Flag", "Other", "X", "Y", "Z", "W", "V", "U"]
    return table(spec, [spec.good], header=english[: len(spec.header)])


def missing_header(spec: Spec) -> bytes:
    header = list(spec.header)
    header[spec.required_col] = "备注栏"
    return table(spec, [spec.good], header=header)


def merged_header(spec: Spec) -> bytes:
    """The header's first cell merged across the next two: those columns' names are hidden under it."""
    return table(spec, [spec.good], merges=[f"A2:{get_column_letter(spec.required_col + 1)}2"])


# --- the cases ---------------------------------------------------------------------------------------


@dataclass
class Case:
    id: str
    build: Callable  # (spec) → bytes
    outcome: str  # file | rows | ok
    message: str  # shown on the page (file, rows); for "ok" the text saved
    filename: str = "导入.xlsx"
    slow_ok: float = 5.0  # seconds the whole upload may take


def common_cases(spec: Spec) -> list[Case]:
    """The cases every import gets; messages are those of the shared reader (core.imports.reader)."""
    first = spec.first_row
    bad_date = spec.bad_date_message

    def at(row, label):
        return f"第 {row} 行「{label}」"

    return [
        Case("text", lambda s: "这不是表格，只是一段说明文字。".encode(), "file", NOT_XLSX, "说明.xlsx"),
        Case("png", lambda s: PNG, "file", NOT_XLSX, "截图.xlsx"),
        Case("xls-renamed", lambda s: old_xls(), "file", OLD_OR_ENCRYPTED, "旧表.xlsx"),
        Case("csv-renamed", csv_renamed, "file", NOT_XLSX, "导出.xlsx"),
        Case("encrypted", lambda s: encrypted(), "file", OLD_OR_ENCRYPTED),
        Case("damaged-zip", damaged, "file", DAMAGED),
        Case("truncated", truncated, "file", DAMAGED),
        Case("50mb", lambda s: fifty_mb(), "file", f"超过 {SIZE_LIMIT_MB} MB 的上限", slow_ok=15.0),
        Case("zip-bomb", lambda s: zip_bomb(), "file", "文件解压后过大"),
        Case("cell-bomb", cell_bomb, "file", "单元格过多"),
        Case("sparse-grid", sparse_grid, "file", "第 1048576 行、第 XFD 列还有内容"),
        Case("merge-bomb", merge_bomb, "file", "合并的单元格范围过大（如 A5:XFD1048576）"),
        Case("xml-control-char", bad_xml_control_char, "file", DAMAGED),
        Case("no-sheet-with-data", lambda s: empty_workbook(), "file", "工作簿是空的"),
        Case("empty-sheets-header-only", empty_sheets_then_header_only, "file", "表头以下是空的"),
        Case("wrong-headers", wrong_headers, "file", "找不到表头行"),
        Case("missing-header", missing_header, "file", f"缺少「{spec.header[spec.required_col].rstrip('*')}」"),
        Case("merged-header", merged_header, "file", spec.extra["merged_header_message"]),
        # Row problems: the preview names row and column, the commit is refused.
        Case("formula-without-result",
             lambda s: table(s, [s.row(**{str(s.formula_col): '=HYPERLINK("http://example.com/x","点我")'})]),
             "rows", at(first, spec.formula_label)),
        Case("date-as-text-month", lambda s: table(s, [s.row(date="2024年3月")]), "rows", at(first, spec.date_label)
             + bad_date.format("2024年3月")),
        Case("date-as-text-xun", lambda s: table(s, [s.row(date="下旬")]), "rows",
             at(first, spec.date_label) + bad_date.format("下旬")),
        Case("date-impossible", lambda s: table(s, [s.row(date="2024/13/45")]), "rows",
             at(first, spec.date_label) + bad_date.format("2024/13/45")),
        Case("date-excel-serial", lambda s: table(s, [s.row(date=45352)]), "rows",
             at(first, spec.date_label) + bad_date.format("45352")),
        Case("date-huge-number", lambda s: table(s, [s.row(date=1e20)]), "rows",
             at(first, spec.date_label) + bad_date.format(str(int(1e20)))),
        Case("unknown-unit", lambda s: table(s, [s.row(unit="不存在的工作委员会")]), "rows",
             at(first, spec.unit_label) + "：找不到"),
        Case("duplicated-rows", lambda s: table(s, [s.good, s.row(text=s.good[s.text_col] + "（又一次）")]), "rows",
             at(first + 1, spec.key_label)),
        Case("long-cell-100k", lambda s: table(s, [s.row(text=LONG)]), "rows", at(first, spec.text_label) + "："),
        Case("merged-across-data-row", lambda s: table(s, [s.good], merges=[spec.extra["merge_data"]]),
             "rows", spec.extra["merge_message"]),
        # Arguably fine: imported as written (control characters, invisible in Excel, dropped).
        Case("rtl-and-emoji", lambda s: table(s, [s.row(text=RTL_AND_EMOJI)]), "ok", RTL_AND_EMOJI),
        Case("c1-control-chars", lambda s: table(s, [s.row(text="事项\x85名\x7f称\x9f")]), "ok", "事项名称"),
        Case("formula-with-cached-result",
             lambda s: raw_table(s, [s.row(text=('HYPERLINK("http://example.com/x","超链接的事项")', "超链接的事项"))]),
             "ok", "超链接的事项"),
        Case("excel-date-cell-in-text",
             lambda s: table(s, [s.row(text=datetime(2024, 3, 6))]), "ok", spec.extra["date_text"]),
    ]
