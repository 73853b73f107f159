"""测评结果表: one evaluation's counts, rates and results as a print-ready workbook."""

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from core.exporters import XlsxExporter, safe_filename
from core.spreadsheet import (
    BODY_FONT,
    BORDER,
    HEADER_FILL,
    HEADING_FONT,
    WRAP,
    WRAP_CENTER,
    fit_columns,
    print_layout,
    set_text,
    to_bytes,
)
from supervision import rules as result_rules

HEADERS = ["序号", "测评对象", "组成人员", "出席", "满意", "基本满意", "不满意", "无效票", "有效票", "满意率", "满意及基本满意率", "测评结果"]


def _pct(value):
    return "" if value is None else f"{value:.1f}%"


class EvaluationResultsExporter(XlsxExporter):
    identifier = "evaluation-results-xlsx"
    verbose_name = "测评结果表（Excel）"

    def __init__(self, evaluation, rows: list[dict]):
        self.evaluation = evaluation
        self.rows = rows  # supervision.evaluations.subject_rows

    def filename(self) -> str:
        meeting = self.evaluation.agenda_item.meeting
        return safe_filename(f"{meeting.year}年{meeting.short_title}测评结果表.xlsx")

    def ascii_filename(self) -> str:
        return f"evaluation-{self.evaluation.pk}-results.xlsx"

    def table_rows(self) -> list[list]:
        table = []
        for index, row in enumerate(self.rows, start=1):
            s = row["subject"]
            table.append([
                index, s.label, s.in_office, s.present, s.satisfied, s.basic, s.unsatisfied, s.invalid, row["valid"],
                _pct(row["satisfied_rate"]), _pct(row["approval_rate"]), s.get_result_display() if s.result else "未录入",
            ])
        return table

    def rule_notes(self) -> list[str]:
        seen = []
        for row in self.rows:
            s = row["subject"]
            if s.rule:
                note = f"计算规则：{result_rules.rule_label(s.rule)}。{result_rules.rule_note(s.rule, s.rule_params)}"
                if note not in seen:
                    seen.append(note)
        return seen or ["尚未录入票数。"]

    def render(self) -> bytes:
        evaluation = self.evaluation
        meeting = evaluation.agenda_item.meeting
        wb = Workbook()
        ws = wb.active
        ws.title = "测评结果表"
        columns = len(HEADERS)
        body_font = Font(name=BODY_FONT, size=11)

        set_text(ws.cell(row=1, column=1), f"{meeting.title}{evaluation.title}结果表")
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
        ws.cell(row=1, column=1).font = Font(name=HEADING_FONT, size=16, bold=True)
        ws.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.row_dimensions[1].height = 36

        held = evaluation.held_on or meeting.date
        subtitle = f"议题：{evaluation.agenda_item.title}" + (f"　测评日期：{held:%Y年%m月%d日}" if held else "")
        set_text(ws.cell(row=2, column=1), subtitle)
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=columns)
        ws.cell(row=2, column=1).font = body_font
        ws.cell(row=2, column=1).alignment = WRAP
        ws.row_dimensions[2].height = 45

        for index, header in enumerate(HEADERS, start=1):
            cell = ws.cell(row=3, column=index, value=header)
            cell.font = Font(name=HEADING_FONT, size=11, bold=True)
            cell.alignment = WRAP_CENTER
            cell.border = BORDER
            cell.fill = HEADER_FILL

        table = self.table_rows()
        for r, values in enumerate(table, start=4):
            for c, value in enumerate(values, start=1):
                cell = ws.cell(row=r, column=c)
                set_text(cell, value)
                cell.font = body_font
                cell.border = BORDER
                cell.alignment = WRAP if c == 2 else WRAP_CENTER

        row = 4 + len(table) + 1
        for note in self.rule_notes() + ([f"说明：{evaluation.note}"] if evaluation.note else []):
            set_text(ws.cell(row=row, column=1), note)
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
            ws.cell(row=row, column=1).font = body_font
            ws.cell(row=row, column=1).alignment = WRAP
            ws.row_dimensions[row].height = 32
            row += 1

        fit_columns(ws, [HEADERS, *table], [5, 16, 6, 6, 6, 6, 6, 6, 6, 8, 10, 8], [6, 34, 8, 8, 8, 9, 8, 8, 8, 9, 11, 10])
        print_layout(ws, landscape=True, title_rows="3:3", footer="第 &P 页，共 &N 页")
        return to_bytes(wb)
