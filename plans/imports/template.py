"""The blank 主要工作安排表 offered for download: the layout the import reads, with its rules in a note row."""

import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from core.spreadsheet import set_text
from plans.workbook_layout import CHECK_MARK, columns

TITLE_ROW, NOTE_ROW, HEADER_ROW = 1, 2, 3
BODY_ROWS = 200  # rows formatted and validated below the header

NOTE = (
    "填写说明：①「类别」写在每类的第一行，并注明项数，如“讨论决定重大事项(3项)”，其下各行留空或合并单元格；"
    "跨页时类别可以留空，沿用上一页的类别；②「序号」在每个类别内从 1 开始；"
    "③「组织实施部门」写委员会简称，如“财经工委牵头，教科文卫工委、办公室配合”“选联及有关工委”“办公室及各工委”，"
    "不写“牵头”“配合”的，第一个单位牵头、其余配合；"
    "④「时间」写作 3月、3-6月、全年、上半年、7月底前、第四季度，根据政府提请确定的写“根据区政府的提请而定”或留空；"
    f"⑤提请常委会会议、主任会议的，在对应列打“{CHECK_MARK}”，否则留空；"
    "⑥「监督形式」写“专项工作报告”“专题询问、专项工作报告”等，主要的写在前面，留空则按类别确定；"
    "⑦「汇报单位」写“区政府”“区法院、区检察院”等，没有的写“无”，留空则按项目名称中写到的单位确定。"
    "表头可在每页重复；本说明行导入时自动跳过。"
)


def _header_cell(cell, column, border):
    cell.font = Font(bold=True)
    cell.fill = PatternFill("solid", fgColor="F2DCDB")
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    cell.border = border
    if column.hint:
        cell.comment = Comment(column.hint, "renda")


def blank_template(title: str = "主要工作安排表", committees=()) -> bytes:
    """The .xlsx bytes. `committees` (short names) go to a second sheet for reference."""
    wb = Workbook()
    ws = wb.active
    ws.title = "主要工作安排表"
    declared = columns()
    last = len(declared)
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)

    set_text(ws.cell(TITLE_ROW, 1), title).font = Font(size=16, bold=True)
    ws.cell(TITLE_ROW, 1).alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=last)
    ws.row_dimensions[TITLE_ROW].height = 32

    ws.cell(NOTE_ROW, 1, NOTE).font = Font(size=9, color="5F6670")
    ws.cell(NOTE_ROW, 1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=NOTE_ROW, start_column=1, end_row=NOTE_ROW, end_column=last)
    ws.row_dimensions[NOTE_ROW].height = 96

    first, end = HEADER_ROW + 1, HEADER_ROW + BODY_ROWS
    for col, column in enumerate(declared, 1):
        _header_cell(ws.cell(HEADER_ROW, col, column.header), column, border)
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = column.width
        alignment = Alignment(vertical="center", wrap_text=not column.centred,
                              horizontal="center" if column.centred else None)
        for row in range(first, end + 1):
            cell = ws.cell(row, col)
            cell.border = border
            cell.alignment = alignment
        if column.validation:
            validation = column.validation()
            validation.add(f"{letter}{first}:{letter}{end}")
            ws.add_data_validation(validation)

    ws.freeze_panes = ws.cell(first, 1)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"  # the header repeats on every printed page
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0

    if committees:
        ref = wb.create_sheet("委员会简称")
        ref.cell(1, 1, "可填写的单位（简称）").font = Font(bold=True)
        ref.column_dimensions["A"].width = 30
        for i, name in enumerate(committees, 2):
            set_text(ref.cell(i, 1), name)

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
