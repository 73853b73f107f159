"""The suggestion figures as a workbook (`/suggestions/figures/?export=xlsx`): a sheet of the totals with
the targets and the 口径, and a sheet of the same numbers per lead handling unit, one row a unit.
"""

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.exporters import XlsxExporter, safe_filename
from core.spreadsheet import BODY_FONT, BORDER, HEADER_FILL, HEADING_FONT, set_text, to_bytes
from deputies.figures.counts import LABELS

# (metric, share metric or None): the rows of the totals sheet, in the page's order.
TOTAL_ROWS = [
    ("count", None), ("assigned", None), ("replied", None), ("on_time", "on_time_share"), ("overdue", None),
    ("class_a", None), ("class_b", None), ("class_c", None), ("class_d", None), (None, "ab_share"),
    ("with_feedback", None), ("satisfied", None), ("basic", None), ("unsatisfied", None), (None, "satisfied_share"),
    ("closed", None), ("contacted", "contact_share"), ("in_person", "in_person_share"), ("key", None),
    ("led_head", None), ("led_member", None),
]
UNIT_COLUMNS = ["count", "replied", "on_time", "on_time_share", "overdue", "class_a", "class_b", "class_c",
                "class_d", "ab_share", "with_feedback", "satisfied_share", "closed", "contacted", "contact_share",
                "in_person", "in_person_share", "key", "led_head", "led_member", "co_count"]
SHARES = {"on_time_share", "ab_share", "satisfied_share", "contact_share", "in_person_share"}


def _put(cell, value, percent=False):
    """Counts as numbers, shares as fractions shown as 0.0% (so a spreadsheet can sum and sort them)."""
    if percent and value is not None:
        cell.value, cell.number_format = value / 100, "0.0%"
        return cell
    return set_text(cell, "—" if percent else value)


class FiguresExporter(XlsxExporter):
    identifier = "suggestion-figures-xlsx"
    verbose_name = "建议办理统计（Excel）"

    def __init__(self, figures: dict, body_name: str = ""):
        self.figures = figures
        self.body_name = body_name

    def filename(self) -> str:
        return safe_filename(f"{self.figures['scope']['label']}建议办理统计.xlsx")

    def ascii_filename(self) -> str:
        scope = self.figures["scope"]
        return f"suggestion-figures-{scope['session'] or scope['year']}.xlsx"

    def render(self) -> bytes:
        f = self.figures
        totals, targets = f["totals"], f["targets"]
        wb = Workbook()
        ws = wb.active
        ws.title = "总体情况"
        title = f"{self.body_name}{f['scope']['label']}代表建议办理情况统计"
        ws.cell(1, 1, title).font = Font(name=HEADING_FONT, size=14, bold=True)
        ws.merge_cells("A1:D1")
        ws.cell(2, 1, f"统计日期：{f['today']}（导出于 {timezone.localtime():%Y-%m-%d %H:%M}）").font = Font(
            name=BODY_FONT, size=10)
        ws.merge_cells("A2:D2")
        header = ["项目", "件数", "占比", "目标"]
        for col, text in enumerate(header, 1):
            cell = ws.cell(4, col, text)
            cell.font, cell.fill, cell.border = Font(name=HEADING_FONT, bold=True), HEADER_FILL, BORDER
        r = 5
        for metric, share in TOTAL_ROWS:
            label = LABELS[metric] if metric else LABELS[share]
            target = {"contact_share": targets["contact_percent"],
                      "in_person_share": targets["in_person_percent"]}.get(share)
            # The A+B row counts A and B together.
            count = totals[metric] if metric else (totals["class_a"] + totals["class_b"] if share == "ab_share" else None)
            cells = [_put(ws.cell(r, 1), label), _put(ws.cell(r, 2), count)]
            if share:
                cells.append(_put(ws.cell(r, 3), totals[share], percent=True))
            if target is not None:
                cells.append(_put(ws.cell(r, 4), target, percent=True))
            for col in range(1, 5):
                cell = ws.cell(r, col)
                cell.font, cell.border = Font(name=BODY_FONT), BORDER
            r += 1
        r += 1
        ws.cell(r, 1, "统计口径").font = Font(name=HEADING_FONT, bold=True)
        for note in f["notes"]:
            r += 1
            ws.cell(r, 1, note).alignment = Alignment(wrap_text=True, vertical="top")
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
            ws.row_dimensions[r].height = 32
        for col, width in enumerate([26, 10, 10, 10], 1):
            ws.column_dimensions[get_column_letter(col)].width = width

        units = wb.create_sheet("按承办单位")
        head = ["主办单位", *[LABELS[m] for m in UNIT_COLUMNS]]
        for col, text in enumerate(head, 1):
            cell = units.cell(1, col, text)
            cell.font, cell.fill, cell.border = Font(name=HEADING_FONT, bold=True), HEADER_FILL, BORDER
            cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
            units.column_dimensions[get_column_letter(col)].width = 22 if col == 1 else 10
        for r, unit in enumerate(f["units"], 2):
            for col, metric in enumerate(["name", *UNIT_COLUMNS], 1):
                cell = _put(units.cell(r, col), unit[metric], percent=metric in SHARES)
                cell.font, cell.border = Font(name=BODY_FONT), BORDER
        units.freeze_panes = "B2"
        return to_bytes(wb)
