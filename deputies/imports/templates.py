"""The blank workbooks offered on the upload pages: the columns the imports read, with a note row.

The title and note rows sit above the header, which the import finds by its column names. A second
sheet, 填写示例, shows a filled-in row; the import reads only the first sheet that has the header.
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.exporters import set_text
from deputies.imports.roster import COLUMNS as ROSTER_COLUMNS
from deputies.imports.suggestions import COLUMNS as SUGGESTION_COLUMNS

BODY_ROWS = 300

ROSTER_NOTE = (
    "填写说明：①「姓名」必填，新增代表还须填「性别」（男、女）；②「代表编号」用于识别代表：有编号的按编号更新，"
    "没有编号的按姓名更新（名册中只有一位同名代表时），否则新增；③「代表层级」写全国、省、市、区（县）、镇，"
    "多个用“、”分隔，如“区、市”，留空为区；④「联络站编号」填联络站页面上的编号，如 ZX01；"
    "⑤「状态」写在任、已辞职或代表资格终止，辞职或终止的请填「状态变更日期」（如 2023-05-10）。"
    "本行和标题行导入时自动跳过；示例行请删除。"
)
ROSTER_EXAMPLE = ["D001", "张某某", "女", "区、市", "第一代表小组", "第1选区", "ZX01", "专业技术人员",
                  "某某医院副院长", "13800000000", "白云区某某路1号", "在任", ""]
ROSTER_WIDTHS = [12, 10, 6, 12, 14, 12, 12, 14, 26, 14, 26, 12, 14]

SUGGESTION_NOTE = (
    "填写说明：①「编号」「标题」「领衔代表」必填，编号在本次会议（或本年闭会期间）内不能重复；②「类别」写建议或议案，"
    "留空为建议；③「附议代表」多位用“、”分隔；同名代表写作“姓名（代表编号）”；④「督办委员会」写委员会名称或简称，"
    "如“财经工委”；⑤「提出日期」留空为会议开幕日期（闭会期间提出的必填）；⑥填写「主办单位」的同时交办，"
    "「交办日期」留空为导入当天，「协办单位」多个用“、”分隔。本行和标题行导入时自动跳过；示例行请删除。"
)
SUGGESTION_EXAMPLE = ["1", "建议", "关于加快某某路段改造的建议", "某某路段路面破损……建议……", "张某某",
                      "李某某、王某某", "城建环保", "城建环资工委", "", "区住房建设交通局", "区财政局", ""]
SUGGESTION_WIDTHS = [8, 8, 36, 40, 12, 22, 12, 16, 12, 18, 22, 12]


def _workbook(title: str, note: str, columns, example: list, widths: list, lists=None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    last = len(columns)
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)

    ws.cell(1, 1, title).font = Font(size=16, bold=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    ws.row_dimensions[1].height = 30
    ws.cell(2, 1, note).font = Font(size=9, color="5F6670")
    ws.cell(2, 1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last)
    ws.row_dimensions[2].height = 64
    for col, column in enumerate(columns, 1):
        cell = ws.cell(3, col, column.label + ("*" if column.required else ""))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2DCDB")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        ws.column_dimensions[get_column_letter(col)].width = widths[col - 1]
    for row in range(4, 4 + BODY_ROWS):
        for col in range(1, last + 1):
            ws.cell(row, col).border = border
            ws.cell(row, col).number_format = "@"  # numbers and codes stay as typed (no 1.0, no lost zeros)
    for key, choices in (lists or {}).items():
        col = next(i for i, c in enumerate(columns, 1) if c.key == key)
        letter = get_column_letter(col)
        check = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
        check.add(f"{letter}4:{letter}{3 + BODY_ROWS}")
        ws.add_data_validation(check)
    ws.freeze_panes = "A4"
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape"

    sample = wb.create_sheet("填写示例")
    for col, column in enumerate(columns, 1):
        sample.cell(1, col, column.label).font = Font(bold=True)
        sample.column_dimensions[get_column_letter(col)].width = widths[col - 1]
    for col, value in enumerate(example, 1):
        set_text(sample.cell(2, col), value or None)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def roster_template(body_name: str) -> bytes:
    return _workbook(f"{body_name}人大代表名册", ROSTER_NOTE, ROSTER_COLUMNS, ROSTER_EXAMPLE, ROSTER_WIDTHS,
                     {"gender": ["男", "女"], "status": ["在任", "已辞职", "代表资格终止"]})


def suggestion_template(where: str) -> bytes:
    return _workbook(f"{where}代表建议", SUGGESTION_NOTE, SUGGESTION_COLUMNS, SUGGESTION_EXAMPLE, SUGGESTION_WIDTHS,
                     {"kind": ["建议", "议案"]})
