"""The year-end summary as files: a workbook (the counts, and the items behind each) and a Word document."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from core.exporters import XLSX_CONTENT_TYPE, BaseExporter
from core.spreadsheet import set_text
from reports import year_counts
from reports.summary import summary

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class _SummaryExporter(BaseExporter):
    def __init__(self, body, year: int, user):
        self.body, self.year, self.user = body, year, user

    def filename(self) -> str:
        return f"{self.body.short_name or self.body.name}{self.year}年度工作统计.{self.extension}"

    def ascii_filename(self) -> str:
        return f"summary-{self.year}.{self.extension}"


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
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.append(["项目", "数量", "单位", "上年", "口径"])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for c in data["counts"]:
            row = sheet.max_row + 1
            for col, value in enumerate([c["label"], c["value"], c["unit"], c["previous"], c["definition"]], 1):
                set_text(sheet.cell(row=row, column=col), value)
        shares = data["suggestions"]
        for label, value in (("代表满意和基本满意占比（%）", shares["satisfied_share"]),
                             ("已解决或列入计划解决（A+B）占比（%）", shares["ab_share"])):
            sheet.append([label, value, "%", None, "见代表建议办理统计的口径"])
        sheet.append([])
        sheet.append(["文字稿"])
        set_text(sheet.cell(row=sheet.max_row, column=2), data["paragraph"])
        if data["comparison"]:
            sheet.append(["与上年比较"])
            set_text(sheet.cell(row=sheet.max_row, column=2), data["comparison"])
        for col, width in zip("ABCDE", (30, 10, 8, 8, 70)):
            sheet.column_dimensions[col].width = width
        for row in sheet.iter_rows(min_row=3):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")

        items = book.create_sheet("明细")
        items.append(["统计项目", "事项", "日期", "说明"])
        for cell in items[1]:
            cell.font = Font(bold=True)
        for count in year_counts.COUNTS:
            for obj in count.rows(self.body, self.year):
                row = year_counts.row_of(obj)
                values = [count.label, row["title"], row["when"], row["extra"]]
                line = items.max_row + 1
                for col, value in enumerate(values, 1):
                    set_text(items.cell(row=line, column=col), value)
        for col, width in zip("ABCD", (24, 70, 12, 40)):
            items.column_dimensions[col].width = width
        for cell in items["C"][1:]:
            cell.number_format = "yyyy-mm-dd"
        items.freeze_panes = "A2"
        items.auto_filter.ref = items.dimensions
        sheet.freeze_panes = "A3"
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


class SummaryDocument(_SummaryExporter):
    identifier = "summary-docx"
    verbose_name = "年度工作统计（Word）"
    extension = "docx"
    content_type = DOCX_CONTENT_TYPE

    def render(self) -> bytes:
        from docx import Document

        data = summary(self.body, self.year, self.user)
        doc = Document()
        _a4_and_chinese_font(doc)
        doc.add_heading(f"{self.body.name}{self.year}年度工作统计", level=1)
        doc.add_paragraph(data["paragraph"])
        if data["comparison"]:
            doc.add_paragraph(data["comparison"])
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("项目", "数量", "上年", "口径")):
            cell.text = text
        for c in data["counts"]:
            cells = table.add_row().cells
            cells[0].text = c["label"]
            cells[1].text = f"{c['value']} {c['unit']}"
            cells[2].text = "" if c["previous"] is None else f"{c['previous']} {c['unit']}"
            cells[3].text = c["definition"]
        shares = data["suggestions"]
        for label, value, definition in (
            ("代表满意和基本满意占比", shares["satisfied_share"], "（满意 + 基本满意）÷ 有反馈的件数，按最近一次反馈计。"),
            ("已解决或列入计划解决（A+B）占比", shares["ab_share"], "（A类 + B类）÷ 已答复的件数，按最近一次答复计。"),
        ):
            cells = table.add_row().cells
            cells[0].text, cells[1].text, cells[3].text = label, "—" if value is None else f"{value:g}%", definition
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


def _a4_and_chinese_font(doc) -> None:
    """A4 pages and a Chinese font (宋体 for the East Asian text), as offices print."""
    from docx.oxml.ns import qn
    from docx.shared import Mm

    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(25)
    for name in ("Normal", "Heading 1"):
        style = doc.styles[name]
        style.font.name = "SimSun"
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), "宋体")
