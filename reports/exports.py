"""The year-end summary as files: a workbook (the counts, the other figures, and the items behind each count)
and a Word document laid out as an official document.

The Word document follows GB/T 9704-2012 (党政机关公文格式): A4, margins 37 mm top, 35 mm bottom, 28 mm left
(binding side), 26 mm right, so a 156 × 225 mm text block; the title in 方正小标宋简体 二号 (22 pt), centred;
the body in 仿宋_GB2312 三号 (16 pt), first lines indented two characters; first-level headings ("一、") in
黑体 三号; page numbers "— 1 —" in 宋体 四号 centred at the foot. 22 lines a page: a line grid of 28.95 pt
(docGrid linePitch 579) and the same exact line spacing; 28 characters a line: the characters condensed by
0.25 pt (15.75 pt each, 28 × 15.75 = 441 pt in the 442 pt line). Word's character grid (linesAndChars with a
negative charSpace) gives 28 too in Word and WPS, but LibreOffice spreads each character over two grid cells
(17 a line): the condensed characters give 28 in all three. Chinese fonts are named for East Asian text
(w:eastAsia, the text marked zh-CN), Latin text and digits in Times New Roman. The fonts are named, not
embedded: Word on Windows with the fonts installed shows them; elsewhere the system substitutes its nearest
(README, "Year-end summary").

The workbook is in 宋体 throughout, laid out for A4 (fit to the page width, the header row repeated on each
page, page numbers "第 N 页，共 M 页" at the foot).
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.page import PageMargins

from core.exporters import XLSX_CONTENT_TYPE, BaseExporter
from core.numerals import chinese_number
from core.official_document import (
    DOCX_CONTENT_TYPE,
    STYLE_BODY,
    STYLE_HEADING,
    STYLE_SUBHEADING,
    STYLE_TITLE,
)
from core.official_document import official_layout as _official_layout
from core.official_document import table as _table
from core.spreadsheet import set_text
from core.text import without_control_characters
from reports import summary_figures, year_counts
from reports.summary import summary

# The GB/T 9704 layout (official_layout, table, the styles) is core/official_document.py's, shared with the layers
# below reports/.

# --- the workbook ------------------------------------------------------------------------------------
SHEET_FONT = "宋体"
SHEET_FOOTER = "第 &P 页，共 &N 页"
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _paragraph(doc, text, style):
    """A paragraph of the Word file: stored names (a body's, a session's) may hold characters XML refuses."""
    return doc.add_paragraph(without_control_characters(text), style=style)


class _SummaryExporter(BaseExporter):
    def __init__(self, body, year: int, user):
        self.body, self.year, self.user = body, year, user

    def filename(self) -> str:
        return f"{self.body.short_name or self.body.name}{self.year}年度工作统计.{self.extension}"

    def ascii_filename(self) -> str:
        return f"summary-{self.year}.{self.extension}"


def _previous_cell(c) -> str | int | None:
    """What the workbook's 上年 column says: the number, or why it is not compared."""
    if c["previous"] is None:
        return None
    return c["previous"] if c["previous_complete"] else f"不完整，不作比较（登记 {c['previous']} {c['unit']}）"


def _change(c) -> str:
    if c["previous"] is None:
        return ""
    if not c["previous_complete"]:
        return "；".join(c["previous_gaps"])
    difference = c["value"] - c["previous"]
    if not difference:
        return "持平"
    return f"{'增加' if difference > 0 else '减少'} {abs(difference)} {c['unit']}"


def _figure_label(f) -> str:
    return f"其中 {f['label']}" if f["level"] else f["label"]


def _figure_note(f) -> str:
    if f["recorded"]:
        return f["definition"]
    return f"{f['definition']}{'说明' if f['never'] else '如何登记'}：{f['how']}"


