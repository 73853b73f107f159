"""The ranking of the handling units as a workbook and as a Word document in official layout.

Workbook: one sheet, title row in 黑体, header row repeated on each page, every component as
"count/base" with its rate and points, the score and the rank, in 宋体; a second sheet lists the weights
and targets the result was computed with (rule_params), and their sources.
Word (GB/T 9704-2012, as reports/exports.py's summary): A4, margins 37/35/28/26 mm, the title in 方正小标宋简体
二号 centred, the text in 仿宋_GB2312 三号, the table in 仿宋_GB2312 小四, page numbers "— N —" in 宋体 四号.
"""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from core.exporters import BaseExporter, XlsxExporter, safe_filename
from core.models import BodyRules
from core.spreadsheet import BODY_FONT, BORDER, HEADER_FILL, HEADING_FONT, print_layout, set_text, to_bytes
from deputies.unit_evaluation.scoring import COMPONENTS

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TITLE_FONT, DOC_BODY_FONT, PAGE_NUMBER_FONT, LATIN_FONT = "方正小标宋简体", "仿宋_GB2312", "宋体", "Times New Roman"
TITLE_SIZE, BODY_SIZE, TABLE_SIZE, PAGE_NUMBER_SIZE = 22, 16, 12, 14
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}

HEADERS = ["名次", "承办单位", *[c.label for c in COMPONENTS], "得分"]


def _title(body_name, year) -> str:
    return f"{body_name}{year}年度代表建议办理工作评价结果"


def _cell_text(item) -> str:
    if not item or not item.get("base"):
        return "—"
    return f"{item['count']}/{item['base']}（{item['rate']}%）"


def _status(is_frozen, ranking) -> str:
    if is_frozen and ranking:
        return f"已定稿（{timezone.localtime(ranking[0]['computed_at']):%Y-%m-%d}）"
    return f"未定稿，按 {timezone.localdate():%Y-%m-%d} 的办理情况计算"


class _Ranking:
    def __init__(self, body_name, year, ranking, is_frozen, params):
        self.body_name, self.year, self.ranking, self.is_frozen, self.params = (
            body_name, year, ranking, is_frozen, params)

    def filename(self) -> str:
        return safe_filename(f"{self.year}年代表建议办理工作评价.{self.extension}")

    def ascii_filename(self) -> str:
        return f"unit-evaluation-{self.year}.{self.extension}"


class RankingWorkbook(_Ranking, XlsxExporter):
    identifier = "unit-evaluation-xlsx"
    verbose_name = "建议办理工作评价（Excel）"

    def render(self) -> bytes:
        wb = Workbook()
        ws = wb.active
        ws.title = "评价结果"
        ws.cell(1, 1, _title(self.body_name, self.year)).font = Font(name=HEADING_FONT, size=16, bold=True)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
        ws.cell(2, 1, f"{_status(self.is_frozen, self.ranking)}；各项为“计入件数/基数（比率）”，"
                      f"得分 = Σ 权重 × 达成度 ÷ 适用权重之和 × 100").font = Font(name=BODY_FONT, size=10)
        for col, header in enumerate(HEADERS, start=1):
            cell = ws.cell(3, col, header)
            cell.font, cell.fill, cell.border = Font(name=BODY_FONT, size=11, bold=True), HEADER_FILL, BORDER
            cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        for r, row in enumerate(self.ranking, start=4):
            values = [row["rank"], row["name"], *[_cell_text(row["components"].get(c.key)) for c in COMPONENTS],
                      row["score"]]
            for col, value in enumerate(values, start=1):
                cell = set_text(ws.cell(r, col), value)
                cell.font, cell.border = Font(name=BODY_FONT, size=11), BORDER
                cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions["B"].width = 24
        for col in range(3, len(HEADERS) + 1):
            ws.column_dimensions[ws.cell(3, col).column_letter].width = 14
        ws.freeze_panes = "C4"
        print_layout(ws, landscape=True, title_rows="3:3", footer="第 &P 页，共 &N 页")

        rules = wb.create_sheet("评价规则")
        for col, header in enumerate(["指标", "权重", "目标（%）", "依据"], start=1):
            cell = rules.cell(1, col, header)
            cell.font, cell.fill, cell.border = Font(name=BODY_FONT, size=11, bold=True), HEADER_FILL, BORDER
        for r, c in enumerate(COMPONENTS, start=2):
            source = str(BodyRules._meta.get_field(c.weight_field).help_text)
            for col, value in enumerate([c.label, self.params["weights"][c.key], self.params["targets"][c.key],
                                         source], start=1):
                cell = set_text(rules.cell(r, col), value)
                cell.font, cell.border = Font(name=BODY_FONT, size=11), BORDER
        rules.column_dimensions["A"].width, rules.column_dimensions["D"].width = 22, 90
        return to_bytes(wb)


class RankingDocument(_Ranking, BaseExporter):
    identifier = "unit-evaluation-docx"
    verbose_name = "建议办理工作评价（Word）"
    extension = "docx"
    content_type = DOCX_CONTENT_TYPE

    def render(self) -> bytes:
        from docx import Document
        from docx.enum.section import WD_ORIENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm, Pt

        doc = Document()
        section = doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.orientation = WD_ORIENT.PORTRAIT
        section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
        section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
        _page_number(section)

        title = doc.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(title, _title(self.body_name, self.year), TITLE_FONT, TITLE_SIZE)
        intro = doc.add_paragraph()
        intro.paragraph_format.first_line_indent = Pt(BODY_SIZE * 2)
        weights = "、".join(f"{c.label}{self.params['weights'][c.key]}" for c in COMPONENTS)
        state = _status(self.is_frozen, self.ranking)
        _run(intro, f"根据代表建议办理工作评价制度，对{self.year}年主办代表建议的承办单位进行评价（{state}）。"
                    f"各项权重为：{weights}。得分为各项达成度按权重加权（满分 100 分），"
                    f"不适用的指标不计权重。", DOC_BODY_FONT, BODY_SIZE)
        headers = ["名次", "承办单位", "得分", *[c.label for c in COMPONENTS]]
        table = doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, header in zip(table.rows[0].cells, headers, strict=True):
            _run(cell.paragraphs[0], header, DOC_BODY_FONT, TABLE_SIZE, bold=True)
        for row in self.ranking:
            cells = table.add_row().cells
            values = [str(row["rank"]), row["name"], str(row["score"]),
                      *[_cell_text(row["components"].get(c.key)) for c in COMPONENTS]]
            for cell, value in zip(cells, values, strict=True):
                _run(cell.paragraphs[0], value, DOC_BODY_FONT, TABLE_SIZE)
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


def _run(paragraph, text, font, size, bold=False):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run = paragraph.add_run(text)
    run.font.size, run.font.bold, run.font.name = Pt(size), bold, LATIN_FONT
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), font)
    return run


def _page_number(section):
    """"— N —" centred at the foot, in 宋体 四号."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, "— ", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    run = _run(paragraph, "", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._element.append(instr)
    _run(paragraph, " —", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