def _sheet_layout(sheet, *, landscape: bool, title_rows: str) -> None:
    """A4, fit to the page width (as many pages down as it takes), the header row on every page, page numbers."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = title_rows
    sheet.print_options.horizontalCentered = True
    sheet.page_margins = PageMargins(left=0.6, right=0.6, top=0.75, bottom=0.75, header=0.3, footer=0.3)
    sheet.oddFooter.center.text = SHEET_FOOTER
    sheet.oddFooter.center.font = SHEET_FONT
    sheet.oddFooter.center.size = 10


class SummaryWorkbook(_SummaryExporter):
    identifier = "summary-xlsx"
    verbose_name = "年度工作统计（Excel）"
    extension = "xlsx"
    content_type = XLSX_CONTENT_TYPE

    def render(self) -> bytes:
        data = summary(self.body, self.year, self.user)
        book = Workbook()
        sheet = book.active
        sheet.title = "统计"
        sheet.append([f"{self.body.name}{self.year}年度工作统计"])
        previous = f"{data['previous_year']}年" if data["previous_year"] else "上年"
        sheet.append(["项目", "数量", "单位", previous, "与上年比较", "口径"])
        for c in data["counts"]:
            row = sheet.max_row + 1
            values = [c["label"], c["value"], c["unit"], _previous_cell(c), _change(c), c["definition"]]
            for col, value in enumerate(values, 1):
                set_text(sheet.cell(row=row, column=col), value)
        shares = data["suggestions"]
        for label, value in (("代表满意和基本满意占比（%）", shares["satisfied_share"]),
                             ("已解决或列入计划解决（A+B）占比（%）", shares["ab_share"])):
            sheet.append([label, value, "%", None, None, "见代表建议办理统计的口径"])
        for section in summary_figures.sections(data["figures"]):
            sheet.append([])
            sheet.append([section["title"]])
            sheet.cell(row=sheet.max_row, column=1).font = Font(name=SHEET_FONT, bold=True)
            for f in section["figures"]:
                row = sheet.max_row + 1
                value = f["value"] if f["recorded"] else summary_figures.NOT_RECORDED
                for col, cell_value in enumerate([_figure_label(f), value, f["unit"], None, None, _figure_note(f)], 1):
                    set_text(sheet.cell(row=row, column=col), cell_value)
        sheet.append([])
        for label, text in (("文字稿", data["paragraph"]), ("文字稿（其他工作）", data["figures_paragraph"]),
                            ("与上年比较", data["comparison"]),
                            *((f"{data['previous_year']}年数据不完整", g["text"]) for g in data["incomplete"])):
            if text:
                sheet.append([label])
                set_text(sheet.cell(row=sheet.max_row, column=2), text)
                sheet.merge_cells(start_row=sheet.max_row, start_column=2, end_row=sheet.max_row, end_column=6)
        for col, width in zip("ABCDEF", (30, 10, 8, 14, 24, 60)):
            sheet.column_dimensions[col].width = width
        for row in sheet.iter_rows():
            for cell in row:
                cell.font = Font(name=SHEET_FONT, bold=cell.font.bold, size=cell.font.size)
                if cell.row >= 2:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet["A1"].font = Font(name=SHEET_FONT, bold=True, size=16)
        for cell in sheet[2]:
            cell.font = Font(name=SHEET_FONT, bold=True)
            cell.border = _BORDER
        sheet.freeze_panes = "A3"
        _sheet_layout(sheet, landscape=True, title_rows="2:2")

        items = book.create_sheet("明细")
        items.append(["统计项目", "事项", "日期", "说明"])
        for count in year_counts.COUNTS:
            for obj in count.rows(self.body, self.year):
                row = year_counts.row_of(obj)
                values = [count.label, row["title"], row["when"], row["extra"]]
                line = items.max_row + 1
                for col, value in enumerate(values, 1):
                    set_text(items.cell(row=line, column=col), value)
        for col, width in zip("ABCD", (24, 70, 12, 40)):
            items.column_dimensions[col].width = width
        for row in items.iter_rows():
            for cell in row:
                cell.font = Font(name=SHEET_FONT, bold=cell.row == 1)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for cell in items["C"][1:]:
            cell.number_format = "yyyy-mm-dd"
        items.freeze_panes = "A2"
        items.auto_filter.ref = items.dimensions
        _sheet_layout(items, landscape=True, title_rows="1:1")
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


class SummaryDocument(_SummaryExporter):
    identifier = "summary-docx"
    verbose_name = "年度工作统计（Word，公文格式）"
    extension = "docx"
    content_type = DOCX_CONTENT_TYPE

    def render(self) -> bytes:
        from docx import Document

        data = summary(self.body, self.year, self.user)
        doc = Document()
        _official_layout(doc)
        doc.core_properties.title = f"{self.body.name}{self.year}年度工作统计"
        doc.core_properties.author = self.body.name
        _paragraph(doc, f"{self.body.name}{self.year}年度工作统计", style=STYLE_TITLE)
        _paragraph(doc, "", style=STYLE_BODY)  # a blank line between the title and the text, as documents do

        _paragraph(doc, "一、总体情况", style=STYLE_HEADING)
        for text in (data["paragraph"], data["figures_paragraph"]):
            if text:
                _paragraph(doc, text, style=STYLE_BODY)
        if data["previous_year"]:
            _paragraph(doc, "二、与上年比较", style=STYLE_HEADING)
            if data["comparison"]:
                _paragraph(doc, data["comparison"], style=STYLE_BODY)
            for group in data["incomplete"]:
                _paragraph(doc, group["text"], style=STYLE_BODY)
        numbers = "三" if data["previous_year"] else "二"
        _paragraph(doc, f"{numbers}、各项数字", style=STYLE_HEADING)
        previous = f"{data['previous_year']}年" if data["previous_year"] else None
        headers = ["项目", f"{self.year}年", *([previous] if previous else []), "口径"]
        rows = []
        for c in data["counts"]:
            prior = []
            if previous:
                prior = [f"{c['previous']} {c['unit']}" if c["previous_complete"]
                         else f"不完整，不作比较（登记 {c['previous']} {c['unit']}）"]
            rows.append([c["label"], f"{c['value']} {c['unit']}", *prior, c["definition"]])
        shares = data["suggestions"]
        for label, value, definition in (
            ("代表满意和基本满意占比", shares["satisfied_share"], "（满意 + 基本满意）÷ 有反馈的件数，按最近一次反馈计。"),
            ("已解决或列入计划解决（A+B）占比", shares["ab_share"], "（A类 + B类）÷ 已答复的件数，按最近一次答复计。"),
        ):
            rows.append([label, "—" if value is None else f"{value:g}%", *([""] if previous else []), definition])
        _table(doc, headers, rows, (36, 20, 34) if previous else (40, 22))

        numbers = "四" if data["previous_year"] else "三"
        _paragraph(doc, f"{numbers}、其他工作数字", style=STYLE_HEADING)
        for number, section in enumerate(summary_figures.sections(data["figures"]), 1):
            _paragraph(doc, f"（{chinese_number(number)}）{section['title']}", style=STYLE_SUBHEADING)
            _table(doc, ["项目", f"{self.year}年", "口径"],
                   [[_figure_label(f), f["display"], _figure_note(f)] for f in section["figures"]], (44, 24))
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()
